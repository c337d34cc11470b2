import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  detectLayout,
  findDomainFolders,
  loadDomainFolder,
  loadDomains,
} from '../src/core/domain/loaders/index.ts';
import { DataError, InputError } from '../src/core/errors.ts';
import { replayTau2Messages, tau2MessagesFromActions, tau2Reward } from '../src/core/flavours/tau2/index.ts';
import { State } from '../src/core/state/index.ts';
import { callTool } from '../src/core/tools/dispatch.ts';
import { builtInToolKits } from '../src/domains/toolkits.ts';
import { noSharedData, repoRoot, shared, skipReason } from './support/shared-data.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sigma-loaders-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** Writes a folder of files (name -> content) and returns its path. */
function folder(files: Record<string, string>): string {
  const dir = join(tmp, `d${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A tiny retail database in the tau-bench layout, written for these tests. */
const retailFiles = {
  'users.json': JSON.stringify({
    ann_lee_1: {
      name: { first_name: 'Ann', last_name: 'Lee' },
      address: {
        address1: '1 Elm St',
        address2: '',
        city: 'Austin',
        country: 'USA',
        state: 'TX',
        zip: '73301',
      },
      email: 'ann@example.org',
      payment_methods: { gift_card_1: { source: 'gift_card', balance: 50, id: 'gift_card_1' } },
      orders: [],
    },
  }),
  'orders.json': '{}',
  'products.json': '{}',
  'policy.md': '# Shop policy\nBe kind.',
  'tasks_test.json': JSON.stringify([
    {
      user_id: 'ann_lee_1',
      instruction: 'You are Ann Lee; ask for your user id.',
      actions: [{ name: 'find_user_id_by_email', kwargs: { email: 'ann@example.org' } }],
      outputs: [],
    },
  ]),
};

async function loadError(dir: string): Promise<Error> {
  try {
    await loadDomainFolder(dir, builtInToolKits);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected ${dir} to fail to load`);
}

describe('tau-bench layout', () => {
  it('loads tables, tasks per split, policy and the matching tools', async () => {
    const domain = await loadDomainFolder(folder(retailFiles), builtInToolKits);
    expect(domain.source.layout).toBe('tau-bench');
    expect(domain.flavour.name).toBe('tau-bench');
    expect([...domain.base.tables.keys()]).toEqual(['orders', 'products', 'users']);
    expect(domain.tasks.get('test')).toHaveLength(1);
    expect(domain.tasks.get('test')![0]!.id).toBe('test-0');
    expect(domain.tools.has('cancel_pending_order')).toBe(true);
    const state = new State(domain.base);
    expect(callTool(domain, state, 'find_user_id_by_email', { email: 'ann@example.org' }).observation).toBe(
      'ann_lee_1',
    );
  });

  it.each([
    ['a missing policy', { 'policy.md': undefined }, /policy\.md: file is missing/],
    [
      'a table that is not JSON',
      { 'orders.json': '{"a": ' },
      /orders\.json: invalid JSON: Expecting value at line 1 column 7/,
    ],
    [
      'a record that is not an object',
      { 'orders.json': '{"#W1": 3}' },
      /table "orders": record "#W1" must be an object/,
    ],
    [
      'a task without instruction',
      { 'tasks_test.json': '[{"user_id": "x", "actions": [], "outputs": []}]' },
      /tasks_test\.json: task 0: field "instruction" is missing/,
    ],
    [
      'an action with bad arguments',
      { 'tasks_test.json': '[{"instruction": "x", "actions": [{"name": "think", "kwargs": [1]}]}]' },
      /task 0: field "actions\[0\]\.kwargs" must be an object/,
    ],
    [
      'a task using an unknown tool',
      { 'tasks_test.json': '[{"instruction": "x", "actions": [{"name": "teleport", "kwargs": {}}]}]' },
      /task "test-0" \(split test\) uses the unknown tool "teleport"/,
    ],
    [
      'tables no tools fit',
      { 'orders.json': undefined },
      /no built-in tools fit the tables products, users; known: retail/,
    ],
  ])('refuses %s with a clear error', async (_name, change, message) => {
    const files: Record<string, string> = { ...retailFiles };
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) delete files[k];
      else files[k] = v;
    }
    const error = await loadError(folder(files));
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(message);
  });

  it('reads a record when first used, and names the file, table and record whose text is not JSON', async () => {
    const domain = await loadDomainFolder(
      folder({ ...retailFiles, 'orders.json': '{"#W1": {"a": 01}, "#W2": {"b": 2.0}}' }),
      builtInToolKits,
    );
    expect(domain.base.table('orders').ids).toEqual(['#W1', '#W2']);
    expect(domain.base.table('orders').records.get('#W2')).toEqual({ b: 2.0 });
    expect(() => domain.base.table('orders').records.get('#W1')).toThrow(
      /orders\.json: table "orders", record "#W1": invalid JSON: Expecting ',' delimiter at line 1 column 16/,
    );
  });
});

