import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pickToolKit } from '../src/core/domain/assemble.ts';
import { loadDomainFolder } from '../src/core/domain/loaders/index.ts';
import type { Domain } from '../src/core/domain/types.ts';
import {
  fromJs,
  type PyDict,
  type PyValue,
  parsePyJson,
  pyDumps,
  setKeyOrder,
} from '../src/core/python/index.ts';
import { State, tau2StateHash } from '../src/core/state/index.ts';
import { callTool } from '../src/core/tools/dispatch.ts';
import { normaliseRetailRecord } from '../src/domains/tau2/index.ts';
import { builtInToolKits } from '../src/domains/toolkits.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { TINY_TAU2_DB, tinyTau2Domain } from './support/tau2-fixture.ts';

/** tau2's hash the slow way: the whole dump printed with sorted keys, then SHA-256. */
function naiveHash(state: State): string {
  const data: PyDict = {};
  for (const table of state.tableNames()) {
    const records: PyDict = {};
    const ids = state.ids(table);
    for (const id of ids) records[id] = state.get(table, id) as PyDict;
    setKeyOrder(records, ids);
    data[table] = records;
  }
  return createHash('sha256')
    .update(pyDumps(data, { sortKeys: true }))
    .digest('hex');
}

function call(domain: Domain, state: State, name: string, args: Record<string, unknown>) {
  return callTool(domain, state, name, fromJs(args) as PyValue);
}

