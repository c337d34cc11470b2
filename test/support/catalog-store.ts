// A SQLite store holding a catalog of 600+ finished trajectories, built quickly for the trajectory list's
// tests: a dozen kinds of episode are played offline through the library (SimulatorCore, the scripted
// customer, retail and airline), copilot episodes among them, and each kind is stored many times over
// (new ids and times, the trajectory otherwise as played) through the store's own API. Then a real batch
// run (`sigma run`'s local executor) of the loopback OpenAI-compatible model, agent and LLM customer, on
// retail tasks 0 to 2 × 2 trials, stores its attempts into the same file: the newest rows, author `model`.
import { join } from 'node:path';
import type { Trajectory } from '../../src/contracts/trajectory.ts';
import { toJs } from '../../src/core/python/index.ts';
import { DomainRegistry } from '../../src/registry/index.ts';
import { attemptSeed, executeRun, planRun, runModels } from '../../src/runs/index.ts';
import { SimulatorCore } from '../../src/session/index.ts';
import { runsOf } from '../../src/store/index.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import type { SessionRow } from '../../src/store/types.ts';
import { startOpenAICompatibleServer } from '../../src/testing/index.ts';
import { runModelAnswer } from './run-model.ts';

/** A word only the agent of one stored trajectory says: the free-text search finds exactly that one. */
export const RARE_WORD = 'quixotically';

export interface CatalogEpisode {
  kind: string;
  domain: string;
  reward: number | null;
  endReason: string;
  toolErrors: boolean;
  author: 'human' | 'model' | 'mixed';
  rejectedDrafts: boolean;
}

export interface CatalogStore {
  path: string;
  /** The stored trajectories, by id, with what each was played as. */
  episodes: Map<string, CatalogEpisode>;
  /** The id of the one trajectory whose messages hold `RARE_WORD`. */
  rareId: string;
  /**
   * The batch run stored last: its id, its agent and customer models (as the table shows them, without
   * the provider), and its attempts' session ids, oldest first (also in `episodes`).
   */
  run: { runId: string; agentModel: string; customerModel: string; sessionIds: string[] };
}

/** The batch run's models, served by the loopback OpenAI-compatible server. */
const RUN_AGENT_MODEL = 'catalog-agent';
const RUN_CUSTOMER_MODEL = 'catalog-customer';
const RUN_TASKS = '0,1,2';
const RUN_TRIALS = 2;

type Play = (sim: SimulatorCore) => Promise<void>;

const argsOf = (sim: SimulatorCore, i: number) =>
  toJs(sim.task.actions[i]!.kwargs) as Record<string, unknown>;

async function groundTruth(sim: SimulatorCore, author: 'human' | 'model'): Promise<void> {
  for (let i = 0; i < sim.task.actions.length; i++)
    await sim.callTool(sim.task.actions[i]!.name, argsOf(sim, i));
  let outcome = await sim.respondToUser(`All done. ${sim.task.outputs.join(' ')} Anything else?`, author);
  if (!outcome.done) outcome = await sim.respondToUser('Thank you, goodbye.', author);
}

