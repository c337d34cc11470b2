import { describe, expect, it } from 'vitest';
import type { Task } from '../src/core/domain/types.ts';
import { ModelError } from '../src/core/errors.ts';
import {
  replayTau2Messages,
  type Tau2Message,
  tau2ActionMatches,
  tau2MessagesFromActions,
  tau2Reward,
} from '../src/core/flavours/tau2/index.ts';
import { fromJs, type PyDict, parsePyJson } from '../src/core/python/index.ts';
import { type Db, State } from '../src/core/state/index.ts';
import { evaluateTau2, JudgeReplyError, parseJudgeReply } from '../src/evaluation/tau2/index.ts';
import { MockModelClient } from '../src/testing/index.ts';
import { tinyTau2Domain } from './support/tau2-fixture.ts';

function task(id: string, criteria: unknown): Task {
  const evaluationCriteria = fromJs(criteria);
  return { id, instruction: '', actions: [], outputs: [], evaluationCriteria };
}

const CANCEL = task('cancel', {
  actions: [
    { action_id: 'c_0', name: 'find_user_id_by_email', arguments: { email: 'ann@example.com' }, info: null },
    {
      action_id: 'c_1',
      name: 'cancel_pending_order',
      arguments: { order_id: '#W1', reason: 'no longer needed' },
      info: null,
    },
  ],
  communicate_info: ['35.50'],
  nl_assertions: ['The agent asks for confirmation before cancelling.', 'The agent names the refund amount.'],
  reward_basis: ['DB', 'NL_ASSERTION'],
});

function call(id: string, name: string, args: Record<string, unknown>): Tau2Message {
  return { role: 'assistant', content: null, toolCalls: [{ id, name, arguments: fromJs(args) as PyDict }] };
}

/** A conversation that solves CANCEL; tool results are filled in by the replay. */
function conversation(
  reason = 'no longer needed',
  last = 'The refund of $35.50 is on your gift card.',
): Tau2Message[] {
  const messages: Tau2Message[] = [
    { role: 'assistant', content: 'Hello! How can I help?' },
    { role: 'user', content: 'Please cancel order #W1, my email is ann@example.com.' },
    call('a', 'find_user_id_by_email', { email: 'ann@example.com' }),
    { role: 'tool', id: 'a', content: '', error: false },
    { role: 'assistant', content: 'Shall I cancel #W1 because you no longer need it?' },
    { role: 'user', content: 'Yes.' },
    call('b', 'cancel_pending_order', { order_id: '#W1', reason }),
    { role: 'tool', id: 'b', content: '', error: false },
    { role: 'assistant', content: last },
    { role: 'user', content: 'Thanks! ###STOP###' },
  ];
  return messages;
}

function played(messages: Tau2Message[], tasks: Task[] = [CANCEL]) {
  const domain = tinyTau2Domain(tasks);
  const { state } = replayTau2Messages(domain, messages);
  return { domain, state };
}

const VERDICTS_OK =
  '{"verdicts": [{"statement": 1, "holds": true, "why": "asked"}, {"statement": 2, "holds": true, "why": "said 35.50"}]}';

