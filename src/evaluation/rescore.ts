import { TaskReader } from '../core/domain/loaders/tasks.ts';
import { type Action, type Domain, RESPOND_ACTION, type Task } from '../core/domain/types.ts';
import { Episode } from '../core/episode/episode.ts';
import { DataError, InputError } from '../core/errors.ts';
import { isDict, JsonSyntaxError, type PyDict, type PyValue, parsePyJson } from '../core/python/index.ts';

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

/**
 * Replays one recorded conversation: every tool call the agent made (the first of each assistant
 * message, as tau-bench's tool-calling agent executes) and every message it wrote, with the customer's
 * recorded replies. It ends as tau-bench ends it: a reply containing `###STOP###` or a terminating tool;
 * a conversation that reached neither was cut off by the step limit and scores 0.
 */
function rescoreOne(domain: Domain, record: PyDict, index: number): RescoredTrajectory {
  const where = `trajectory ${index}`;
  const task = recordedTask(domain, where, record);
  const messages = readMessages(where, record.traj ?? null);
  const episode = new Episode(domain, task);
  let observationDifferences = 0;
  let toolCalls = 0;
  let recomputed: number | undefined;
  for (let i = 0; i < messages.length && recomputed === undefined; i++) {
    const m = messages[i]!;
    if (m.role !== 'assistant') continue;
    const call = m.toolCalls[0];
    if (call !== undefined) {
      let kwargs: PyValue;
      try {
        kwargs = parsePyJson(call.arguments);
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error;
        kwargs = {};
      }
      const action: Action = { name: call.name, kwargs: isDict(kwargs) ? kwargs : {} };
      const result = episode.step(action);
      toolCalls++;
      const recorded = messages[i + 1];
      if (recorded?.role === 'tool' && recorded.content !== result.observation) observationDifferences++;
      if (result.done) recomputed = result.reward!.reward;
    } else {
      const reply = messages.slice(i + 1).find((n) => n.role === 'user' || n.role === 'assistant');
      if (reply?.role !== 'user') break;
      const result = episode.step(
        { name: RESPOND_ACTION, kwargs: { content: m.content ?? '' } },
        reply.content ?? '',
      );
      if (result.done) recomputed = result.reward!.reward;
    }
  }
  const ending =
    episode.endReason === 'user-stop' || episode.endReason === 'transfer' ? episode.endReason : 'cut-off';
  const recorded = record.reward;
  const trial = record.trial;
  return {
    index,
    taskId: String(record.task_id ?? task.id),
    ...(typeof trial === 'bigint' ? { trial: Number(trial) } : {}),
    recorded: typeof recorded === 'bigint' || typeof recorded === 'number' ? Number(recorded) : Number.NaN,
    recomputed: recomputed ?? 0,
    ending,
    observationDifferences,
    toolCalls,
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
export function rescoreTrajectories(records: PyValue[], domain: Domain): RescoreReport {
  const results = records.map((record, i) => {
    if (!isDict(record)) throw new DataError(`trajectory ${i}`, 'must be an object');
    return rescoreOne(domain, record, i);
  });
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