describe('Sigma layout', () => {
  const dir = join(repoRoot, 'test/fixtures/domains/mini-shop');

  it('loads a user domain with its own TypeScript tools, and enforces enums', async () => {
    expect(detectLayout(dir)).toBe('sigma');
    const domain = await loadDomainFolder(dir, builtInToolKits);
    expect(domain.name).toBe('mini-shop');
    expect(domain.flavour.name).toBe('sigma');
    expect(domain.userGuidelines).toContain('Reveal your email');
    expect(domain.tasks.get('test')!.map((t) => t.id)).toEqual(['cancel-open-order']);
    expect(domain.tasks.get('train')!.map((t) => t.id)).toEqual(['ask-order-total']);
    const state = new State(domain.base);
    expect(
      callTool(domain, state, 'cancel_order', { order_id: 'o100', reason: 'too pricey' }).observation,
    ).toBe(
      'Error: argument \'reason\' must be one of "no longer needed", "ordered by mistake", got "too pricey"',
    );
    expect(
      callTool(domain, state, 'cancel_order', { order_id: 'o101', reason: 'ordered by mistake' }).observation,
    ).toBe('Error: only open orders can be cancelled');
    expect(state.writeCount).toBe(0);
    expect(callTool(domain, state, 'get_order', { order_id: 'o100' }).observation).toBe(
      'o100: open, total 40',
    );
  });

  it.each([
    ['no tools module', { 'tools.ts': undefined }, /no tools: add tools\.ts/],
    [
      'a tools module without a list',
      { 'tools.ts': 'export const tools = 3;' },
      /tools\.ts: must export "tools"/,
    ],
    [
      'a tool without invoke',
      { 'tools.ts': "export const tools = [{ name: 'x', access: 'read', parameters: { type: 'object' } }];" },
      /tool "x": "invoke" must be a function/,
    ],
    [
      'a tools module that does not load',
      { 'tools.ts': 'export const = ;' },
      /tools\.ts: cannot load the tools module/,
    ],
    [
      'a missing user guidelines file',
      { 'user_guidelines.md': undefined },
      /user_guidelines\.md: file is missing/,
    ],
    [
      'an unknown toolkit',
      { 'tools.ts': undefined, 'domain.json': '{"toolkit": "bank"}' },
      /unknown toolkit "bank"; known: retail, airline/,
    ],
    [
      'duplicate task ids',
      { 'tasks.json': '[{"id": "a", "instruction": "x"}, {"id": "a", "instruction": "y"}]' },
      /task id "a" appears more than once/,
    ],
  ])('refuses %s with a clear error', async (_name, change, message) => {
    const base = join(repoRoot, 'test/fixtures/domains/mini-shop');
    const target = join(tmp, `s${counter++}`);
    cpSync(base, target, { recursive: true });
    for (const [k, v] of Object.entries(change)) {
      if (v === undefined) rmSync(join(target, k));
      else writeFileSync(join(target, k), v);
    }
    const error = await loadError(target);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(message);
  });
});

describe('folders', () => {
  it('says what a domain folder must hold', async () => {
    const error = await loadError(folder({ 'notes.txt': 'hello' }));
    expect(error.message).toMatch(/not a domain folder: expected tasks_<split>\.json \(tau-bench\)/);
    await expect(loadDomainFolder(join(tmp, 'missing'), builtInToolKits)).rejects.toBeInstanceOf(InputError);
  });
});

