import { type Command, Option } from 'commander';
import { CancelledError, InputError } from '../../core/errors.ts';
import { DomainRegistry, dataHome } from '../../registry/index.ts';
import type { ModelFactory, RunPlan, RunSummary } from '../../runs/index.ts';
import type { RunStore, SessionStore } from '../../store/index.ts';
import { ProgressLine } from '../run/progress-line.ts';
import { renderSummary } from '../run/render-summary.ts';
import { checkRunOut, writeRunOut } from '../run/run-out.ts';

interface Options {
  env: string;
  data?: string;
  agentModel?: string;
  userModel?: string;
  userStrategy?: string;
  taskSplit?: string;
  taskIds?: string;
  numTasks?: string;
  trials: string;
  concurrency: string;
  maxSteps?: string;
  seed?: string;
  store?: string;
  resume?: string;
  status?: string;
  cancel?: string;
  queue?: string;
  out?: string;
  queuePrefix: string;
  providerLimit: string[];
  modelRetries?: string;
  retryDelayMs?: string;
  requeueDelayMs?: string;
  json?: boolean;
}

function whole(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new InputError(`${name} must be a whole number >= ${min}, got "${text}"`);
  return Number(text);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Evaluate a model as the agent: every task × trial, scored, with pass^k (tau-bench)')
    .option('--env <name>', 'domain: retail, airline, a fetched one or one under --data', 'retail')
    .option('--data <dir>', 'a domain folder, or a folder of domain folders')
    .option('--agent-model <provider:model>', 'the model that plays the agent, e.g. openai:gpt-4o')
    .option('--user-model <provider:model>', 'the model that plays the customer (strategy llm)')
    .option('--user-strategy <name>', 'scripted (no model), or llm, react, verify, reflection')
    .option('--task-split <split>', "task split (default: the domain's)")
    .option('--task-ids <list>', 'tasks to play, e.g. 0,3,5-9')
    .option('--num-tasks <n>', 'the first N tasks of the split')
    .option('--trials <k>', 'trials per task (pass^k for k up to it)', '1')
    .option('--concurrency <n>', 'attempts played at the same time', '4')
    .option('--max-steps <n>', 'agent actions before an attempt ends as max_steps (default 30)')
    .option('--seed <n>', 'run seed: fixes every attempt seed (default 0)')
    .option('--store <url>', 'sqlite:FILE or postgres://… (default: sigma.db in the data home)')
    .option('--resume <run-id>', 'continue a stopped run: play only the attempts not stored yet')
    .option('--status <run-id>', "show a run's progress and results so far")
    .option(
      '--cancel <run-id>',
      'cancel a run (with --queue: take its attempts off the queue; those in play stop)',
    )
    .option('--out <dir>', "write the run there when it finishes: tau2's results.json and summary.json")
    .option('--queue <url>', 'plan the run onto a BullMQ queue (redis://host:6379) for sigma worker')
    .addOption(new Option('--queue-prefix <prefix>', 'queue key prefix').default('sigma').hideHelp())
    .option('--provider-limit <provider=n>', 'model calls in flight per provider (repeatable)', collect, [])
    .option('--model-retries <n>', 'retries of a failed model call before it is a provider fault (default 4)')
    .option('--retry-delay-ms <ms>', 'first wait between model retries (default 1000)')
    .option('--requeue-delay-ms <ms>', 'wait before a faulted attempt is played again (default 1000)')
    .option('--json', 'print the summary as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  sigma run --env retail --agent-model openai:gpt-4o --user-model openai:gpt-4o --trials 4
  sigma run --env airline --agent-model openai:gpt-4o-mini --user-strategy scripted --task-ids 0-9
  sigma run --resume 3f9c2a7b1d04          after Ctrl-C or a crash
  sigma run ... --out runs/gpt-4o           tau2's results.json (+ manifest.json, summary.json) there
  sigma run ... --queue redis://127.0.0.1:6379   then sigma worker --queue redis://... on any machine

A provider failure after its retries (429, 5xx, timeout) is never scored: the attempt is played again
later and counted under "re-queued".`,
    )
    .action(async (options: Options) => runCommand(options));
}

async function runCommand(options: Options): Promise<void> {
  const { openStore, defaultSqlitePath, runsOf } = await import('../../store/index.ts');
  const runs = await import('../../runs/index.ts');
  const modes = [options.resume, options.status, options.cancel].filter((v) => v !== undefined);
  if (modes.length > 1) throw new InputError('give one of --resume, --status and --cancel');
  if (options.out !== undefined && options.cancel !== undefined)
    throw new InputError('--out goes with a run, --resume or --status, not with --cancel');
  if (options.out !== undefined) checkRunOut(options.out, options.resume ?? options.status);
  const store = openStore(options.store ?? `sqlite:${defaultSqlitePath(dataHome())}`);
  try {
    await store.migrate();
    const runStore = runsOf(store);
    if (options.status !== undefined) {
      const summary = await summaryOf(runStore, options.status);
      if (options.out !== undefined) await writeOut(options.out, summary, store, runStore, options);
      return print(summary, options);
    }
    if (options.cancel !== undefined) return await cancelRun(options.cancel, runStore, options);
    // Every option is checked before anything is planned or stored.
    const concurrency = whole('--concurrency', options.concurrency, 1)!;
    // Unless --provider-limit says otherwise, a provider takes as many calls as attempts run at once.
    const models = runs.runModels({
      defaultConcurrency: Math.max(concurrency, 8),
      providerLimits: runs.parseProviderLimits(options.providerLimit),
      ...retryOptions(options),
    });
    const requeueDelayMs = whole('--requeue-delay-ms', options.requeueDelayMs, 0);
    if (options.queue !== undefined) (await import('../../runs/queue/index.ts')).checkQueueUrl(options.queue);
    if (options.queue !== undefined && options.providerLimit.length > 0)
      process.stderr.write(
        'note: a queued run is played by the workers: give --provider-limit to each sigma worker (it holds across them)\n',
      );
    let plan: RunPlan;
    const registry = new DomainRegistry(options.data === undefined ? {} : { data: options.data });
    if (options.resume !== undefined) {
      const run = await runStore.requireRun(options.resume);
      if (run.status === 'cancelled') throw new InputError(`run ${run.id} was cancelled: it cannot resume`);
      plan = runs.readRunPlan(run.plan);
    } else {
      if (options.agentModel === undefined)
        throw new InputError('--agent-model is required: the model that plays the agent, e.g. openai:gpt-4o');
      const domain = await registry.get(options.env);
      const numTasks = whole('--num-tasks', options.numTasks, 1);
      const maxSteps = whole('--max-steps', options.maxSteps, 1);
      const seed = whole('--seed', options.seed, 0);
      plan = runs.planRun(domain, {
        env: options.env,
        agentModel: options.agentModel,
        trials: whole('--trials', options.trials, 1)!,
        ...(options.data === undefined ? {} : { data: options.data }),
        ...(options.userModel === undefined ? {} : { userModel: options.userModel }),
        ...(options.userStrategy === undefined ? {} : { userStrategy: options.userStrategy }),
        ...(options.taskSplit === undefined ? {} : { taskSplit: options.taskSplit }),
        ...(options.taskIds === undefined ? {} : { taskIds: options.taskIds }),
        ...(numTasks === undefined ? {} : { numTasks }),
        ...(maxSteps === undefined ? {} : { maxSteps }),
        ...(seed === undefined ? {} : { seed }),
      });
      await runStore.createRun({ id: plan.runId, createdAt: plan.createdAt, plan, status: 'running' });
      process.stderr.write(`run ${plan.runId}: ${plan.attempts.length} attempts planned\n`);
    }
    if (options.queue !== undefined) {
      const queue = await import('../../runs/queue/index.ts');
      const stored = new Set((await runStore.listAttempts(plan.runId)).map((a) => a.attemptId));
      await queue.enqueueRun(plan, {
        url: options.queue,
        prefix: options.queuePrefix,
        concurrency,
        pending: plan.attempts.filter((a) => !stored.has(a.attemptId)).map((a) => a.attemptId),
      });
      process.stderr.write(
        `run ${plan.runId} is on the queue: waiting for sigma worker processes (Ctrl-C stops waiting; the run stays queued, sigma run --status ${plan.runId} shows it)\n`,
      );
      await waitForQueuedRun(runStore, plan, options);
    } else {
      await playHere(plan, runStore, registry, models, { concurrency, requeueDelayMs }, options);
    }
    const summary = await summaryOf(runStore, plan.runId);
    if (options.out !== undefined) {
      if (summary.status === 'finished') await writeOut(options.out, summary, store, runStore, options);
      else
        process.stderr.write(
          `--out ${options.out} not written: the run is ${summary.status === 'running' ? 'not finished' : summary.status} (sigma run --resume ${plan.runId} --out ${options.out} finishes and writes it)\n`,
        );
    }
    print(summary, options);
  } finally {
    await store.close();
  }
}

/**
 * Marks the run cancelled (workers check it before each attempt and during one, at its next turn), then,
 * with `--queue`, takes its waiting and delayed attempts off the queue.
 */
async function cancelRun(runId: string, runStore: RunStore, options: Options): Promise<void> {
  const queue = options.queue === undefined ? undefined : await import('../../runs/queue/index.ts');
  if (options.queue !== undefined) queue?.checkQueueUrl(options.queue);
  const run = await runStore.requireRun(runId);
  if (run.status === 'finished')
    throw new InputError(`run ${runId} has finished: there is nothing to cancel`);
  const mark = () => runStore.setStatus(runId, 'cancelled');
  let counts: { dequeued: number; stopping: number } | undefined;
  if (queue !== undefined && options.queue !== undefined) {
    const { readRunPlan } = await import('../../runs/index.ts');
    const address = { url: options.queue, prefix: options.queuePrefix };
    counts = await queue.dequeueRun(readRunPlan(run.plan), address, mark);
    process.stderr.write(
      `run ${runId} cancelled: ${counts.dequeued} queued attempt(s) taken off the queue, ${counts.stopping} in play stop at their next turn without being stored\n`,
    );
  } else {
    await mark();
    process.stderr.write(
      `run ${runId} cancelled: workers play none of its attempts any more (add --queue URL to take them off the queue now)\n`,
    );
  }
  const summary = await summaryOf(runStore, runId);
  if (options.json)
    process.stdout.write(
      `${JSON.stringify(counts === undefined ? summary : { ...summary, cancel: counts })}\n`,
    );
  else print(summary, options);
}

function retryOptions(options: Options) {
  const maxRetries = whole('--model-retries', options.modelRetries, 0);
  const initialDelayMs = whole('--retry-delay-ms', options.retryDelayMs, 0);
  return {
    ...(maxRetries === undefined ? {} : { maxRetries }),
    ...(initialDelayMs === undefined ? {} : { initialDelayMs }),
  };
}

async function playHere(
  plan: RunPlan,
  runStore: RunStore,
  registry: DomainRegistry,
  models: ModelFactory,
  pace: { concurrency: number; requeueDelayMs: number | undefined },
  options: Options,
): Promise<void> {
  const { executeRun } = await import('../../runs/index.ts');
  const domain = await registry.get(plan.env);
  const already = (await runStore.listAttempts(plan.runId)).length;
  const progress =
    process.stderr.isTTY && !options.json ? new ProgressLine(plan.attempts.length, already) : undefined;
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await executeRun(plan, {
      store: runStore,
      domain,
      models,
      concurrency: pace.concurrency,
      signal: abort.signal,
      ...(pace.requeueDelayMs === undefined ? {} : { requeueDelayMs: pace.requeueDelayMs }),
      onProgress: (event) =>
        event.kind === 'finished' ? progress?.finish(event.reward) : progress?.requeue(),
    });
    progress?.end();
    if (abort.signal.aborted) {
      print(await summaryOf(runStore, plan.runId), options);
      throw new CancelledError(`stopped: continue with sigma run --resume ${plan.runId}`);
    }
    if (result.left > 0)
      process.stderr.write(
        `${result.left} attempt(s) kept failing at the provider and were not played: sigma run --resume ${plan.runId} plays them\n`,
      );
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function waitForQueuedRun(runStore: RunStore, plan: RunPlan, options: Options): Promise<void> {
  const progress =
    process.stderr.isTTY && !options.json ? new ProgressLine(plan.attempts.length, 0) : undefined;
  const seen = new Set<string>();
  for (;;) {
    const run = await runStore.requireRun(plan.runId);
    for (const attempt of await runStore.listAttempts(plan.runId)) {
      if (seen.has(attempt.attemptId)) continue;
      seen.add(attempt.attemptId);
      progress?.finish(attempt.reward);
    }
    if (run.status !== 'running') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  progress?.end();
}

async function writeOut(
  dir: string,
  summary: RunSummary,
  sessions: Pick<SessionStore, 'getTrajectory'>,
  runStore: RunStore,
  options: Options,
): Promise<void> {
  const plan = (await import('../../runs/index.ts')).readRunPlan(
    (await runStore.requireRun(summary.runId)).plan,
  );
  const data = plan.data ?? options.data;
  const domain = await new DomainRegistry(data === undefined ? {} : { data }).get(plan.env);
  const location = await writeRunOut(dir, { summary, runStore, sessions, domain });
  process.stderr.write(`run ${summary.runId} written to ${location} (results.json, summary.json)\n`);
}

async function summaryOf(runStore: RunStore, runId: string): Promise<RunSummary> {
  const { readRunPlan, summarizeRun } = await import('../../runs/index.ts');
  const run = await runStore.requireRun(runId);
  return summarizeRun(
    readRunPlan(run.plan),
    run.status,
    await runStore.listAttempts(runId),
    await runStore.listFaults(runId),
  );
}

function print(summary: RunSummary, options: Pick<Options, 'json'>): void {
  process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : renderSummary(summary));
}
