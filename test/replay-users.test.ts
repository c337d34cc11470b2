// One replay, four users. The same recorded conversations — the 100 shared gpt-4o airline runs, and
// sessions with undo and rollback — go through every user of the replay module: the library's resume,
// the server's crash recovery, `sigma rescore`, and the terminal (`sigma play --resume`, whose --json
// result holds what `/changes` shows). Each must give back the original session's tool results, state
// hash, reward and data changes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffAsJson } from '../src/cli/play/render.ts';
import type { Trajectory } from '../src/contracts/trajectory.ts';
import { isDict, type PyDict, type PyValue, parsePyJson } from '../src/core/python/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SessionService } from '../src/server/session-service.ts';
import { rescoreTrajectories } from '../src/session/rescore.ts';
import { SimulatorCore } from '../src/session/simulator-core.ts';
import { SimulatorSession } from '../src/session/simulator-session.ts';
import { SqliteStore } from '../src/store/index.ts';
import { createCustomer, customerConfig, customerTurnsFromTraj } from '../src/users/index.ts';
import { runCliAsync } from './support/run-cli-async.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

/** What every user of the replay must give back. */
interface Outcome {
  done: boolean;
  toolResults: string[];
  hash: string;
  reward: number | null;
  changes: unknown;
}

function outcome(session: SimulatorSession): Outcome {
  return {
    done: session.isDone,
    toolResults: session.history.filter((m) => m.role === 'tool').map((m) => m.content),
    hash: session.stateHash(),
    reward: session.getFinalResult().reward.reward,
    changes: diffAsJson(session.changes()),
  };
}

type AgentStep =
  | { kind: 'tool'; name: string; arguments: string }
  | { kind: 'respond'; message: string }
  | { kind: 'undo' }
  | { kind: 'rollback'; messageId: string };

interface Recording {
  label: string;
  env: string;
  taskIndex: number;
  steps: AgentStep[];
  /** The recorded conversation the customer replays; none: the scripted customer answers. */
  traj?: Array<{ role: string; content: unknown }>;
}

/** A live session and what its customer said, in order (undone turns included). */
interface Played {
  session: SimulatorSession;
  said: string[];
}

