// `sigma` played as a person plays it: the real command from source in a pseudo-terminal (tmux), keys
// sent with send-keys and the screen read with capture-pane. Offline: built-in data, scripted customer;
// the copilot talks to the loopback OpenAI-compatible server.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TrajectorySchema } from '../src/contracts/trajectory.ts';
import { openStore } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv, Terminal, tmuxAvailable } from './support/tmux.ts';

const PROMPT = 'agent ›';

let terminal: Terminal | undefined;
let server: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  terminal?.close();
  terminal = undefined;
  await server?.close();
  server = undefined;
});

function play(args: string[], extra: Record<string, string> = {}): { t: Terminal; home: string } {
  const home = tempDir('pty');
  terminal = new Terminal({ args, env: offlineEnv(home, extra) });
  return { t: terminal, home };
}

/** The episodes saved in the store of the data home `home` (where `sigma play` saves by default). */
async function records(home: string) {
  const store = openStore(`sqlite:${join(home, 'sigma.db')}`);
  try {
    const { items } = await store.listSessions({ limit: 100, offset: 0 });
    const texts = await Promise.all(items.map((item) => store.getTrajectory(item.id)));
    return texts.map((text) => TrajectorySchema.parse(JSON.parse(text!)));
  } finally {
    await store.close();
  }
}

/** Sends a line at the n-th agent prompt. */
async function at(t: Terminal, n: number, line: string): Promise<void> {
  await t.waitFor(PROMPT, n);
  t.line(line);
}

