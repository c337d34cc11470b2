// SimulatorCore, the library API of the original tool: a named domain, a customer chosen from the
// options (offline scripted when no model is configured), reward, undo, persona files and resuming.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../src/core/domain/types.ts';
import { toJs } from '../src/core/python/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SCRIPTED_NOTICE, SimulatorCore } from '../src/session/index.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { customerGoal } from '../src/users/index.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-core-'));
const home = join(temp, 'home');
/** Shared so the built-in domains are generated once for the whole file. */
const registry = new DomainRegistry({ home });
const offline = { envName: 'retail', registry, env: {} } as const;

afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Plain JSON arguments of a ground-truth action. */
function argsOf(action: Task['actions'][number]): Record<string, unknown> {
  return toJs(action.kwargs) as Record<string, unknown>;
}

async function playGroundTruth(sim: SimulatorCore): Promise<void> {
  for (const action of sim.task.actions) await sim.callTool(action.name, argsOf(action));
}

describe('SimulatorCore', () => {
  it('plays a built-in task offline with the scripted customer, says so, and scores the ground truth 1.0', async () => {
    const sim = new SimulatorCore({ ...offline, taskIndex: 0 });
    const seen: string[] = [];
    sim.on('user-message', () => seen.push('user'));
    sim.on('tool-result', () => seen.push('tool'));
    sim.on('session-end', ({ reason }) => seen.push(`end:${reason}`));
    const opening = await sim.start();
    expect(sim.notice).toBe(SCRIPTED_NOTICE);
    expect(sim.customerConfig).toEqual({ strategy: 'scripted', promptVersion: 'scripted-2' });
    expect(opening).toMatch(/#W\d+/);
    expect(sim.isDone).toBe(false);
    await playGroundTruth(sim);
    let outcome = await sim.respondToUser(`All done. ${sim.task.outputs.join(' ')} Anything else?`);
    if (!outcome.done) outcome = await sim.respondToUser('Thank you, goodbye.');
    expect(outcome).toMatchObject({ done: true, reward: 1 });
    expect(sim.isDone).toBe(true);
    const result = sim.getFinalResult();
    expect(result.reward.breakdown?.stateMatch).toBe(true);
    expect(result.stateDiff).toEqual([]);
    expect(result.endReason).toBe('user-stop');
    expect(seen[0]).toBe('user');
    expect(seen.at(-1)).toBe('end:user-stop');
    expect(seen.filter((s) => s === 'tool')).toHaveLength(sim.task.actions.length);
  });

  it('draws the task at random, reproducibly with a seed', async () => {
    const a = new SimulatorCore({ ...offline, seed: 7 });
    const b = new SimulatorCore({ ...offline, seed: 7 });
    await Promise.all([a.start(), b.start()]);
    expect(a.taskIndex).toBe(b.taskIndex);
    const indexes = new Set<number>();
    for (let seed = 0; seed < 8; seed++) {
      const sim = new SimulatorCore({ ...offline, seed });
      await sim.start();
      indexes.add(sim.taskIndex);
    }
    expect(indexes.size).toBeGreaterThan(1);
  });

  it('undo and rollbackTo restore the data and the customer memory exactly', async () => {
    const sim = new SimulatorCore({ ...offline, taskIndex: 0 });
    await sim.start();
    const fresh = { hash: sim.stateHash(), memory: sim.toTrajectory().customerMemory };
    const [first, second, third] = sim.task.actions;
    await sim.callTool(first!.name, argsOf(first!));
    await sim.respondToUser('I found your account. Which order is it about?');
    const middle = {
      hash: sim.stateHash(),
      memory: sim.toTrajectory().customerMemory,
      at: sim.history.at(-1)!.id,
    };
    await sim.callTool(second!.name, argsOf(second!));
    await sim.callTool(third!.name, argsOf(third!));
    expect(sim.stateHash()).not.toBe(middle.hash);
    expect(sim.undo()?.name).toBe(third!.name);
    await sim.respondToUser('Shall I go ahead?');
    sim.rollbackTo(middle.at);
    expect(sim.stateHash()).toBe(middle.hash);
    expect(sim.toTrajectory().customerMemory).toEqual(middle.memory);
    sim.rollbackTo('m1');
    expect(sim.stateHash()).toBe(fresh.hash);
    expect(sim.toTrajectory().customerMemory).toEqual(fresh.memory);
    expect(sim.history).toHaveLength(1);
  });

  it('refuses bad options with one clear message', async () => {
    const fails = async (options: Record<string, unknown>, message: RegExp) => {
      await expect(async () => new SimulatorCore({ ...offline, ...options }).start()).rejects.toThrow(
        message,
      );
    };
    await fails({ envName: 'bank' }, /unknown domain "bank": known domains are retail, airline/);
    await fails(
      { taskIndex: 100_000 },
      /task index 100000 is out of range: split "test" of retail has tasks 0 to \d+/,
    );
    await fails({ taskIndex: -1 }, /taskIndex must be a whole number >= 0/);
    await fails({ taskSplit: 'holdout' }, /no task split "holdout"; it has: test, train/);
    await fails({ persona: 'x', personaFile: 'y.json' }, /a persona or a persona file, not both/);
    await fails({ persona: '  ' }, /the persona is empty/);
    await fails({ personaFile: join(temp, 'none.json') }, /none\.json: no such file/);
    await fails({ userStrategy: 'oracle' }, /unknown customer strategy "oracle": use one of llm, react/);
    await fails({ userModel: 'gpt-4o', userProvider: 'openai' }, /needs an API key: set OPENAI_API_KEY/);
    await fails({ userStrategy: 'llm' }, /needs an API key: set OPENAI_API_KEY/);
    await fails(
      { userStrategy: 'scripted', userModel: 'openai:gpt-4o' },
      /the scripted customer uses no model/,
    );
    await fails({ userProvider: 'openai' }, /--user-provider openai needs --user-model too/);
    await fails({ userStrategy: 'scripted', userTemperature: 0.7 }, /uses no model, so no temperature/);
    await fails({ userModel: 'gpt-4o' }, /needs a provider/);
    const sim = new SimulatorCore({ ...offline, taskIndex: 0 });
    await expect(sim.respondToUser('hello')).rejects.toThrow(/call start\(\) first/);
    await sim.start();
    await expect(sim.start()).rejects.toThrow(/already started/);
  });

  describe('with a model customer over HTTP', () => {
    let server: OpenAICompatibleTestServer;
    beforeAll(async () => {
      server = await startOpenAICompatibleServer({
        responses: ['Hi, I need to cancel an order.', 'It is #W1000000. ###STOP###'],
      });
    });
    afterAll(() => server.close());

    it('uses the named model and records it with the episode', async () => {
      const sim = new SimulatorCore({
        ...offline,
        taskIndex: 0,
        userModel: 'llama3.1:8b',
        userProvider: 'openai-compatible',
        userTemperature: 0,
        env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url },
      });
      expect(await sim.start()).toBe('Hi, I need to cancel an order.');
      expect(sim.notice).toBeUndefined();
      expect(sim.customerConfig).toMatchObject({
        strategy: 'llm',
        provider: 'openai-compatible',
        model: 'llama3.1:8b',
        temperature: 0,
      });
      const outcome = await sim.respondToUser('Which order?');
      expect(outcome).toMatchObject({ done: true, reward: 0 });
      const goal = customerGoal({ domain: 'retail', task: sim.task, userGuidelines: '' });
      expect(String(server.requests[0]!.messages[0]!.content)).toContain(goal);
    });

    it('regenerates the last reply with a note: the stop is replaced and the episode goes on', async () => {
      const sim = new SimulatorCore({
        ...offline,
        taskIndex: 0,
        userModel: 'llama3.1:8b',
        userProvider: 'openai-compatible',
        env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url },
      });
      server.enqueue('Hi, I need to cancel an order.', 'Bye. ###STOP###', 'It is order #W1000000.');
      await sim.start();
      expect((await sim.respondToUser('Which order?')).done).toBe(true);
      const outcome = await sim.regenerateReply('you forgot the order id');
      expect(outcome).toEqual({ observation: 'It is order #W1000000.', done: false });
      expect(String(server.requests.at(-1)!.messages[0]!.content)).toContain('you forgot the order id');
      expect(sim.toTrajectory().regenerated?.[0]?.replaced.content).toBe('Bye. ###STOP###');
      expect(sim.history.at(-1)?.content).toBe('It is order #W1000000.');
    });
  });

  it('refuses to regenerate a scripted reply, saying what is allowed', async () => {
    const sim = new SimulatorCore({ ...offline, taskIndex: 0 });
    await sim.start();
    await sim.respondToUser('How can I help?');
    await expect(sim.regenerateReply('shorter')).rejects.toThrow(/needs a model customer/);
  });
});

