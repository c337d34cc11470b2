import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './shared-data.ts';

export interface ServerProcess {
  /** `http://127.0.0.1:<port>` (loopback even when it listens on every address). */
  url: string;
  child: ChildProcess;
  /** What it printed on standard error so far. */
  stderr(): string;
  /** SIGKILL: no chance to flush or close anything. Resolves once it has exited. */
  kill(): Promise<void>;
  /** SIGTERM, then waits for a clean exit. */
  stop(): Promise<number | null>;
}

/**
 * Starts `sigma serve --port 0` from source as a real child process and resolves once it prints the
 * address it listens on.
 */
export function spawnServer(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'src/cli/main.ts'), 'serve', '--port', '0', ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sigma serve did not start in time: ${err}`)), 60_000);
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url: url.replace('://0.0.0.0:', '://127.0.0.1:').replace('://[::]:', '://127.0.0.1:'),
        child,
        stderr: () => err,
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`sigma serve exited with ${code} before listening: ${err}`));
    });
  });
}
