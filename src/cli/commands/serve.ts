import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import { DomainRegistry, dataHome } from '../../registry/index.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from '../../server/defaults.ts';
import { applyDebugFlag, DEBUG_FLAG_HELP } from '../debug-flag.ts';
import { parseWorkers, runPrimary } from './serve-workers.ts';

interface Options {
  host: string;
  port: string;
  store?: string;
  data?: string;
  corsOrigin?: string[];
  debug?: string | boolean;
  open?: boolean;
  archive?: string;
  workers: string;
  sessionMemory: string;
}

/** `--session-memory`: MiB of sessions kept in memory, at least 1. */
function parseMiB(text: string): number {
  if (!/^\d{1,6}$/.test(text) || Number(text) < 1)
    throw new InputError(`--session-memory must be a whole number of MiB from 1 to 999999, got "${text}"`);
  return Number(text) * 1024 * 1024;
}

function parsePort(text: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535)
    throw new InputError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return Number(text);
}

function parseOrigin(text: string, previous: string[] = []): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      `--cors-origin must be an origin such as https://annotate.example.com, got "${text}"`,
    );
  }
  if (!/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, ''))
    throw new InputError(`--cors-origin must be an origin (scheme://host[:port]), got "${text}"`);
  return [...previous, url.origin];
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API: sessions stored as they happen (SQLite by default, or PostgreSQL)')
    .option(
      '--host <address>',
      'address to listen on; beyond loopback SIGMA_API_TOKEN is required',
      DEFAULT_HOST,
    )
    .option('--port <n>', 'port to listen on (0: any free port)', String(DEFAULT_PORT))
    .option(
      '--store <url>',
      'sqlite:/path/file.db or postgres://user@host:5432/db (default: sigma.db in the data home)',
    )
    .option('--data <dir>', 'domain folder, or folder of domain folders, to serve besides the built-in ones')
    .option('--cors-origin <origin>', 'let a web app on this origin call the API (repeatable)', parseOrigin)
    .option('--debug [file]', DEBUG_FLAG_HELP)
    .option('--open', 'open the web app in a browser once listening (where this machine has one)')
    .option(
      '--workers <n>',
      'server processes sharing the port and the store (PostgreSQL for more than one; default 1)',
      '1',
    )
    .option(
      '--session-memory <MiB>',
      'memory for sessions kept live (estimated); the least recently used idle ones beyond it are rebuilt from the store when next used',
      '128',
    )
    .option(
      '--archive <url>',
      'also write every finished trajectory to azure://container[/prefix] (default with AZURE_STORAGE_CONNECTION_STRING: azure://sigma-trajectories)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  sigma serve\n  SIGMA_API_TOKEN=$(openssl rand -hex 32) sigma serve --host 0.0.0.0 --store postgres://sigma@db:5432/sigma\n\nThe web app is at / (--open opens it). The API is described at /openapi.json and /docs. Every route but /health needs\n"Authorization: Bearer $SIGMA_API_TOKEN" when the token is set (so with a token /docs does not\nopen in a browser: fetch /openapi.json with the header). Without a token only requests addressed to\nlocalhost/127.0.0.1/[::1] and not sent by another site\'s pages are answered.',
    )
    .action(async (options: Options) => {
      const port = parsePort(options.port);
      const workers = parseWorkers(options.workers);
      const sessionMemory = parseMiB(options.sessionMemory);
      applyDebugFlag(options.debug);
      // The server and store modules load only when `serve` runs.
      const { startServer } = await import('../../server/index.ts');
      const { defaultSqlitePath, openStore, redact } = await import('../../store/index.ts');
      const spec = options.store ?? `sqlite:${defaultSqlitePath(dataHome())}`;
      const { default: cluster } = await import('node:cluster');
      const announce = async (url: string, how: string) => {
        process.stdout.write(`Sigma server listening on ${url} (${how}store: ${redact(spec)})\n`);
        process.stdout.write(`Web app: ${url}/\n`);
        if (options.open === true) {
          const { openBrowser } = await import('../open-browser.ts');
          process.stdout.write(`${await openBrowser(`${url}/`)}\n`);
        }
      };
      if (workers > 1 && cluster.isPrimary) {
        const code = await runPrimary({
          workers,
          migrate: async () => {
            const store = openStore(spec);
            try {
              await store.migrate();
            } catch (error) {
              throw new InputError(`cannot use the session store: ${(error as Error).message}`, {
                cause: error,
              });
            } finally {
              await store.close();
            }
          },
          listening: (url) => announce(url, `${workers} workers, `),
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.exit(code);
      }
      const registry = new DomainRegistry(options.data === undefined ? {} : { data: options.data });
      const { withArchive } = await import('../../archive/index.ts');
      const store = withArchive(openStore(spec), process.env, options.archive, {
        log: (line) => process.stderr.write(`${line}\n`),
      });
      const token = process.env.SIGMA_API_TOKEN;
      let server: Awaited<ReturnType<typeof startServer>>;
      try {
        server = await startServer({
          store,
          registry,
          host: options.host,
          port,
          ...(token === undefined || token === '' ? {} : { token }),
          ...(options.corsOrigin === undefined ? {} : { corsOrigins: options.corsOrigin }),
          // Several processes on one store: a worker of `--workers`, or a team's servers on PostgreSQL.
          sharedStore: cluster.isWorker || /^postgres(ql)?:/i.test(spec),
          sessionMemory,
        });
      } catch (error) {
        await store.close();
        throw error;
      }
      // A worker's address is announced once, by the primary, when all of them listen.
      if (!cluster.isWorker) await announce(server.url, '');
      const stop = (signal: string) => {
        process.stdout.write(`${signal}: stopping\n`);
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