describe('persona files', () => {
  const write = (name: string, content: unknown): string => {
    const path = join(temp, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return path;
  };

  /** A customer of the built-in retail domain, copied with a new id: the right fields by construction. */
  async function newCustomer(): Promise<Record<string, unknown>> {
    const retail = await registry.get('retail');
    const users = retail.base.table('users');
    const user = toJs(users.records.get(users.ids[0]!)!) as Record<string, unknown>;
    return {
      ...user,
      user_id: 'nora_quist_0001',
      name: { first_name: 'Nora', last_name: 'Quist' },
      email: 'nora.quist@example.com',
      orders: [],
    };
  }

  it('adds its customer for that episode only and scores its ground truth', async () => {
    const customer = await newCustomer();
    const path = write('nora.json', {
      name: 'email-change',
      instruction: 'You are Nora Quist (nora.quist@example.com). You want to know your user id.',
      customer,
      actions: [{ name: 'find_user_id_by_email', kwargs: { email: 'nora.quist@example.com' } }],
      outputs: ['nora_quist_0001'],
    });
    const sim = new SimulatorCore({ ...offline, personaFile: path });
    await sim.start();
    expect(sim.task.id).toBe('persona-email-change');
    expect(sim.split).toBe('persona');
    const found = await sim.callTool('find_user_id_by_email', { email: 'nora.quist@example.com' });
    expect(found.observation).toBe('nora_quist_0001');
    let outcome = await sim.respondToUser('Your user id is nora_quist_0001. Anything else?');
    if (!outcome.done) outcome = await sim.respondToUser('Goodbye!');
    expect(outcome.reward).toBe(1);
    const retail = await registry.get('retail');
    expect(retail.base.table('users').records.has('nora_quist_0001')).toBe(false);
    expect(retail.tasks.has('persona')).toBe(false);
  });

  it('is unscored without a ground truth, like a persona text', async () => {
    const path = write('chat.json', { instruction: 'You want to know whether the shop sells umbrellas.' });
    const sim = new SimulatorCore({ ...offline, personaFile: path });
    await sim.start();
    // The content is read once: the episode keeps it whatever happens to the file.
    const text = readFileSync(path, 'utf8');
    rmSync(path);
    expect(sim.personaFileText).toBe(text);
    expect(sim.abandon().reward).toMatchObject({
      reward: null,
      note: expect.stringMatching(/not applicable/),
    });
  });

  it('refuses a malformed file, naming the file and the problem', async () => {
    const customer = await newCustomer();
    const existing = (await registry.get('retail')).base.table('users').ids[0]!;
    const cases: Array<[unknown, RegExp]> = [
      ['{"instruction": ', /invalid JSON/],
      [['a list'], /must be a JSON object/],
      [{ instruction: 'x', mood: 'grumpy' }, /unknown field "mood"; a persona file has: name, instruction/],
      [{}, /field "instruction" is missing/],
      [{ instruction: ' ' }, /field "instruction" is empty/],
      [{ instruction: 'x', customer: { name: 'no id' } }, /field "customer" needs a "user_id"/],
      [
        { instruction: 'x', records: { invoices: { i1: {} } } },
        /table "invoices" is not in the retail domain; it has: /,
      ],
      [{ instruction: 'x', customer: { ...customer, user_id: existing } }, /already exists in table "users"/],
      [
        { instruction: 'x', customer: { user_id: 'a_b_1', name: 'A B' } },
        /record "a_b_1" of table "users" lacks /,
      ],
      [
        { instruction: 'x', actions: [{ name: 'refund_everything', kwargs: {} }] },
        /action "refund_everything" is not a tool/,
      ],
      [
        {
          instruction: 'x',
          actions: [
            { name: 'cancel_pending_order', kwargs: { order_id: '#W0', reason: 'no longer needed' } },
          ],
        },
        /its ground truth does not replay: action 0 \(cancel_pending_order\) fails: Error:/,
      ],
      [{ instruction: 'x', outputs: 'yes' }, /field "outputs" must be a list of strings/],
    ];
    for (const [index, [content, message]] of cases.entries()) {
      const path = write(`bad-${index}.json`, content);
      await expect(
        new SimulatorCore({ ...offline, personaFile: path }).start(),
        `case ${index}`,
      ).rejects.toThrow(message);
    }
  });
});

describe('SimulatorCore.fromTrajectory', () => {
  it('continues a half-finished episode with identical state, history and customer memory', async () => {
    const sim = new SimulatorCore({ ...offline, taskIndex: 2 });
    await sim.start();
    const actions = sim.task.actions;
    for (const action of actions.slice(0, -1)) await sim.callTool(action.name, argsOf(action));
    await sim.respondToUser('One moment, please.');
    const record = JSON.parse(JSON.stringify(sim.toTrajectory()));
    const resumed = await SimulatorCore.fromTrajectory(record, { registry, env: {} });
    expect(resumed.stateHash()).toBe(sim.stateHash());
    expect(resumed.history).toEqual(sim.history);
    expect(resumed.toTrajectory().customerMemory).toEqual(sim.toTrajectory().customerMemory);
    const last = actions.at(-1)!;
    expect(await resumed.callTool(last.name, argsOf(last))).toEqual(
      await sim.callTool(last.name, argsOf(last)),
    );
    expect(resumed.stateHash()).toBe(sim.stateHash());
    const bye = 'That is done. Anything else?';
    expect(await resumed.respondToUser(bye)).toEqual(await sim.respondToUser(bye));
    await expect(SimulatorCore.fromTrajectory({ nope: true }, { registry })).rejects.toThrow(
      /not a Sigma trajectory/,
    );
  });
});