describe('tau2 retail data model', () => {
  it('dumps every field in the model order: absent optional fields as null, ints in float fields as floats', () => {
    const domain = tinyTau2Domain();
    const state = new State(domain.base);
    expect(call(domain, state, 'get_order_details', { order_id: '#W1' }).observation).toBe(
      '{"order_id": "#W1", "user_id": "ann_lee_1", "address": {"address1": "1 Elm St", "address2": "", "city": "Austin", ' +
        '"country": "USA", "state": "TX", "zip": "73301"}, "items": [{"name": "Lamp", "product_id": "20", "item_id": "301", ' +
        '"price": 10.5, "options": {"color": "red"}}, {"name": "Mug", "product_id": "3", "item_id": "41", "price": 5.0, ' +
        '"options": {"size": "small"}}], "status": "pending", "fulfillments": [], "payment_history": [{"transaction_type": ' +
        '"payment", "amount": 15.5, "payment_method_id": "gift_card_1"}], "cancel_reason": null, "exchange_items": null, ' +
        '"exchange_new_items": null, "exchange_payment_method_id": null, "exchange_price_difference": null, ' +
        '"return_items": null, "return_payment_method_id": null}',
    );
    const user = JSON.parse(call(domain, state, 'get_user_details', { user_id: 'ann_lee_1' }).observation);
    expect(user.payment_methods).toEqual({
      gift_card_1: { source: 'gift_card', id: 'gift_card_1', balance: 20 },
      credit_card_2: { source: 'credit_card', id: 'credit_card_2', brand: 'visa', last_four: '1234' },
      paypal_3: { source: 'paypal', id: 'paypal_3' },
    });
    expect(call(domain, state, 'get_user_details', { user_id: 'ann_lee_1' }).observation).toContain(
      '"balance": 20.0}',
    );
    // Product ids and variant ids keep the data's order, though JavaScript would sort them.
    expect(call(domain, state, 'get_product_details', { product_id: '20' }).observation).toMatch(
      /^\{"name": "Lamp", "product_id": "20", "variants": \{"301": .*"302": .*"price": 12\.0\}, "303": /,
    );
  });

  it('refuses a record that does not fit, naming the field', () => {
    expect(() => normaliseRetailRecord('orders', { order_id: '#W9' } as PyDict)).toThrow(
      /user_id: is missing \(Order\)/,
    );
    const bad = parsePyJson('{"source": "cash", "id": "x"}') as PyDict;
    expect(() =>
      normaliseRetailRecord('users', {
        ...(parsePyJson(
          '{"user_id": "u", "name": {"first_name": "A", "last_name": "B"}, "address": {"address1": "", "address2": "", "city": "", "country": "", "state": "", "zip": ""}, "email": "", "orders": []}',
        ) as PyDict),
        payment_methods: { x: bad },
      }),
    ).toThrow(/payment_methods\.x\.source: must be one of "credit_card", "gift_card", "paypal"/);
  });

  it('hashes as SHA-256 of the sorted-key JSON of the dump, after writes, additions and deletions', () => {
    const domain = tinyTau2Domain();
    const state = new State(domain.base);
    expect(tau2StateHash(state)).toBe(naiveHash(state));
    expect(domain.hashState(state)).toBe(naiveHash(state));
    call(domain, state, 'cancel_pending_order', { order_id: '#W1', reason: 'no longer needed' });
    state.transact((db) => {
      db.put('orders', '#W0', db.get('orders', '#W2') as PyDict);
      db.delete('products', '3');
    });
    expect(tau2StateHash(state)).toBe(naiveHash(state));
  });

  it('the tau-bench and tau2 toolkits never stand in for each other', () => {
    const tables = ['orders', 'products', 'users'];
    expect(pickToolKit('x', tables, builtInToolKits).name).toBe('retail');
    expect(pickToolKit('x', tables, builtInToolKits, 'tau2').name).toBe('tau2-retail');
    const airline = ['flights', 'reservations', 'users'];
    expect(pickToolKit('x', airline, builtInToolKits).name).toBe('airline');
    expect(pickToolKit('x', airline, builtInToolKits, 'tau2').name).toBe('tau2-airline');
    expect(() => pickToolKit('db.json', ['orders', 'users'], builtInToolKits, 'tau2')).toThrow(
      /no built-in tools fit the tables orders, users; known: tau2-retail \(orders, products, users\); tau2-airline/,
    );
  });
});

describe('tau2 retail tools', () => {
  const domain = tinyTau2Domain();

  function refuses(name: string, args: Record<string, unknown>, error: string): void {
    const state = new State(domain.base);
    const result = call(domain, state, name, args);
    expect(result.observation).toBe(`Error: ${error}`);
    expect(result.ok).toBe(false);
    expect(state.writeCount).toBe(0);
  }

  it("refuses with tau2's texts", () => {
    refuses('get_order_details', { order_id: '#W0' }, 'Order not found');
    refuses('get_user_details', { user_id: 'nobody' }, 'User not found');
    refuses('get_product_details', { product_id: '301' }, 'Product not found');
    refuses('get_item_details', { item_id: '20' }, 'Item not found');
    refuses('refund_everything', {}, "Tool 'refund_everything' not found.");
    refuses('find_user_id_by_email', { email: 'x@example.com' }, 'User not found');
    refuses('find_user_id_by_name_zip', { first_name: 'Ann', last_name: 'Lee', zip: '1' }, 'User not found');
    refuses(
      'cancel_pending_order',
      { order_id: '#W2', reason: 'no longer needed' },
      'Non-pending order cannot be cancelled',
    );
    refuses('cancel_pending_order', { order_id: '#W1', reason: 'too expensive' }, 'Invalid reason');
    const exchange = {
      order_id: '#W2',
      item_ids: ['302'],
      new_item_ids: ['301'],
      payment_method_id: 'credit_card_2',
    };
    refuses(
      'exchange_delivered_order_items',
      { ...exchange, order_id: '#W1' },
      'Non-delivered order cannot be exchanged',
    );
    refuses(
      'exchange_delivered_order_items',
      { ...exchange, item_ids: ['302', '302'] },
      'Number of 302 not found.',
    );
    refuses(
      'exchange_delivered_order_items',
      { ...exchange, new_item_ids: [] },
      'The number of items to be exchanged should match.',
    );
    refuses('exchange_delivered_order_items', { ...exchange, new_item_ids: ['41'] }, 'Variant not found');
    refuses(
      'exchange_delivered_order_items',
      { ...exchange, new_item_ids: ['303'] },
      'New item 303 not found or available',
    );
    refuses(
      'exchange_delivered_order_items',
      { ...exchange, payment_method_id: 'gift_card_9' },
      'Payment method not found',
    );
    const modify = {
      order_id: '#W1',
      item_ids: ['301'],
      new_item_ids: ['302'],
      payment_method_id: 'gift_card_1',
    };
    refuses(
      'modify_pending_order_items',
      { ...modify, order_id: '#W2' },
      'Non-pending order cannot be modified',
    );
    refuses('modify_pending_order_items', { ...modify, item_ids: ['999'] }, '999 not found');
    refuses(
      'modify_pending_order_items',
      { ...modify, new_item_ids: ['301'] },
      'The new item id should be different from the old item id',
    );
    refuses(
      'modify_pending_order_items',
      { ...modify, new_item_ids: [] },
      'The number of items to be exchanged should match',
    );
    refuses(
      'modify_pending_order_payment',
      { order_id: '#W1', payment_method_id: 'gift_card_1' },
      'The new payment method should be different from the current one',
    );
    refuses(
      'return_delivered_order_items',
      { order_id: '#W2', item_ids: ['302'], payment_method_id: 'paypal_3' },
      'Payment method should be the original payment method',
    );
    refuses(
      'return_delivered_order_items',
      { order_id: '#W2', item_ids: ['301'], payment_method_id: 'credit_card_2' },
      'Some item not found',
    );
    refuses('calculate', { expression: 'x + 1' }, 'Invalid characters in expression');
  });

  it('looks items up across products, and transfers without ending the conversation', () => {
    const state = new State(domain.base);
    expect(call(domain, state, 'get_item_details', { item_id: '42' }).observation).toBe(
      '{"item_id": "42", "options": {"size": "large"}, "available": true, "price": 7.75}',
    );
    const transfer = call(domain, state, 'transfer_to_human_agents', { summary: 'wants a human' });
    expect(transfer).toEqual({ observation: 'Transfer successful', ok: true, terminates: false });
    expect(call(domain, state, 'calculate', { expression: '2 + 2' }).observation).toBe('4.0');
    expect(call(domain, state, 'list_all_product_types', {}).observation).toBe('{"Lamp": "20", "Mug": "3"}');
  });

  it("modifies items as tau2 does: every changed item takes the last new item's price and options", () => {
    const state = new State(domain.base);
    const result = call(domain, state, 'modify_pending_order_items', {
      order_id: '#W1',
      item_ids: ['301', '41'],
      new_item_ids: ['302', '42'],
      payment_method_id: 'gift_card_1',
    });
    const order = parsePyJson(result.observation) as PyDict;
    expect(order.status).toBe('pending (item modified)');
    expect(order.items).toEqual([
      { name: 'Lamp', product_id: '20', item_id: '302', price: 7.75, options: { size: 'large' } },
      { name: 'Mug', product_id: '3', item_id: '42', price: 7.75, options: { size: 'large' } },
    ]);
    // The difference (12 - 10.5) + (7.75 - 5.0) = 4.25 is paid from the gift card.
    expect((order.payment_history as PyDict[])[1]).toEqual({
      transaction_type: 'payment',
      amount: 4.25,
      payment_method_id: 'gift_card_1',
    });
    expect(call(domain, state, 'get_user_details', { user_id: 'ann_lee_1' }).observation).toContain(
      '"balance": 15.75}',
    );
  });

  it('exchanges with the difference rounded, and cancels refunding a gift card at once', () => {
    const state = new State(domain.base);
    const exchanged = parsePyJson(
      call(domain, state, 'exchange_delivered_order_items', {
        order_id: '#W2',
        item_ids: ['302'],
        new_item_ids: ['301'],
        payment_method_id: 'credit_card_2',
      }).observation,
    ) as PyDict;
    expect(exchanged).toMatchObject({
      status: 'exchange requested',
      exchange_items: ['302'],
      exchange_new_items: ['301'],
      exchange_price_difference: -1.5,
    });
    const cancelled = call(domain, state, 'cancel_pending_order', {
      order_id: '#W1',
      reason: 'ordered by mistake',
    });
    expect(cancelled.observation).toContain(
      '"payment_history": [{"transaction_type": "payment", "amount": 15.5, "payment_method_id": "gift_card_1"}, ' +
        '{"transaction_type": "refund", "amount": 15.5, "payment_method_id": "gift_card_1"}], "cancel_reason": "ordered by mistake"',
    );
    expect(call(domain, state, 'get_user_details', { user_id: 'ann_lee_1' }).observation).toContain(
      '"balance": 35.5}',
    );
  });

  it('changes addresses in the data model order (city, country, state)', () => {
    const state = new State(domain.base);
    const address = {
      address1: '2 Oak Ave',
      address2: 'Apt 3',
      city: 'Dallas',
      state: 'TX',
      country: 'USA',
      zip: '75001',
    };
    expect(
      call(domain, state, 'modify_user_address', { user_id: 'ann_lee_1', ...address }).observation,
    ).toContain(
      '"address": {"address1": "2 Oak Ave", "address2": "Apt 3", "city": "Dallas", "country": "USA", "state": "TX", "zip": "75001"}',
    );
    expect(call(domain, state, 'modify_pending_order_address', { order_id: '#W1', ...address }).ok).toBe(
      true,
    );
  });
});

describe('tau2 folders', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sigma-tau2-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  let counter = 0;

  function tau2Folder(db: string, tasks = '[]'): string {
    const dir = join(tmp, `d${counter++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'db.json'), db);
    writeFileSync(join(dir, 'tasks.json'), tasks);
    writeFileSync(join(dir, 'policy.md'), '# Policy\n');
    return dir;
  }

  it('loads a tau2 folder with the tau2 flavour and its tasks criteria', async () => {
    const tasks = JSON.stringify([
      {
        id: 't1',
        user_scenario: { persona: null, instructions: 'Cancel #W1.' },
        evaluation_criteria: {
          actions: [
            {
              action_id: 'a',
              name: 'cancel_pending_order',
              arguments: { order_id: '#W1', reason: 'no longer needed' },
            },
          ],
          communicate_info: ['15.5'],
          nl_assertions: null,
          reward_basis: ['DB', 'COMMUNICATE'],
        },
      },
    ]);
    const domain = await loadDomainFolder(tau2Folder(TINY_TAU2_DB, tasks), builtInToolKits);
    expect(domain.flavour.name).toBe('tau2');
    expect(domain.source.layout).toBe('tau2');
    const task = domain.tasks.get('base')![0]!;
    expect(task.actions).toEqual([
      { name: 'cancel_pending_order', kwargs: { order_id: '#W1', reason: 'no longer needed' } },
    ]);
    expect(task.outputs).toEqual(['15.5']);
    expect(domain.hashState(new State(domain.base))).toBe(
      tinyTau2Domain().hashState(new State(tinyTau2Domain().base)),
    );
  });

  it('names the table, record and field of a record that does not fit the data model, when it is read', async () => {
    // records are read into the data model when first used: loading stays about one pass over the file
    const broken = TINY_TAU2_DB.replace('"status": "pending"', '"status": "lost"');
    const domain = await loadDomainFolder(tau2Folder(broken), builtInToolKits);
    const message = /db\.json: table "orders", record "#W1": status: must be one of "processed", "pending"/;
    expect(() => domain.base.table('orders').records.get('#W1')).toThrow(message);
    // a tool reading it does not turn the data's fault into the agent's observation
    expect(() => callTool(domain, new State(domain.base), 'get_order_details', { order_id: '#W1' })).toThrow(
      message,
    );
  });

  it('names the criterion of a task it cannot read', async () => {
    const tasks = JSON.stringify([
      {
        id: 't1',
        user_scenario: { instructions: 'x' },
        evaluation_criteria: { actions: [{ name: 'calculate' }] },
      },
    ]);
    await expect(loadDomainFolder(tau2Folder(TINY_TAU2_DB, tasks), builtInToolKits)).rejects.toThrow(
      /tasks\.json: task 0 \(id t1\): field "actions\[0\]\.action_id" must be a string/,
    );
  });

  it('says which tables the tau2 tools need when a database has others', async () => {
    await expect(
      loadDomainFolder(tau2Folder('{"flights": {}, "tickets": {}, "users": {}}'), builtInToolKits),
    ).rejects.toThrow(
      /no built-in tools fit the tables flights, tickets, users; known: tau2-retail \(orders, products, users\); tau2-airline \(flights, reservations, users\)/,
    );
  });

  it('names a tau2 folder without db.json', async () => {
    const dir = tau2Folder('{}');
    rmSync(join(dir, 'db.json'));
    await expect(loadDomainFolder(dir, builtInToolKits)).rejects.toThrow(
      /db\.json: file is missing \(tau2 layout\): a tau2 domain folder needs its database/,
    );
  });
});

describe.skipIf(noSharedData)(`tau2 retail from the shared data (${skipReason})`, () => {
  it('loads with the tau2 flavour, 16 tools and whole records', async () => {
    const retail = await loadDomainFolder(shared('tau2/retail'), builtInToolKits);
    expect(retail.flavour.name).toBe('tau2');
    expect([...retail.tools.keys()].sort()).toEqual([
      'calculate',
      'cancel_pending_order',
      'exchange_delivered_order_items',
      'find_user_id_by_email',
      'find_user_id_by_name_zip',
      'get_item_details',
      'get_order_details',
      'get_product_details',
      'get_user_details',
      'list_all_product_types',
      'modify_pending_order_address',
      'modify_pending_order_items',
      'modify_pending_order_payment',
      'modify_user_address',
      'return_delivered_order_items',
      'transfer_to_human_agents',
    ]);
    const order = retail.base.table('orders').records.values().next().value!;
    expect(Object.keys(order)).toHaveLength(14);
    expect(order.return_items).toBeNull();
  });

  it('hashes the fresh database as the reference: a conversation of reads only leaves it unchanged', async () => {
    const retail = await loadDomainFolder(shared('tau2/retail'), builtInToolKits);
    const vectors = parsePyJson(readFileSync(shared('parity/tau2-retail-vectors.json'), 'utf8')) as PyDict;
    const reads = (vectors.cases as PyDict[]).find((c) =>
      (c.messages as PyDict[]).every((m) =>
        ((m.tool_calls ?? []) as PyDict[]).every((t) => retail.tools.get(String(t.name))?.access === 'read'),
      ),
    )!;
    const fresh = new State(retail.base);
    expect(retail.hashState(fresh)).toBe(reads.final_db_hash);
    expect(naiveHash(fresh)).toBe(reads.final_db_hash);
  });
});
