import { TaskReader } from '../core/domain/loaders/tasks.ts';
import { type Domain, RESPOND_ACTION, type Task } from '../core/domain/types.ts';
import { DataError, InputError } from '../core/errors.ts';
import { isDict, JsonSyntaxError, type PyDict, type PyValue, parsePyJson } from '../core/python/index.ts';
import { type RecordedStep, replayInto } from './replay.ts';
import { ReplayingCustomer } from './replaying-customer.ts';
import { SimulatorSession } from './simulator-session.ts';

export interface RescoredTrajectory {
  index: number;
  taskId: string;
  trial?: number;
  recorded: number;
  recomputed: number;
  /** How the replayed conversation ended. */
  ending: 'user-stop' | 'transfer' | 'cut-off';
  /** Tool results that differ from the recorded ones (a sign the environment behaves differently). */
  observationDifferences: number;
  toolCalls: number;
  /** The state hash of the data the replayed conversation left. */
  finalStateHash: string;
}

export interface RescoreReport {
  domain: string;
  total: number;
  agree: number;
  observations: { agree: number; total: number };
  disagreements: RescoredTrajectory[];
  results: RescoredTrajectory[];
}

interface Message {
  role: string;
  content: string | null;
  toolCalls: Array<{ name: string; arguments: string }>;
}

function readMessages(where: string, traj: PyValue): Message[] {
  if (!Array.isArray(traj)) throw new DataError(where, '"traj" must be a list of messages');
  return traj.map((m, i) => {
    if (!isDict(m) || typeof m.role !== 'string')
      throw new DataError(where, `message ${i} must have a "role"`);
    const calls = Array.isArray(m.tool_calls) ? m.tool_calls : [];
    return {
      role: m.role,
      content: typeof m.content === 'string' ? m.content : null,
      toolCalls: calls.map((c, j) => {
        const fn = isDict(c) && isDict(c.function) ? c.function : null;
        if (fn === null || typeof fn.name !== 'string' || typeof fn.arguments !== 'string') {
          throw new DataError(
            where,
            `message ${i} tool call ${j} must have function.name and function.arguments`,
          );
        }
        return { name: fn.name, arguments: fn.arguments };
      }),
    };
  });
}

/** The task a tau-bench result record was run on: its `info.task`, else `task_id` of the default split. */
export function recordedTask(domain: Domain, where: string, record: PyDict): Task {
  const info = record.info;
  if (isDict(info) && isDict(info.task)) {
    const r = new TaskReader(where, 'info.task', info.task);
    const userId = r.optionalString('user_id');
    return {
      id: String(record.task_id ?? ''),
      ...(userId === undefined ? {} : { userId }),
      instruction: r.string('instruction'),
      actions: r.actions('actions', 'kwargs'),
      outputs: r.strings('outputs'),
    };
  }
  const index = record.task_id;
  const task = typeof index === 'bigint' ? domain.tasks.get(domain.defaultSplit)?.[Number(index)] : undefined;
  if (task === undefined)
    throw new DataError(where, 'has neither info.task nor a task_id of the default split');
  return task;
}

/** A result file's conversation as recorded steps: the first tool call of each agent message, or its text. */
function resultSteps(messages: readonly Message[]): RecordedStep[] {
  const steps: RecordedStep[] = [
    { kind: 'start', opening: messages.find((m) => m.role === 'user')?.content ?? '' },
  ];
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== 'assistant') continue;
    const call = m.toolCalls[0];
    if (call !== undefined) {
      const recorded = messages[i + 1];
      steps.push({
        kind: 'tool',
        name: call.name,
        arguments: readableArguments(call.arguments),
        ...(recorded?.role === 'tool' && recorded.content !== null ? { observation: recorded.content } : {}),
        author: 'replay',
      });
    } else {
      const reply = messages.slice(i + 1).find((n) => n.role === 'user' || n.role === 'assistant');
      if (reply?.role !== 'user') break;
      steps.push({ kind: 'respond', message: m.content ?? '', reply: reply.content ?? '', author: 'replay' });
    }
  }
  return steps;
}