const KINDS: Array<{ kind: string; env: string; task: number; maxTurns?: number; play: Play }> = [
  { kind: 'retail-solved-human', env: 'retail', task: 0, play: (s) => groundTruth(s, 'human') },
  { kind: 'retail-solved-model', env: 'retail', task: 1, play: (s) => groundTruth(s, 'model') },
  {
    kind: 'retail-tool-error',
    env: 'retail',
    task: 2,
    play: async (s) => {
      await s.callTool('get_order_details', { order_id: '#W0000000' });
      await groundTruth(s, 'human');
    },
  },
  {
    kind: 'retail-mixed-wrong',
    env: 'retail',
    task: 3,
    play: async (s) => {
      await s.respondToUser('Let me check your account first.', 'model');
      await s.respondToUser('Sorry, I cannot change that order. Goodbye.', 'human');
      const done = await s.respondToUser('Thank you, goodbye.', 'human');
      if (!done.done) await s.respondToUser('Goodbye.', 'human');
    },
  },
  {
    kind: 'retail-turn-limit',
    env: 'retail',
    task: 4,
    maxTurns: 2,
    play: async (s) => {
      await s.respondToUser('One moment please.', 'model');
      await s.respondToUser('Still looking.', 'model');
    },
  },
  {
    kind: 'retail-abandoned',
    env: 'retail',
    task: 5,
    play: async (s) => {
      await s.callTool('get_order_details', { order_id: '#W0000001' });
      await s.respondToUser('Let me look into it.', 'human');
      s.abandon();
    },
  },
  {
    kind: 'retail-copilot-rejected',
    env: 'retail',
    task: 6,
    play: async (s) => {
      s.recordProposal({
        model: 'openai-compatible:copilot-test',
        intent: 'greet',
        context: [...s.history],
        raw: 'I cannot help you.',
        proposal: { type: 'reply', content: 'I cannot help you.' },
        decision: 'rejected',
        reason: 'Unhelpful: look the order up first.',
        at: new Date().toISOString(),
      });
      await groundTruth(s, 'human');
    },
  },
  { kind: 'airline-solved-human', env: 'airline', task: 0, play: (s) => groundTruth(s, 'human') },
  {
    kind: 'airline-tool-error-model',
    env: 'airline',
    task: 1,
    play: async (s) => {
      await s.callTool('get_reservation_details', { reservation_id: 'ZZZZZZ' });
      await groundTruth(s, 'model');
    },
  },
  {
    kind: 'airline-wrong-human',
    env: 'airline',
    task: 2,
    play: async (s) => {
      const done = await s.respondToUser('I cannot do that. Goodbye.', 'human');
      if (!done.done) await s.respondToUser('Goodbye.', 'human');
    },
  },
];

function episodeOf(kind: string, t: Trajectory): CatalogEpisode {
  const authors = new Set(t.messages.filter((m) => m.role === 'assistant').map((m) => m.author));
  return {
    kind,
    domain: t.domain.name,
    reward: t.reward?.reward ?? null,
    endReason: t.endReason ?? 'abandoned',
    toolErrors: t.messages.some(
      (m) => m.role === 'tool' && typeof m.content === 'string' && m.content.startsWith('Error'),
    ),
    author: authors.has('human') && authors.has('model') ? 'mixed' : authors.has('model') ? 'model' : 'human',
    rejectedDrafts: (t.proposals ?? []).some((p) => p.decision === 'rejected'),
  };
}

function rowOf(t: Trajectory): SessionRow {
  return {
    id: t.id,
    createdAt: t.startedAt,
    updatedAt: t.endedAt ?? t.startedAt,
    domain: t.domain.name,
    split: t.task.split,
    taskIndex: t.task.index,
    taskId: t.task.id,
    setup: { customer: { strategy: 'scripted', seed: 0 }, imported: 'terminal' },
    status: 'finished',
    reward: t.reward?.reward ?? null,
    finished: true,
    endReason: t.endReason,
    endedAt: t.endedAt ?? t.startedAt,
    eventCount: 0,
  };
}

/**
 * Builds the store in `dir` (`sigma.db`): `copies` of each kind of episode (default 60: 600 in all, one of
 * which says `RARE_WORD`), one second apart, newest last, starting 2026-10-01.
 */