describe('tau2 evaluator', () => {
  it('without a judge: every criterion reported, assertions not judged, the reward provisional', async () => {
    const messages = conversation();
    const { domain, state } = played(messages);
    const result = await evaluateTau2(domain, CANCEL, state, messages, { termination: 'user-stop' });
    const b = result.breakdown;
    expect(b.db).toMatchObject({ status: 'met', inBasis: true, reward: 1.0, match: true });
    expect(b.db.expectedHash).toBe(domain.hashState(state));
    expect(b.envAssertions).toMatchObject({ status: 'nothing to check', inBasis: false });
    expect(b.actions).toMatchObject({ status: 'met', inBasis: false, reward: 1.0 });
    expect(b.actions.checks.map((c) => c.matched)).toEqual([true, true]);
    // Outside the basis, yet reported: "35.50" is said, commas removed and case ignored.
    expect(b.communicate).toMatchObject({ status: 'met', inBasis: false, reward: 1.0 });
    expect(b.communicate.checks[0]!.justification).toBe(
      "Information '35.50' communicated in the message:\n 'The refund of $35.50 is on your gift card.'",
    );
    expect(b.nlAssertions).toMatchObject({
      status: 'not judged',
      inBasis: true,
      reward: null,
      judgeModel: null,
      note: 'no judge model configured',
    });
    expect(result.provisional).toBe(true);
    expect(result.reward).toBe(1.0);
    expect(result.judgeModel).toBeNull();
    expect(result.info.reward_breakdown).toEqual({ DB: 1.0 });
  });

  it("treats assertions as met only when told to, as tau2's vectors were made", async () => {
    const messages = conversation();
    const { domain, state } = played(messages);
    const result = await evaluateTau2(domain, CANCEL, state, messages, {
      termination: 'user-stop',
      judge: 'assume-met',
    });
    expect(result.breakdown.nlAssertions.status).toBe('assumed met');
    expect(result.info.reward_breakdown).toEqual({ DB: 1.0, NL_ASSERTION: 1.0 });
    expect(result.provisional).toBe(true);
  });

  it('with a judge model: its verdicts decide, and its name is recorded', async () => {
    const messages = conversation();
    const { domain, state } = played(messages);
    const judge = new MockModelClient({
      replies: [
        VERDICTS_OK,
        '```json\n{"verdicts": [{"statement": 2, "holds": true, "why": "ok"}, {"statement": 1, "holds": false, "why": "no question asked"}]}\n```',
      ],
    });
    const passed = await evaluateTau2(domain, CANCEL, state, messages, { termination: 'user-stop', judge });
    expect(passed).toMatchObject({ reward: 1.0, provisional: false, judgeModel: 'mock:mock-model' });
    expect(passed.breakdown.nlAssertions).toMatchObject({
      status: 'met',
      reward: 1.0,
      judgeModel: 'mock:mock-model',
    });
    expect(passed.info.nl_assertions).toEqual([
      { nl_assertion: CANCEL_NL[0], met: true, justification: 'asked' },
      { nl_assertion: CANCEL_NL[1], met: true, justification: 'said 35.50' },
    ]);
    const failed = await evaluateTau2(domain, CANCEL, state, messages, { termination: 'user-stop', judge });
    expect(failed).toMatchObject({ reward: 0.0, provisional: false });
    expect(failed.breakdown.nlAssertions.checks.map((c) => c.met)).toEqual([false, true]);
    judge.assertDone();
    // The judge reads the whole conversation, tool calls included, and the numbered assertions.
    const request = judge.requests[0]!;
    expect(request.temperature).toBe(0);
    expect(request.messages[0]!.content).toContain('[agent calls cancel_pending_order] {"order_id": "#W1"');
    expect(request.messages[0]!.content).toContain('[customer] Yes.');
    expect(request.messages[0]!.content).toContain(`Statements:\n1. ${CANCEL_NL[0]}\n2. ${CANCEL_NL[1]}`);
  });

  it('records a malformed judge reply as that criterion’s error; the other criteria are still reported', async () => {
    const messages = conversation('ordered by mistake');
    const { domain, state } = played(messages);
    const judge = new MockModelClient({ replies: ['Both look fine to me.', VERDICTS_OK] });
    const result = await evaluateTau2(domain, CANCEL, state, messages, { termination: 'user-stop', judge });
    expect(result.breakdown.nlAssertions).toMatchObject({
      status: 'error',
      reward: null,
      judgeModel: 'mock:mock-model',
      error: `the judge's reply is not JSON: "Both look fine to me."`,
    });
    expect(result.breakdown.db).toMatchObject({ status: 'not met', reward: 0.0 });
    expect(result.breakdown.actions.checks.map((c) => c.matched)).toEqual([true, false]);
    expect(result.breakdown.communicate.status).toBe('met');
    // The data check already makes it 0: the judge's failure cannot change that.
    expect(result).toMatchObject({ reward: 0.0, provisional: false });

    const right = conversation();
    const ok = played(right);
    const judge2 = new MockModelClient({ replies: ['{"verdicts": [{"statement": 1, "holds": true}]}'] });
    const undecided = await evaluateTau2(ok.domain, CANCEL, ok.state, right, {
      termination: 'user-stop',
      judge: judge2,
    });
    expect(undecided.breakdown.nlAssertions.error).toBe("the judge's reply gives no verdict on statement 2");
    expect(undecided).toMatchObject({ reward: 1.0, provisional: true });
  });

  it('scores 0 with the reason when the conversation ended any other way than a stop, without asking the judge', async () => {
    const messages = conversation().slice(0, -1);
    const { domain, state } = played(messages);
    const judge = new MockModelClient();
    const result = await evaluateTau2(domain, CANCEL, state, messages, { termination: 'max-steps', judge });
    expect(result).toMatchObject({
      reward: 0.0,
      provisional: false,
      termination: 'max-steps',
      note: 'Simulation terminated prematurely. Termination reason: max-steps',
    });
    expect(result.info).toEqual({
      reward: 0.0,
      reward_basis: null,
      info: { note: 'Simulation terminated prematurely. Termination reason: max-steps' },
    });
    expect(result.breakdown.db.status).toBe('met');
    expect(judge.requests).toHaveLength(0);
    const agentStop = await evaluateTau2(domain, CANCEL, state, messages, {
      termination: 'agent-stop',
      judge: 'assume-met',
    });
    expect(agentStop.reward).toBe(1.0);
  });

  it('multiplies exactly the criteria of the basis: ACTION averages, COMMUNICATE is all or nothing', () => {
    const basis = task('basis', {
      actions: [
        { action_id: 'x', name: 'get_user_details', arguments: { user_id: 'ann_lee_1' }, info: null },
        { action_id: 'y', name: 'get_order_details', arguments: { order_id: '#W2' }, info: null },
      ],
      communicate_info: ['Austin', 'blue'],
      nl_assertions: null,
      reward_basis: ['ACTION', 'COMMUNICATE', 'NL_ASSERTION'],
    });
    const messages: Tau2Message[] = [
      call('a', 'get_user_details', { user_id: 'ann_lee_1' }),
      { role: 'tool', id: 'a', content: '', error: false },
      { role: 'assistant', content: 'You live in AUSTIN, right?' },
      { role: 'user', content: '###STOP###' },
    ];
    const { domain, state } = played(messages, [basis]);
    const result = tau2Reward(domain, basis, state, messages, {
      termination: 'user-stop',
      nl: { kind: 'not-judged' },
    });
    expect(result.breakdown.actions.reward).toBe(0.5);
    expect(result.breakdown.communicate.checks.map((c) => c.met)).toEqual([true, false]);
    expect(result.breakdown.nlAssertions.status).toBe('nothing to check');
    expect(result.info.reward_breakdown).toEqual({ ACTION: 0.5, NL_ASSERTION: 1.0, COMMUNICATE: 0.0 });
    expect(result).toMatchObject({ reward: 0.0, provisional: false });
    expect(result.info.db_check).toEqual({ db_match: true, db_reward: 1.0 });
  });

  it('runs environment assertions on the data the agent left', () => {
    const statusIs = (db: Db, args: PyDict) =>
      db.get('orders', String(args.order_id))?.status === args.status;
    const assertions = task('env', {
      actions: null,
      env_assertions: [
        {
          env_type: 'assistant',
          func_name: 'order_status_is',
          arguments: { order_id: '#W1', status: 'cancelled' },
        },
        {
          env_type: 'assistant',
          func_name: 'order_status_is',
          arguments: { order_id: '#W2', status: 'delivered' },
          assert_value: false,
        },
        { env_type: 'assistant', func_name: 'no_such_check', arguments: {} },
      ],
      reward_basis: ['ENV_ASSERTION'],
    });
    const domain = tinyTau2Domain([assertions], new Map([['order_status_is', statusIs]]));
    const messages = conversation();
    const { state } = replayTau2Messages(domain, messages);
    const result = tau2Reward(domain, assertions, state, messages, {
      termination: 'user-stop',
      nl: { kind: 'not-judged' },
    });
    expect(result.breakdown.envAssertions.checks.map((c) => [c.met, c.error])).toEqual([
      [true, null],
      [false, null],
      [false, 'no environment function named "no_such_check"'],
    ]);
    expect(result.reward).toBe(0.0);
    // No ground-truth actions: the expected data is the fresh one, which the cancellation changed; the
    // data check is reported, though outside the basis.
    expect(result.breakdown.db).toMatchObject({ status: 'not met', inBasis: false });
    const untouched = tau2Reward(domain, assertions, new State(domain.base), [], {
      termination: 'user-stop',
      nl: { kind: 'not-judged' },
    });
    expect(untouched.breakdown.db.status).toBe('met');
  });

  it("matches ground-truth actions as tau2: Python equality, compare_args, and the call's own arguments", () => {
    const action = {
      actionId: 'a',
      requestor: 'assistant' as const,
      name: 'calculate',
      arguments: fromJs({ expression: '1 + 1', n: 1 }) as PyDict,
      info: null,
      compareArgs: null,
    };
    const tool = (args: unknown, name = 'calculate') => ({
      id: '1',
      name,
      arguments: fromJs(args) as PyDict,
    });
    expect(tau2ActionMatches(action, tool({ expression: '1 + 1', n: 1.0 }))).toBe(true);
    expect(tau2ActionMatches(action, tool({ expression: '1 + 1', n: true }))).toBe(true);
    expect(tau2ActionMatches(action, tool({ expression: '1 + 2', n: 1 }))).toBe(false);
    // With compare_args null, only the arguments the call passes are compared.
    expect(tau2ActionMatches(action, tool({ expression: '1 + 1' }))).toBe(true);
    expect(tau2ActionMatches(action, tool({}))).toBe(true);
    expect(tau2ActionMatches(action, tool({ expression: '1 + 1' }, 'think'))).toBe(false);
    expect(tau2ActionMatches({ ...action, compareArgs: [] }, tool({ expression: 'other' }))).toBe(true);
    expect(tau2ActionMatches({ ...action, compareArgs: ['n'] }, tool({ expression: 'other', n: 1 }))).toBe(
      true,
    );
  });

  it('reads an episode’s actions as a tau2 conversation', () => {
    const messages = tau2MessagesFromActions(
      [
        { name: 'respond', kwargs: { content: 'Hi' } },
        { name: 'get_order_details', kwargs: fromJs({ order_id: '#W0' }) as PyDict },
      ],
      ['Hello ###STOP###', 'Error: Order not found'],
    );
    expect(messages).toEqual([
      { role: 'assistant', content: 'Hi' },
      { role: 'user', content: 'Hello ###STOP###' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [{ id: 'call_1', name: 'get_order_details', arguments: { order_id: '#W0' } }],
      },
      { role: 'tool', id: 'call_1', content: 'Error: Order not found', error: true },
    ]);
  });

  it('a task without criteria scores 1 with a note; bad criteria are refused with the field named', () => {
    const bare: Task = { id: 'bare', instruction: '', actions: [], outputs: [] };
    const { domain, state } = played([], [bare]);
    const result = tau2Reward(domain, bare, state, [], {
      termination: 'user-stop',
      nl: { kind: 'not-judged' },
    });
    expect(result).toMatchObject({ reward: 1.0, note: 'No evaluation criteria' });
    const bad = task('bad', { reward_basis: ['DB', 'VIBES'] });
    expect(() =>
      tau2Reward(domain, bad, state, [], { termination: 'user-stop', nl: { kind: 'not-judged' } }),
    ).toThrow(/bad: field "reward_basis" names an unknown criterion "VIBES"/);
  });
});