describe.skipIf(noSharedData)(`official data (${skipReason})`, () => {
  it('loads both tau-bench domains from the folder of folders', async () => {
    const domains = await loadDomains(shared('tau-bench'), builtInToolKits);
    const byName = new Map(domains.map((d) => [d.name, d]));
    expect([...byName.keys()].sort()).toEqual(['airline', 'retail']);
    const retail = byName.get('retail')!;
    expect(retail.base.table('users').ids).toHaveLength(500);
    expect(retail.base.table('orders').ids).toHaveLength(1000);
    expect(retail.base.table('products').ids).toHaveLength(50);
    expect(retail.tasks.get('test')).toHaveLength(115);
    expect(retail.tasks.get('train')).toHaveLength(500);
    expect(retail.tasks.get('dev')).toHaveLength(20);
    expect(retail.tools.size).toBe(16);
    const airline = byName.get('airline')!;
    expect(airline.tools.size).toBe(14);
    expect(airline.tasks.get('test')).toHaveLength(50);
    expect(airline.base.table('reservations').ids).toHaveLength(2000);
  });

  it('loads the tau2 retail folder with its splits and structured scenarios', async () => {
    const folders = findDomainFolders(shared('tau2'));
    expect(folders.map((f) => [f.name, f.layout])).toEqual([
      ['airline', 'tau2'],
      ['retail', 'tau2'],
    ]);
    const retail = await loadDomainFolder(shared('tau2/retail'), builtInToolKits);
    expect(retail.source.layout).toBe('tau2');
    expect(retail.tasks.get('base')).toHaveLength(114);
    expect(retail.tasks.get('test')).toHaveLength(40);
    expect(retail.tasks.get('train')).toHaveLength(74);
    const first = retail.tasks.get('base')![0]!;
    expect(first.instruction).toMatch(/^Reason for the call: You received your order #W2378156/);
    expect(first.actions.at(-1)!.name).toBe('exchange_delivered_order_items');
  });

  it("plays tau2 retail tasks on tau2's own tools: each ground truth reaches its expected data", async () => {
    const retail = await loadDomainFolder(shared('tau2/retail'), builtInToolKits);
    expect(retail.flavour.name).toBe('tau2');
    expect(retail.tools.has('get_item_details')).toBe(true);
    const failedWrites: string[] = [];
    for (const task of retail.tasks.get('base')!) {
      const messages = tau2MessagesFromActions(task.actions, []);
      const { state, calls } = replayTau2Messages(retail, messages);
      // Some ground truths look up ids the data lacks, and one asks for a write tau2 refuses: as in
      // tau2, a failing action changes nothing and the replay goes on.
      for (const c of calls) {
        if (c.error && retail.tools.get(c.call.name)?.access === 'write') {
          failedWrites.push(`${task.id}: ${c.call.name}: ${c.observation}`);
        }
      }
      const result = tau2Reward(retail, task, state, messages, {
        termination: 'user-stop',
        nl: { kind: 'assumed-met' },
      });
      expect(result.breakdown.db.match, `task ${task.id}`).toBe(true);
      expect(result.breakdown.db.groundTruthFailures).toHaveLength(calls.filter((c) => c.error).length);
      expect(retail.hashState(state)).toBe(result.breakdown.db.expectedHash);
    }
    expect(failedWrites.sort()).toEqual([
      '105: exchange_delivered_order_items: Error: Insufficient gift card balance to pay for the price difference',
      '64: exchange_delivered_order_items: Error: Non-delivered order cannot be exchanged',
    ]);
    const state = new State(retail.base);
    expect(callTool(retail, state, 'get_item_details', { item_id: '1' }).observation).toBe(
      'Error: Item not found',
    );
  });

  it("plays tau2 airline tasks on tau2's own airline tools: every ground truth runs and reaches its expected data", async () => {
    const airline = await loadDomainFolder(shared('tau2/airline'), builtInToolKits);
    expect(airline.flavour.name).toBe('tau2');
    expect([...airline.tools.keys()]).toContain('get_flight_status');
    expect(airline.tools.has('think')).toBe(false);
    expect(airline.tasks.get('base')).toHaveLength(50);
    for (const task of airline.tasks.get('base')!) {
      const messages = tau2MessagesFromActions(task.actions, []);
      const { state, calls } = replayTau2Messages(airline, messages);
      expect(
        calls.filter((c) => c.error).map((c) => c.observation),
        `task ${task.id}`,
      ).toEqual([]);
      const result = tau2Reward(airline, task, state, messages, {
        termination: 'user-stop',
        nl: { kind: 'assumed-met' },
      });
      expect(result.breakdown.db.match, `task ${task.id}`).toBe(true);
      expect(airline.hashState(state)).toBe(result.breakdown.db.expectedHash);
    }
    // Records are stored as the data model dumps them: a reservation always has its status.
    const state = new State(airline.base);
    const details = callTool(airline, state, 'get_reservation_details', { reservation_id: '4WQ150' });
    expect(details.observation).toMatch(/"insurance": "no", "status": null\}$/);
    expect(callTool(airline, state, 'get_user_details', { user_id: 'nobody' }).observation).toBe(
      'Error: User nobody not found',
    );
  });

  it('says which tables no tau2 toolkit fits', async () => {
    const dir = folder({
      'db.json': JSON.stringify({ tickets: {}, customers: {} }),
      'tasks.json': '[]',
      'policy.md': 'Be kind.',
    });
    const error = await loadError(dir);
    expect(error).toBeInstanceOf(DataError);
    expect(error.message).toMatch(
      /db\.json: no built-in tools fit the tables customers, tickets; known: tau2-retail \(orders, products, users\); tau2-airline \(flights, reservations, users\)$/,
    );
  });
});