// CI installs tmux (.ci/run); elsewhere these tests skip without it.
describe.skipIf(!tmuxAvailable() && process.env.CI === undefined)('sigma in a terminal (tmux)', () => {
  it('lists the tasks', async () => {
    const { t } = play(['--list-tasks', '--env', 'retail']);
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).toMatch(
      /│ 0\s+│ retail-1-0\s+│ bruno_haddad_4608\s+│ You want to cancel order #W1392577/,
    );
  });

  it('plays a retail task: guided tool calls with a value asked again, undo, changes, reward 1.0, saved', async () => {
    const { t, home } = play(['--env', 'retail', '--task-index', '0']);
    const opening = await t.waitFor(PROMPT);
    expect(opening).toContain(
      'Sigma · retail (built-in) · task 0 of 106 in "test" (retail-1-0) · customer: scripted',
    );
    expect(opening).toContain(
      "No customer model is configured, so the customer is Sigma's scripted customer",
    );
    expect(opening).toContain("The customer's goal is hidden; play with --show-goal");
    expect(opening).not.toContain('zip code is 99219');
    expect(opening).toContain('customer › Hi! I want to cancel order #W1392577 because I no longer need it.');

    // Guided prompts: a required value left empty is asked again.
    t.line('/tool find_user_id_by_name_zip');
    await t.waitFor('first_name ›');
    t.line('Bruno');
    await t.waitFor('last_name ›');
    t.line('Haddad');
    await t.waitFor('zip ›');
    t.line('');
    await t.waitFor('✗ required: type a value');
    t.line('99219');
    await t.waitFor(
      '→ find_user_id_by_name_zip {"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}',
    );
    await t.waitFor('Call it? (Y/n) ›');
    t.line('');
    await t.waitFor('← bruno_haddad_4608');

    // An enum: an invalid choice is refused and asked again; then the wrong reason, on purpose.
    await at(t, 2, '/tool cancel_pending_order');
    await t.waitFor('order_id ›');
    t.line('#W1392577');
    await t.waitFor('2) ordered by mistake');
    t.line('7');
    await t.waitFor('✗ choose a number from 1 to 2, or type one of the values');
    t.line('2');
    await t.waitFor('Call it? (Y/n) ›', 2);
    t.line('y');
    await t.waitFor('"cancel_reason": "ordered by mistake"');

    await at(t, 3, '/changes');
    await t.waitFor(/│ orders #W1392577\s+│/);
    await t.waitFor(/│ cancel_reason\s+│ \(absent\)\s+│ "ordered by mistake"\s+│/);

    // Undo restores the data.
    await at(t, 4, '/undo');
    await t.waitFor('Undone: cancel_pending_order {"order_id": "#W1392577", "reason": "ordered by mistake"}');
    await at(t, 5, '/changes');
    await t.waitFor('No changes to the data so far.');

    // The right call, as raw JSON this time.
    await at(t, 6, '/json cancel_pending_order {"order_id": "#W1392577", "reason": "no longer needed"}');
    await t.waitFor('Call it? (Y/n) ›', 3);
    t.line('');
    await t.waitFor('"cancel_reason": "no longer needed"');
    await at(t, 7, '/policy refunded');
    await t.waitFor('### Cancelling');
    await at(t, 8, '/history');
    await t.waitFor('← bruno_haddad_4608', 2);

    await at(t, 9, 'Your order #W1392577 is cancelled. Anything else?');
    await t.waitFor('Reward: 1.0');
    expect(await t.exitCode()).toBe(0);
    const screen = t.screen();
    expect(screen).toContain('── Episode over: the customer ended the conversation ──');
    expect(screen).toContain('state match: yes');
    expect(screen).toContain('Data: the data left matches the expected data.');
    expect(screen).toContain(
      '3. cancel_pending_order {"order_id": "#W1392577", "reason": "no longer needed"}',
    );
    expect(screen).toContain(`Saved in the store sqlite:${join(home, 'sigma.db')}`);
    const [record] = await records(home);
    expect(record!.reward!.reward).toBe(1);
    expect(record!.endReason).toBe('user-stop');
    const calls = record!.messages.flatMap((m) => (m.role === 'assistant' ? (m.tool_calls ?? []) : []));
    expect(calls.map((c) => c.function.arguments)).toEqual([
      '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}',
      '{"order_id": "#W1392577", "reason": "no longer needed"}',
    ]);
  });

  it('asks numbers and lists of objects field by field; Ctrl-C offers to save, and saves', async () => {
    const { t, home } = play(['--env', 'airline', '--task-index', '0', '--show-goal']);
    const opening = await t.waitFor(PROMPT);
    expect(opening).toContain('Goal: Persona: You are friendly and patient');

    t.line('/tool update_reservation_baggages');
    await t.waitFor('reservation_id ›');
    t.line('/policy checked bag'); // the policy can be read in the middle of a tool call
    await t.waitFor('reservation_id ›', 2);
    // The search's sections, each under the path of its headings; one of them is about checked bags.
    expect(t.screen()).toMatch(/^§ Airline customer service: agent policy › .+\n- \*\*/m);
    expect(t.screen()).toMatch(/^- .*checked bags?\b/im);
    t.line('ABC123');
    await t.waitFor('total_baggages ›');
    t.line('two');
    await t.waitFor('✗ total_baggages must be a whole number, e.g. 2 (got "two")');
    t.line('2');
    await t.waitFor('nonfree_baggages ›');
    t.line('1.5');
    await t.waitFor('✗ nonfree_baggages must be a whole number');
    t.line('0');
    await t.waitFor('payment_id ›');
    t.line('credit_card_1');
    await t.waitFor('Call it? (Y/n) ›');
    t.line('n');
    await t.waitFor('Not called.');

    await at(t, 2, '/tool update_reservation_passengers');
    await t.waitFor('reservation_id ›', 3);
    t.line('ABC123');
    await t.waitFor('passengers ›');
    t.line('');
    await t.waitFor('passengers[0].first_name ›');
    t.line('Oskar');
    await t.waitFor('passengers[0].last_name ›');
    t.line('Park');
    await t.waitFor('passengers[0].dob ›');
    t.line('1990-01-01');
    await t.waitFor('another item in passengers? (y/N) ›');
    t.line('n');
    await t.waitFor(
      '→ update_reservation_passengers {"reservation_id": "ABC123", "passengers": [{"first_name": "Oskar", "last_name": "Park", "dob": "1990-01-01"}]}',
    );
    await t.waitFor('Call it? (Y/n) ›');
    t.line('');
    await t.waitFor('← Error:');

    await t.waitFor(PROMPT, 3);
    t.press('C-c');
    await t.waitFor('Save this episode? It ends here, abandoned (scored 0). (y/n) ›');
    t.line('y');
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).toContain(`Saved in the store sqlite:${join(home, 'sigma.db')}`);
    const [record] = await records(home);
    expect(record!.endReason).toBe('abandoned');
    expect(record!.reward!.reward).toBe(0);
    expect(record!.reward!.note).toMatch(/abandoned/);
    expect(record!.messages.filter((m) => m.role === 'tool')).toHaveLength(1);
  });

  it('Ctrl-C in the middle of a guided prompt cancels the call; at the agent prompt, then no: nothing saved, exit 130', async () => {
    const { t, home } = play(['--env', 'retail', '--task-index', '3', '--save-to', 'unused.jsonl']);
    await at(t, 1, '/tool get_user_details');
    await t.waitFor('user_id ›');
    t.type('half typed');
    t.press('C-c');
    await t.waitFor('Call cancelled (Ctrl-C): nothing was called or recorded.');
    await t.waitFor(PROMPT, 2);
    expect(t.screen()).not.toContain('Save this episode?');
    t.press('C-c');
    await t.waitFor('Save this episode?');
    t.line('n');
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).toContain('Not saved.');
    expect(existsSync(join(home, 'episodes'))).toBe(false);
  });

  it('copilot: proposals rejected with a reason, accepted and edited are kept with the episode', async () => {
    server = await startOpenAICompatibleServer({
      responses: [
        reply.toolCall('get_order_details', '{"order_id": "#W1392577"}', { text: 'Sure.' }),
        reply.text('Could you give me your name and zip code?'),
        reply.toolCall(
          'find_user_id_by_name_zip',
          '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99218"}',
        ),
      ],
    });
    const debugLog = join(tempDir('copilot-debug'), 'models.log');
    const { t, home } = play(
      ['--task-index', '0', '--agent-model', 'openai-compatible:copilot-test', '--debug', debugLog],
      { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url },
    );
    const opening = await t.waitFor(PROMPT);
    expect(opening).toContain('Copilot: openai-compatible:copilot-test');

    t.line('/copilot look at the order');
    await t.waitFor('copilot proposes: → get_order_details {"order_id": "#W1392577"}');
    t.line('r');
    await t.waitFor('why is it wrong? ›');
    t.line('Identify the customer first.');
    await t.waitFor('Rejected; kept with the episode as preference data.');

    await at(t, 2, '/copilot ask who they are');
    await t.waitFor('copilot proposes: reply "Could you give me your name and zip code?"');
    t.line('a');
    await t.waitFor('agent › Could you give me your name and zip code?');
    await t.waitFor('customer › ');

    await t.waitFor(PROMPT, 4); // three prompts and the accepted reply's line
    t.line('/copilot find their user id');
    await t.waitFor('copilot proposes: → find_user_id_by_name_zip');
    t.line('e');
    await t.waitFor('"zip": "99218"}');
    // The proposal's line shows the same text: wait for the edit prompt itself, or keys sent before it
    // exists are applied to an empty line.
    await t.waitFor(/edit › find_user_id_by_name_zip .*"zip": "99218"}$/m);
    t.press('End', 'BSpace', 'BSpace', 'BSpace');
    await t.waitFor(/edit › find_user_id_by_name_zip .*"zip": "9921$/m);
    t.line('9"}');
    await t.waitFor('← bruno_haddad_4608');

    await t.waitFor(PROMPT, 5); // four prompts and the accepted reply's line
    t.line('/end');
    await t.waitFor('End the episode now?');
    t.line('y');
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).toMatch(/agent \(copilot\): [\d,]+ tokens in, [\d,]+ out, cost unknown/);

    const [record] = await records(home);
    const proposals = record!.proposals!;
    expect(proposals.map((p) => p.decision)).toEqual(['rejected', 'accepted', 'edited']);
    expect(proposals[0]).toMatchObject({
      model: 'openai-compatible:copilot-test',
      intent: 'look at the order',
      reason: 'Identify the customer first.',
      proposal: { type: 'tool_call', name: 'get_order_details', arguments: '{"order_id": "#W1392577"}' },
    });
    expect(proposals[0]!.context.map((m) => m.role)).toEqual(['user']);
    expect(proposals[2]!.final).toEqual({
      type: 'tool_call',
      name: 'find_user_id_by_name_zip',
      arguments: '{"first_name": "Bruno", "last_name": "Haddad", "zip": "99219"}',
    });
    const authors = record!.messages.flatMap((m) => (m.role === 'assistant' ? [m.author] : []));
    expect(authors).toEqual(['model', 'model-edited']);
    expect(record!.usage.agent.inputTokens).toBeGreaterThan(0);

    // The copilot is the LLM agent: the policy as system prompt, the tools as function tools, the intent.
    const first = server.requests[0]!;
    expect(String(first.messages[0]!.content)).toContain('# Sigma Retail: customer-service policy');
    expect(String(first.messages[0]!.content)).toContain(
      'They describe the next step they want as: "look at the order"',
    );
    expect(first.messages.slice(1).map((m) => m.role)).toEqual(['user']);
    expect(first.tools.map((t) => t.function?.name)).toContain('find_user_id_by_name_zip');
    expect(proposals[0]!.raw).toContain('"content":"Sure."');
    server.assertDone();
    // --debug logged the copilot's three prompts and replies.
    const log = readFileSync(debugLog, 'utf8');
    expect(
      log.match(/^\[sigma debug\] model call \d+ · copilot agent · openai-compatible:copilot-test/gm),
    ).toHaveLength(3);
    expect(log).toContain('They describe the next step they want as: "look at the order"');
  });

  it('Ctrl-C while a model is answering waits for the answer, then asks about saving', async () => {
    server = await startOpenAICompatibleServer({
      responses: [reply.delayed(1500, 'Hello!')],
    });
    const { t, home } = play(['--task-index', '0', '--agent-model', 'openai-compatible:slow'], {
      SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url,
    });
    await at(t, 1, '/copilot greet them');
    await t.waitFor('asking openai-compatible:slow…');
    t.press('C-c');
    await t.waitFor('(Ctrl-C: you will be asked about saving after this step; press it again to quit now)');
    await t.waitFor('Save this episode?');
    expect(t.screen()).toContain('copilot proposes: reply "Hello!"');
    t.line('n');
    expect(await t.exitCode()).toBe(130);
    expect(existsSync(join(home, 'sigma.db'))).toBe(false);
  });
});
