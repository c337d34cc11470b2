import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { modelEnvironmentVariables } from '../../src/llm/index.ts';
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
 * This process's environment without any model key or address (`*_API_KEY`, `*_BASE_URL`, Azure's
 * resource), so a server a test starts can never call a real model: tests give it the loopback one.
 * The providers' variables are set empty rather than left out, so a `.env` file cannot fill them in.
 */
export function envWithoutModels(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/_API_KEY$|_BASE_URL$|^AZURE_/.test(name)) env[name] = value;
  }
  for (const name of modelEnvironmentVariables()) env[name] = '';
  return env;
}

/**
 * Starts `sigma serve --port 0` from source as a real child process and resolves once it prints the
 * address it listens on. Its environment has no model keys (see `envWithoutModels`) besides `env`'s.
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
      env: { ...envWithoutModels(), NO_COLOR: '1', ...env },
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
