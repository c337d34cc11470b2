import type { Domain, Task } from '../core/domain/types.ts';
import { STOP_MARKER } from '../core/episode/episode.ts';
import { DataError, InputError } from '../core/errors.ts';
import {
  replayTau2Messages,
  type Tau2Message,
  type Tau2Termination,
  type Tau2ToolCall,
  tau2Reward,
} from '../core/flavours/tau2/index.ts';
import { isDict, type PyDict, type PyValue, pyDumps, sameValue } from '../core/python/index.ts';
import type { DomainLookup, ParityDifference, Tally } from './parity.ts';

/**
 * tau2's parity vectors (`tau2 evaluation vectors v1`): conversations replayed on a domain of the tau2
 * flavour, each tool result, the final database hash and the evaluator's verdicts compared with what
 * the reference produced.
 */
export interface Tau2ParityReport {
  format: 'tau2';
  cases: number;
  /** Tool results: the text and whether it is an error, both as recorded. */
  observations: Tally;
  hashes: Tally;
  /** Rewards, natural-language assertions treated as met (as the vectors were made). */
  rewards: Tally;
  dbChecks: Tally;
  /** One per ground-truth action of each case. */
  actionChecks: Tally;
  /** One per fact to communicate of each case. */
  communicateChecks: Tally;
  /** The whole `reward_info` of each case (basis and breakdown included). */
  rewardInfos: Tally;
  differences: ParityDifference[];
}

interface Tau2Case {
  label: string;
  domain: string;
  taskId: string;
  taskIndex: number;
  messages: Tau2Message[];
  observations: string[];
  finalHash: string;
  reward: number;
  rewardInfo: PyDict;
}

/** Whether a parsed parity file is in tau2's vector format. */
export function isTau2Vectors(data: PyValue): data is PyDict {
  if (!isDict(data) || !Array.isArray(data.cases)) return false;
  if (typeof data.format === 'string' && data.format.startsWith('tau2 evaluation vectors')) return true;
  const first = data.cases[0];
  return isDict(first) && 'messages' in first && 'final_db_hash' in first;
}

function readMessages(where: string, raw: PyValue | undefined): Tau2Message[] {
  if (!Array.isArray(raw)) throw new DataError(where, '"messages" must be a list');
  return raw.map((m, i): Tau2Message => {
    if (!isDict(m) || typeof m.role !== 'string')
      throw new DataError(where, `message ${i} must have a "role"`);
    const content = m.content ?? null;
    if (content !== null && typeof content !== 'string') {
      throw new DataError(where, `message ${i}: "content" must be a string or null`);
    }
    if (m.role === 'tool') {
      if (typeof m.id !== 'string' || content === null) {
        throw new DataError(where, `message ${i}: a tool message needs "id" and "content"`);
      }
      return { role: 'tool', id: m.id, content, error: m.error === true };
    }
    if (m.role !== 'assistant' && m.role !== 'user') {
      throw new DataError(where, `message ${i}: unknown role "${m.role}"`);
    }
    const calls = m.tool_calls ?? null;
    if (calls === null) return { role: m.role, content };
    if (!Array.isArray(calls)) throw new DataError(where, `message ${i}: "tool_calls" must be a list`);
    const toolCalls = calls.map((c, j): Tau2ToolCall => {
      if (
        !isDict(c) ||
        typeof c.id !== 'string' ||
        typeof c.name !== 'string' ||
        !isDict(c.arguments ?? {})
      ) {
        throw new DataError(where, `message ${i} tool call ${j} must have "id", "name" and "arguments"`);
      }
      return {
        id: c.id,
        name: c.name,
        arguments: (c.arguments ?? {}) as PyDict,
        ...(c.requestor === 'user' ? { requestor: 'user' as const } : {}),
      };
    });
    return { role: m.role, content, toolCalls };
  });
}

function readCase(raw: PyValue, index: number): Tau2Case {
  const where = `case ${index}`;
  if (!isDict(raw)) throw new DataError(where, 'must be an object');
  const { domain, task_id: taskId, task_index: taskIndex, final_db_hash: finalHash } = raw;
  if (typeof domain !== 'string') throw new DataError(where, 'field "domain" must be a string');
  if (typeof taskId !== 'string') throw new DataError(where, 'field "task_id" must be a string');
  if (typeof taskIndex !== 'bigint') throw new DataError(where, 'field "task_index" must be an integer');
  if (typeof finalHash !== 'string') throw new DataError(where, 'field "final_db_hash" must be a string');
  const observations = raw.observations;
  if (!Array.isArray(observations) || !observations.every((o) => typeof o === 'string')) {
    throw new DataError(where, '"observations" must be a list of strings');
  }
  const reward = raw.reward;
  if (typeof reward !== 'number' && typeof reward !== 'bigint') {
    throw new DataError(where, 'field "reward" must be a number');
  }
  if (!isDict(raw.reward_info)) throw new DataError(where, 'field "reward_info" must be an object');
  return {
    label: `${domain} #${taskIndex} ${String(raw.case ?? '')} (case ${index})`,
    domain,
    taskId,
    taskIndex: Number(taskIndex),
    messages: readMessages(where, raw.messages),
    observations: observations as string[],
    finalHash,
    reward: Number(reward),
    rewardInfo: raw.reward_info,
  };
}

/** The case's task, by its id (ids are unique; `task_index` is its place in `tasks.json`). */
function taskOf(domain: Domain, c: Tau2Case): Task {
  for (const tasks of domain.tasks.values()) {
    const task = tasks.find((t) => t.id === c.taskId);
    if (task !== undefined) return task;
  }
  throw new InputError(`${c.label}: domain "${domain.name}" has no task with id "${c.taskId}"`);
}