export async function buildCatalogStore(
  dir: string,
  options: { copies?: number; home: string },
): Promise<CatalogStore> {
  const copies = options.copies ?? 60;
  const registry = new DomainRegistry({ home: options.home });
  const played: Array<{ kind: string; trajectory: Trajectory }> = [];
  for (const k of KINDS) {
    const sim = new SimulatorCore({
      envName: k.env,
      registry,
      env: {},
      taskIndex: k.task,
      ...(k.maxTurns === undefined ? {} : { maxTurns: k.maxTurns }),
    });
    await sim.start();
    await k.play(sim);
    if (!sim.isDone) sim.abandon();
    played.push({ kind: k.kind, trajectory: sim.toTrajectory() });
  }
  const path = join(dir, 'sigma.db');
  const store = SqliteStore.open(path);
  await store.migrate();
  const episodes = new Map<string, CatalogEpisode>();
  const start = Date.parse('2026-10-01T00:00:00.000Z');
  let n = 0;
  let rareId = '';
  for (let copy = 0; copy < copies; copy++) {
    for (const { kind, trajectory } of played) {
      const at = new Date(start + n * 1000).toISOString();
      const id = `cat-${String(n).padStart(4, '0')}-${kind}`;
      let t: Trajectory = { ...trajectory, id, startedAt: at, endedAt: at };
      if (copy === 7 && kind === 'retail-solved-human') {
        rareId = id;
        const last = t.messages.findLastIndex((m) => m.role === 'assistant' && typeof m.content === 'string');
        t = {
          ...t,
          messages: t.messages.map((m, i) =>
            i === last ? { ...m, content: `${m.content ?? ''} We handled it ${RARE_WORD}.` } : m,
          ),
        };
      }
      await store.createSession(rowOf(t), JSON.stringify(t));
      episodes.set(id, episodeOf(kind, t));
      n++;
    }
  }
  const run = await storeBatchRun(store, registry, episodes);
  await store.close();
  return { path, episodes, rareId, run };
}

/**
 * Plays a batch run against the loopback model into `store`, as `sigma run` does in one process: task 0's
 * first trial is solved, its second cancels with the wrong reason, tasks 1 and 2 end at the step limit.
 */
async function storeBatchRun(
  store: SqliteStore,
  registry: DomainRegistry,
  episodes: Map<string, CatalogEpisode>,
): Promise<CatalogStore['run']> {
  const fail = new Set([attemptSeed(0, 0, 1)]);
  const llm = await startOpenAICompatibleServer({
    handler: (request) => runModelAnswer(request, { failSeeds: fail }),
  });
  try {
    const domain = await registry.get('retail');
    const plan = planRun(domain, {
      env: 'retail',
      agentModel: `openai-compatible:${RUN_AGENT_MODEL}`,
      userStrategy: 'llm',
      userModel: `openai-compatible:${RUN_CUSTOMER_MODEL}`,
      taskIds: RUN_TASKS,
      trials: RUN_TRIALS,
      maxSteps: 6,
    });
    const runs = runsOf(store);
    await runs.createRun({ id: plan.runId, createdAt: plan.createdAt, plan, status: 'running' });
    const result = await executeRun(plan, {
      store: runs,
      domain,
      models: runModels({ env: { ...process.env, SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url } }),
      concurrency: 4,
    });
    if (result.stored !== plan.attempts.length)
      throw new Error(`the catalog's batch run stored ${result.stored} of ${plan.attempts.length} attempts`);
    await runs.setStatus(plan.runId, 'finished');
    const sessionIds: string[] = [];
    const stored = await runs.listAttempts(plan.runId);
    for (const a of [...stored].sort((x, y) => x.finishedAt.localeCompare(y.finishedAt))) {
      const id = a.sessionId;
      const text = await store.getTrajectory(id);
      if (text === undefined) throw new Error(`the batch run's attempt ${a.attemptId} has no trajectory`);
      episodes.set(id, episodeOf(`run-${a.attemptId}`, JSON.parse(text) as Trajectory));
      sessionIds.push(id);
    }
    return {
      runId: plan.runId,
      agentModel: RUN_AGENT_MODEL,
      customerModel: RUN_CUSTOMER_MODEL,
      sessionIds,
    };
  } finally {
    await llm.close();
  }
}