/** The arguments as the reference's agent loop reads them: JSON text, an unreadable one as no arguments. */
function readableArguments(text: string): Record<string, unknown> | string {
  try {
    return isDict(parsePyJson(text)) ? text : {};
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {};
  }
}

/**
 * Replays one recorded conversation through the replay module: every tool call the agent made (the
 * first of each assistant message, as tau-bench's tool-calling agent executes) and every message it
 * wrote, with the customer's recorded replies. It ends as tau-bench ends it: a reply containing
 * `###STOP###` or a terminating tool; a conversation that reached neither was cut off by the step limit
 * and scores 0.
 */
async function rescoreOne(domain: Domain, record: PyDict, index: number): Promise<RescoredTrajectory> {
  const where = `trajectory ${index}`;
  const task = recordedTask(domain, where, record);
  const messages = readMessages(where, record.traj ?? null);
  const customer = new ReplayingCustomer();
  const session = new SimulatorSession(
    { domain, split: 'recorded', taskIndex: index, task, customer, maxTurns: Number.MAX_SAFE_INTEGER },
    `${where}`,
  );
  const report = await replayInto(session, customer, resultSteps(messages), {
    onDifference: 'count',
    stopAtEnd: true,
    label: where,
  });
  const end = session.endReason;
  const ending = end === 'user-stop' || end === 'transfer' ? end : 'cut-off';
  const recorded = record.reward;
  const trial = record.trial;
  return {
    index,
    taskId: String(record.task_id ?? task.id),
    ...(typeof trial === 'bigint' ? { trial: Number(trial) } : {}),
    recorded: typeof recorded === 'bigint' || typeof recorded === 'number' ? Number(recorded) : Number.NaN,
    recomputed: ending === 'cut-off' ? 0 : (session.getFinalResult().reward.reward ?? 0),
    ending,
    observationDifferences: report.differences,
    toolCalls: report.toolCalls,
    finalStateHash: session.stateHash(),
  };
}

/** The domain whose tools cover every tool the file's agents called and its tasks name. */
export function guessDomain(records: PyValue[], domains: Domain[]): Domain {
  const used = new Set<string>();
  for (const record of records) {
    if (!isDict(record)) continue;
    for (const m of Array.isArray(record.traj) ? record.traj : []) {
      if (!isDict(m) || !Array.isArray(m.tool_calls)) continue;
      for (const c of m.tool_calls)
        if (isDict(c) && isDict(c.function) && typeof c.function.name === 'string') used.add(c.function.name);
    }
    const task = isDict(record.info) && isDict(record.info.task) ? record.info.task : null;
    for (const a of task !== null && Array.isArray(task.actions) ? task.actions : []) {
      if (isDict(a) && typeof a.name === 'string') used.add(a.name);
    }
  }
  const fits = domains.filter((d) => [...used].every((name) => d.tools.has(name) || name === RESPOND_ACTION));
  if (fits.length === 1) return fits[0]!;
  const names = (fits.length > 0 ? fits : domains).map((d) => d.name).join(', ');
  throw new InputError(
    fits.length === 0
      ? `no domain has every tool these trajectories use (${[...used].sort().join(', ')}); loaded: ${names}`
      : `several domains fit these trajectories (${names}): choose one with --env`,
  );
}

/** Re-scores tau-bench result records (`{task_id, reward, info, traj}`) by replaying them. */
export async function rescoreTrajectories(records: PyValue[], domain: Domain): Promise<RescoreReport> {
  const results: RescoredTrajectory[] = [];
  for (const [i, record] of records.entries()) {
    if (!isDict(record)) throw new DataError(`trajectory ${i}`, 'must be an object');
    results.push(await rescoreOne(domain, record, i));
  }
  const observations = {
    agree: results.reduce((n, r) => n + r.toolCalls - r.observationDifferences, 0),
    total: results.reduce((n, r) => n + r.toolCalls, 0),
  };
  const disagreements = results.filter((r) => r.recorded !== r.recomputed);
  return {
    domain: domain.name,
    total: results.length,
    agree: results.length - disagreements.length,
    observations,
    disagreements,
    results,
  };
}