/** How the recorded conversation ended: the last stop marker's author. */
function terminationOf(messages: readonly Tau2Message[]): Tau2Termination {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== 'tool' && m.content?.includes(STOP_MARKER))
      return m.role === 'user' ? 'user-stop' : 'agent-stop';
  }
  return 'max-steps';
}

function tally(t: Tally, ok: boolean): boolean {
  t.total++;
  if (ok) t.agree++;
  return ok;
}

function show(value: PyValue | undefined): string {
  return value === undefined ? '(absent)' : pyDumps(value);
}

/** Compares two lists of checks entry by entry; a list against none counts as one difference. */
function compareChecks(
  report: Tau2ParityReport,
  t: Tally,
  label: string,
  field: ParityDifference['field'],
  expected: PyValue | undefined,
  actual: PyValue | undefined,
): void {
  const exp = Array.isArray(expected) ? expected : null;
  const act = Array.isArray(actual) ? actual : null;
  if (exp === null || act === null) {
    // Neither has checks (tau2 reports null when there is nothing to check): nothing to count.
    if ((expected ?? null) === null && (actual ?? null) === null) return;
    tally(t, false);
    report.differences.push({ label, field, expected: show(expected), actual: show(actual) });
    return;
  }
  const n = Math.max(exp.length, act.length);
  for (let i = 0; i < n; i++) {
    const ok = exp[i] !== undefined && act[i] !== undefined && sameValue(exp[i]!, act[i]!);
    if (!tally(t, ok))
      report.differences.push({ label, field, step: i, expected: show(exp[i]), actual: show(act[i]) });
  }
}

function replayCase(domain: Domain, c: Tau2Case, report: Tau2ParityReport): void {
  const task = taskOf(domain, c);
  const { state, calls } = replayTau2Messages(domain, c.messages);
  const recorded = c.messages.filter((m): m is Extract<Tau2Message, { role: 'tool' }> => m.role === 'tool');
  const n = Math.max(calls.length, c.observations.length);
  for (let i = 0; i < n; i++) {
    const call = calls[i];
    const expected = c.observations[i];
    const expectedError = recorded[i]?.error;
    const ok = call !== undefined && call.observation === expected && call.error === expectedError;
    if (!tally(report.observations, ok)) {
      report.differences.push({
        label: c.label,
        field: call !== undefined && call.observation === expected ? 'error flag' : 'observation',
        step: i,
        expected: call?.observation === expected ? `error: ${String(expectedError)}` : (expected ?? '(none)'),
        actual:
          call?.observation === expected ? `error: ${String(call?.error)}` : (call?.observation ?? '(none)'),
      });
    }
  }
  const hash = domain.hashState(state);
  if (!tally(report.hashes, hash === c.finalHash)) {
    report.differences.push({ label: c.label, field: 'hash', expected: c.finalHash, actual: hash });
  }
  // The vectors were made with every natural-language assertion treated as met.
  const result = tau2Reward(domain, task, state, c.messages, {
    termination: terminationOf(c.messages),
    nl: { kind: 'assumed-met' },
  });
  if (!tally(report.rewards, result.reward === c.reward)) {
    report.differences.push({
      label: c.label,
      field: 'reward',
      expected: String(c.reward),
      actual: String(result.reward),
    });
  }
  const expectedInfo = c.rewardInfo;
  const info = result.info;
  if (!tally(report.dbChecks, sameValue(expectedInfo.db_check ?? null, info.db_check ?? null))) {
    report.differences.push({
      label: c.label,
      field: 'db_check',
      expected: show(expectedInfo.db_check),
      actual: show(info.db_check),
    });
  }
  compareChecks(
    report,
    report.actionChecks,
    c.label,
    'action_check',
    expectedInfo.action_checks,
    info.action_checks,
  );
  compareChecks(
    report,
    report.communicateChecks,
    c.label,
    'communicate_check',
    expectedInfo.communicate_checks,
    info.communicate_checks,
  );
  // The whole reward_info: every field the vector records (it leaves out tau2's empty extras).
  const differing = Object.keys(expectedInfo).filter(
    (key) => info[key] === undefined || !sameValue(expectedInfo[key] as PyValue, info[key] as PyValue),
  );
  if (!tally(report.rewardInfos, differing.length === 0)) {
    const pick = (from: PyDict): PyDict => Object.fromEntries(differing.map((k) => [k, from[k] ?? null]));
    report.differences.push({
      label: c.label,
      field: 'reward_info',
      expected: pyDumps(pick(expectedInfo)),
      actual: pyDumps(pick(info)),
    });
  }
}

/** Runs every case of a tau2 parity file against the domains of a catalog (e.g. `../shared/data/tau2`). */
export async function runTau2Parity(data: PyDict, catalog: DomainLookup): Promise<Tau2ParityReport> {
  if (!Array.isArray(data.cases)) throw new DataError('parity file', '"cases" must be a list');
  const parsed = data.cases.map(readCase);
  const report: Tau2ParityReport = {
    format: 'tau2',
    cases: parsed.length,
    observations: { agree: 0, total: 0 },
    hashes: { agree: 0, total: 0 },
    rewards: { agree: 0, total: 0 },
    dbChecks: { agree: 0, total: 0 },
    actionChecks: { agree: 0, total: 0 },
    communicateChecks: { agree: 0, total: 0 },
    rewardInfos: { agree: 0, total: 0 },
    differences: [],
  };
  for (const c of parsed) {
    const domain = await catalog.get(c.domain);
    if (domain.flavour.name !== 'tau2') {
      throw new InputError(
        `${c.label}: domain "${domain.name}" was loaded from the ${domain.source.layout} layout; tau2 vectors need a tau2 folder (e.g. ../shared/data/tau2)`,
      );
    }
    replayCase(domain, c, report);
  }
  return report;
}
