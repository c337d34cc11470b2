import cluster, { type Worker } from 'node:cluster';
import { InputError } from '../../core/errors.ts';

/** `--workers`: a whole number of server processes, 1 to 64. */
export function parseWorkers(text: string): number {
  if (!/^\d{1,2}$/.test(text) || Number(text) < 1 || Number(text) > 64)
    throw new InputError(`--workers must be a whole number from 1 to 64, got "${text}"`);
  return Number(text);
}

export interface PrimaryOptions {
  workers: number;
  /** Migrates the store once, before any worker opens it (so the workers do not race to migrate). */
  migrate: () => Promise<void>;
  /** Told the address once every worker listens. */
  listening: (url: string) => Promise<void> | void;
  log: (line: string) => void;
}

/**
 * `sigma serve --workers N`: this process forks N server processes that share the listening socket
 * (Node's cluster module hands each new connection to one of them) and the store, and replaces any that
 * dies. Each worker runs the same `sigma serve` command and knows it shares its store. Resolves with the
 * exit code once the workers have stopped (SIGINT/SIGTERM), or a worker failed to start.
 */
export async function runPrimary(options: PrimaryOptions): Promise<number> {
  await options.migrate();
  let stopping = false;
  let started = false;
  const listeningWorkers = new Set<number>();
  return new Promise<number>((resolve) => {
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      if (alive.length === 0) resolve(code);
      for (const worker of alive) worker.process.kill('SIGTERM');
      cluster.on('exit', () => {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve(code);
      });
    };
    cluster.on('listening', (worker, address) => {
      listeningWorkers.add(worker.id);
      if (started || listeningWorkers.size < options.workers) return;
      started = true;
      const host = address.address ?? '127.0.0.1';
      const shown = host.includes(':') ? `[${host}]` : host;
      void options.listening(`http://${shown}:${address.port}`);
    });
    cluster.on('exit', (worker, code, signal) => {
      listeningWorkers.delete(worker.id);
      if (stopping) return;
      if (!started) {
        // A worker that cannot start (port taken, bad store) has said why on standard error.
        stop(code ?? 1);
        return;
      }
      options.log(
        `sigma serve: worker ${worker.process.pid} ended (${signal ?? `exit ${code}`}); starting another`,
      );
      cluster.fork();
    });
    for (let i = 0; i < options.workers; i++) cluster.fork();
    process.once('SIGINT', () => stop(0));
    process.once('SIGTERM', () => stop(0));
  });
}