/** A tau-bench result record as the agent's steps, as tau-bench's tool-calling agent executed them. */
function fromResultRecord(record: PyDict, index: number): Recording {
  const traj = record.traj as PyDict[];
  const steps: AgentStep[] = [];
  for (let i = 0; i < traj.length; i++) {
    const m = traj[i]!;
    if (m.role !== 'assistant') continue;
    const call = Array.isArray(m.tool_calls) ? m.tool_calls[0] : undefined;
    if (call !== undefined && isDict(call) && isDict(call.function)) {
      steps.push({
        kind: 'tool',
        name: String(call.function.name),
        arguments: String(call.function.arguments),
      });
      continue;
    }
    const reply = traj.slice(i + 1).find((n) => n.role === 'user' || n.role === 'assistant');
    if (reply?.role !== 'user') break;
    steps.push({ kind: 'respond', message: String(m.content ?? '') });
  }
  const plain = JSON.parse(JSON.stringify(traj, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  return { label: `record ${index}`, env: 'airline', taskIndex: Number(record.task_id), steps, traj: plain };
}

/** Plays a recording as a live session: the customer answers with the recorded words, or is scripted. */
async function playLive(registry: DomainRegistry, r: Recording): Promise<Played> {
  const domain = await registry.get(r.env);
  const customer =
    r.traj === undefined
      ? createCustomer(customerConfig('scripted'))
      : createCustomer(customerConfig('replay'), { replay: { turns: customerTurnsFromTraj(r.traj) } });
  const session = new SimulatorSession({ domain, split: 'test', taskIndex: r.taskIndex, customer });
  const said = [await session.start()];
  for (const step of r.steps) {
    if (session.isDone && step.kind !== 'undo' && step.kind !== 'rollback') break;
    if (step.kind === 'tool') session.callTool(step.name, step.arguments, 'replay');
    else if (step.kind === 'respond')
      said.push((await session.respondToUser(step.message, 'replay')).observation);
    else if (step.kind === 'undo') session.undo();
    else session.rollbackTo(step.messageId);
  }
  return { session, said };
}

/** The server: the recording is played through the service (stored as events), then rebuilt by a new one. */
async function throughServer(
  store: SqliteStore,
  registry: DomainRegistry,
  r: Recording,
  said: readonly string[],
): Promise<SimulatorSession> {
  const replies = [...said];
  const first = new SessionService({ store, registry });
  const created = await first.create({ envName: r.env, taskIndex: r.taskIndex, userStrategy: 'scripted' });
  const id = created.row.id;
  await first.use(id, async (live) => {
    live.customer.replay({ text: replies.shift()! });
    await first.start(live);
    for (const step of r.steps) {
      if (live.session.isDone && step.kind !== 'undo' && step.kind !== 'rollback') break;
      if (step.kind === 'tool') await first.tool(live, step.name, step.arguments);
      else if (step.kind === 'respond') {
        live.customer.replay({ text: replies.shift()! });
        await first.respond(live, step.message);
      } else if (step.kind === 'undo') await first.undo(live);
      else await first.rollback(live, step.messageId);
    }
  });
  // A new service over the same store, as after a crash: the session is rebuilt from its events.
  const second = new SessionService({ store, registry });
  return second.use(id, (live) => live.session);
}

/** The final conversation of a session as a tau-bench result record, for `sigma rescore`. */
function asResultRecord(t: Trajectory, taskIndex: number, reward: number | null): PyValue {
  const traj = t.messages.map((m) =>
    m.role === 'assistant'
      ? {
          role: 'assistant',
          content: m.content,
          ...(m.tool_calls === undefined
            ? {}
            : {
                tool_calls: m.tool_calls.map((c) => ({ id: c.id, type: 'function', function: c.function })),
              }),
        }
      : m.role === 'tool'
        ? { role: 'tool', tool_call_id: m.tool_call_id, name: m.name, content: m.content }
        : { role: m.role, content: m.content },
  );
  return parsePyJson(JSON.stringify({ task_id: taskIndex, reward: reward ?? 0, traj }));
}

/** Sessions with undo and rollback, on the shared airline data. */
function editedRecordings(): Recording[] {
  const cancel = {
    kind: 'tool',
    name: 'cancel_reservation',
    arguments: '{"reservation_id": "4WQ150"}',
  } as const;
  const read = {
    kind: 'tool',
    name: 'get_reservation_details',
    arguments: '{"reservation_id": "4WQ150"}',
  } as const;
  const user = {
    kind: 'tool',
    name: 'get_user_details',
    arguments: '{"user_id": "chen_jackson_3290"}',
  } as const;
  return [
    {
      label: 'undo of a write, then the write again',
      env: 'airline',
      taskIndex: 1,
      steps: [user, read, cancel, { kind: 'undo' }, read, cancel],
    },
    {
      label: 'rollback to before a write and a message',
      env: 'airline',
      taskIndex: 1,
      steps: [
        user,
        { kind: 'respond', message: 'Which reservation?' },
        cancel,
        { kind: 'respond', message: 'Cancelled.' },
        { kind: 'rollback', messageId: 'm3' },
        read,
        { kind: 'respond', message: 'It is cancelled now. Anything else?' },
      ],
    },
  ];
}

describe.skipIf(noSharedData)(`every user of the replay gives the same result (${skipReason})`, () => {
  it('library resume, server recovery, rescore and the terminal agree with the played sessions', async () => {
    const registry = new DomainRegistry({ data: shared('tau-bench') });
    const file = shared('trajectories', 'tau-bench-gpt-4o-airline-trials-0-1.json');
    const records = parsePyJson(readFileSync(file, 'utf8')) as PyDict[];
    const recordings = [...records.map(fromResultRecord), ...editedRecordings()];
    const domain = await registry.get('airline');
    const store = SqliteStore.open(join(tempDir('replay-users'), 'sigma.db'));
    await store.migrate();
    const dir = tempDir('replay-users-cli');
    const terminalRuns: Array<{ label: string; path: string; expected: Outcome }> = [];
    const played: Outcome[] = [];

    for (const [i, r] of recordings.entries()) {
      const { session: original, said } = await playLive(registry, r);
      const expected = outcome(original);
      played.push(expected);
      const trajectory = original.toTrajectory();

      const resumed = (
        await SimulatorCore.fromTrajectory(JSON.parse(JSON.stringify(trajectory)), { registry })
      ).session;
      expect(outcome(resumed), `${r.label}: library resume`).toEqual(expected);

      const recovered = await throughServer(store, registry, r, said);
      expect(outcome(recovered), `${r.label}: server recovery`).toEqual(expected);

      const [rescored] = (
        await rescoreTrajectories([asResultRecord(trajectory, r.taskIndex, expected.reward)], domain)
      ).results;
      expect(rescored!.finalStateHash, `${r.label}: rescore hash`).toBe(expected.hash);
      expect(rescored!.observationDifferences, `${r.label}: rescore observations`).toBe(0);
      expect(rescored!.toolCalls).toBe(expected.toolResults.length);
      if (original.isDone) expect(rescored!.recomputed, `${r.label}: rescore reward`).toBe(expected.reward);

      if (i % 10 === 0 || i >= records.length) {
        const path = join(dir, `${i}.json`);
        writeFileSync(path, JSON.stringify(trajectory));
        terminalRuns.push({ label: r.label, path, expected });
      }
    }
    // The recorded rewards of the shared runs are what the played sessions give.
    const agree = records.filter(
      (rec, i) => Number(rec.reward) === (played[i]!.done ? played[i]!.reward : 0),
    ).length;
    expect(agree).toBe(100);

    // One step that changes no data: a finished episode leaves it unplayed, a running one plays it.
    const empty = join(dir, 'think.jsonl');
    writeFileSync(empty, '{"tool": "think", "arguments": {"thought": "Where does this stand?"}}\n');
    const results = await Promise.all(
      terminalRuns.map(async (run) => {
        const cli = await runCliAsync(
          [
            'play',
            '--resume',
            run.path,
            '--data',
            shared('tau-bench'),
            '--script',
            empty,
            '--json',
            '--save-to',
            join(dir, 'saved.jsonl'),
          ],
          { env: { SIGMA_HOME: join(dir, 'home') } },
        );
        expect(cli.status, `${run.label}: ${cli.stderr}`).toBe(0);
        return { run, json: JSON.parse(cli.stdout) };
      }),
    );
    for (const { run, json } of results) {
      expect(json.stateHash, `${run.label}: terminal hash`).toBe(run.expected.hash);
      expect(json.changes, `${run.label}: terminal /changes`).toEqual(run.expected.changes);
      if (json.endReason !== 'abandoned')
        expect(json.reward, `${run.label}: terminal reward`).toBe(run.expected.reward);
    }
    expect(results.length).toBeGreaterThanOrEqual(12);
    await store.close();
    // 102 recordings through four users, and a dozen CLI runs: minutes on a loaded machine.
  }, 300_000);
});