describe('the judge reply', () => {
  const two = ['a', 'b'];
  const judge = { provider: 'fake', model: 'judge-1' };
  it('is one verdict per statement, in any order, optionally fenced', () => {
    expect(parseJudgeReply(VERDICTS_OK, two, judge).map((c) => c.met)).toEqual([true, true]);
    expect(
      parseJudgeReply(
        '```\n{"verdicts": [{"statement": 2, "holds": false}, {"statement": 1, "holds": true}]}\n```',
        two,
        judge,
      ),
    ).toEqual([
      { assertion: 'a', met: true, justification: '' },
      { assertion: 'b', met: false, justification: '' },
    ]);
  });

  it('says what is wrong with an unusable reply', () => {
    const bad = (text: string) => () => parseJudgeReply(text, two, judge);
    expect(bad('{"results": []}')).toThrow(JudgeReplyError);
    // The model's fault: a ModelError naming the judge, whose reason is what results record.
    expect(bad('{"results": []}')).toThrow(ModelError);
    expect(bad('{"results": []}')).toThrow(
      /^Model fake:judge-1 failed after 1 call: the judge's reply has no/,
    );
    expect(bad('{"results": []}')).toThrow(`the judge's reply has no "verdicts" list`);
    expect(bad('{"verdicts": [{"statement": 3, "holds": true}]}')).toThrow(
      'names no statement between 1 and 2',
    );
    expect(bad('{"verdicts": [{"statement": 1, "holds": "yes"}]}')).toThrow('"holds" must be true or false');
    expect(bad('{"verdicts": [{"statement": 1, "holds": true}, {"statement": 1, "holds": false}]}')).toThrow(
      'gives statement 1 two verdicts',
    );
  });
});

const CANCEL_NL = parsePyJson(
  '["The agent asks for confirmation before cancelling.", "The agent names the refund amount."]',
) as string[];
