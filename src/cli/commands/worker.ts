import { type Command, Option } from 'commander';
import { InputError } from '../../core/errors.ts';
import { DomainRegistry, dataHome } from '../../registry/index.ts';

interface Options {
  queue?: string;
  queuePrefix: string;
  concurrency: string;
  store?: string;
  data?: string;
  providerLimit: string[];
  lockDurationMs?: string;
  slotLeaseMs?: string;
  modelRetries?: string;
  retryDelayMs?: string;
}

function whole(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min)
    throw new InputError(`${name} must be a whole number >= ${min}, got "${text}"`);
  return Number(text);
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Play the attempts of runs planned with sigma run --queue, storing them in the shared store')
    .option('--queue <url>', 'the BullMQ queue: redis://host:6379')
    .addOption(new Option('--queue-prefix <prefix>', 'queue key prefix').default('sigma').hideHelp())
    .option('--concurrency <n>', 'attempts this worker plays at the same time', '4')
    .option(
      '--store <url>',
      'the store the planner used (postgres://… for a team; default: sigma.db in the data home)',
    )
    .option('--data <dir>', 'the domain folder the run names, at the same path as on the planner')
    .option(
      '--provider-limit <provider=n>',
      'model calls in flight per provider across all the workers of the queue (repeatable; give each worker the same)',
      (v: string, p: string[]) => [...p, v],
      [],
    )
    .option(
      '--slot-lease-ms <ms>',
      "Redis: how soon a dead worker's --provider-limit slots are free again (default 10000)",
    )
    .option('--lock-duration-ms <ms>', "how soon a dead worker's attempt is taken again (default 30000)")
    .option('--model-retries <n>', 'retries of a failed model call before it is a provider fault (default 4)')
    .option('--retry-delay-ms <ms>', 'first wait between model retries (default 1000)')
    .addHelpText(
      'after',
      '\nExample:\n  sigma worker --queue redis://queue.internal:6379 --store postgres://sigma@db:5432/sigma --concurrency 16\n\nStops on Ctrl-C or SIGTERM after the attempts in flight; an attempt of a worker that dies is\ntaken by another worker once its lock lapses.',
    )
    .action(async (options: Options) => {
      if (options.queue === undefined)
        throw new InputError('--queue is required, e.g. --queue redis://127.0.0.1:6379');
      const { openStore, defaultSqlitePath, runsOf } = await import('../../store/index.ts');
      const { parseProviderLimits, runModels } = await import('../../runs/index.ts');
      const { checkQueueUrl, providerSlots, startRunWorker } = await import('../../runs/queue/index.ts');
      checkQueueUrl(options.queue);
      const store = openStore(options.store ?? `sqlite:${defaultSqlitePath(dataHome())}`);
      await store.migrate();
      const maxRetries = whole('--model-retries', options.modelRetries, 0);
      const initialDelayMs = whole('--retry-delay-ms', options.retryDelayMs, 0);
      const lockDurationMs = whole('--lock-duration-ms', options.lockDurationMs, 1000);
      const concurrency = whole('--concurrency', options.concurrency, 1)!;
      const slotLeaseMs = whole('--slot-lease-ms', options.slotLeaseMs, 100);
      const providerLimits = parseProviderLimits(options.providerLimit);
      // The limits hold across every worker of the queue: each model call takes a slot on the queue's service.
      const slots = providerSlots({
        url: options.queue,
        prefix: options.queuePrefix,
        limits: providerLimits,
        ...(slotLeaseMs === undefined ? {} : { leaseMs: slotLeaseMs }),
      });
      const worker = startRunWorker({
        url: options.queue,
        prefix: options.queuePrefix,
        store: runsOf(store),
        registry: new DomainRegistry(options.data === undefined ? {} : { data: options.data }),
        models: slots.models(
          runModels({
            defaultConcurrency: Math.max(concurrency, 8),
            providerLimits,
            ...(maxRetries === undefined ? {} : { maxRetries }),
            ...(initialDelayMs === undefined ? {} : { initialDelayMs }),
          }),
        ),
        concurrency,
        ...(lockDurationMs === undefined ? {} : { lockDurationMs }),
        onStart: ({ runId, attemptId }) =>
          process.stdout.write(`run ${runId} attempt ${attemptId}: playing\n`),
        onAttempt: ({ runId, attemptId, result }) =>
          process.stdout.write(`run ${runId} attempt ${attemptId}: ${result}\n`),
      });
      process.stdout.write(`Sigma worker taking attempts from ${options.queue}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await worker.close();
      await slots.close();
      await store.close();
    });
}
