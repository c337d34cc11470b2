import type { ServerResponse } from 'node:http';
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Env, ModelClientOptions } from '../llm/index.ts';
import type { DomainRegistry } from '../registry/index.ts';
import type { SessionStore } from '../store/index.ts';
import { bearerAuth, sameMachineOnly } from './auth.ts';
import { bodyLimit } from './body-limit.ts';
import { GymService } from './gym/gym-service.ts';
import { describeError, sendError } from './http-errors.ts';
import type { RouteDeps } from './route-deps.ts';
import { registerAnnotationRoutes } from './routes/annotations.ts';
import { registerCopilotRoutes } from './routes/copilot.ts';
import { registerDomainToolRoutes } from './routes/domain-tools.ts';
import { registerEnvironmentRoutes } from './routes/environments.ts';
import { registerExportRoutes } from './routes/exports.ts';
import { registerGymRoutes } from './routes/gym.ts';
import { registerMetaRoutes } from './routes/meta.ts';
import { registerOpenEnvRoutes } from './routes/openenv.ts';
import { registerPolicyRoutes } from './routes/policy.ts';
import { registerReviewRoutes } from './routes/review.ts';
import { registerRunRoutes } from './routes/runs.ts';
import { registerScenarioRoutes } from './routes/scenarios.ts';
import { registerSessionChangesRoutes } from './routes/session-changes.ts';
import { registerSessionRoutes } from './routes/sessions.ts';
import { registerTrajectoryRoutes } from './routes/trajectories.ts';
import { SessionService } from './session-service.ts';
import { webApp } from './web-app.ts';

/** Largest request body accepted (a persona file fits with room to spare). */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface AppOptions {
  store: SessionStore;
  registry: DomainRegistry;
  /** When set, every route but `GET /health` needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Origins allowed to call the API from a browser; none by default (CORS closed). */
  corsOrigins?: readonly string[];
  /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number;
  /** Where model customers' keys are read (default `process.env`). */
  env?: Env;
  /** Options of the customers' model clients (timeouts, retries); the library's defaults otherwise. */
  modelOptions?: Omit<ModelClientOptions, 'env'>;
  /** Sessions kept in memory before the least recently used are dropped (and rebuilt on use). */
  maxLiveSessions?: number;
  /** Memory for sessions in bytes (estimated; default 128 MiB): beyond it the least recently used go. */
  sessionMemory?: number;
  /** Other server processes use the same store: each request checks its session against the store first. */
  sharedStore?: boolean;
  /** Where unexpected errors are reported (default: standard error). */
  log?: (message: string) => void;
  /** The built web app's folder (default: the package's `dist/web`); `false` serves the API alone. */
  webRoot?: string | false;
}

export interface SigmaApp {
  app: OpenAPIHono;
  sessions: SessionService;
  /** The RL environment (`/gym`, and OpenEnv's `/ws` once the server listens). */
  gym: GymService;
}

/**
 * The HTTP API as a Hono app, without binding a port: tests call it in-process, `startServer` serves it.
 * Middleware order: security headers; without a token, the same-machine checks (loopback Host, no
 * cross-site Origin); CORS (only for listed origins); with a token, bearer auth; the body size limit.
 * Then the routes, whose schemas validate every input and make `/openapi.json`.
 */
export function createApp(options: AppOptions): SigmaApp {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const sessions = new SessionService({
    store: options.store,
    registry: options.registry,
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(options.maxLiveSessions === undefined ? {} : { maxLive: options.maxLiveSessions }),
    ...(options.sessionMemory === undefined ? {} : { maxLiveBytes: options.sessionMemory }),
    ...(options.modelOptions === undefined ? {} : { modelOptions: options.modelOptions }),
    ...(options.sharedStore === undefined ? {} : { sharedStore: options.sharedStore }),
  });
  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issues = result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      }));
      const first = issues[0];
      const where = result.target === 'json' ? 'body' : result.target;
      const message = `invalid ${where}${first === undefined ? '' : `: ${first.path === '' ? '' : `${first.path}: `}${first.message}`}`;
      return sendError(c, 400, message, issues);
    },
  });

  app.use('*', securityHeaders);
  const origins = options.corsOrigins ?? [];
  if (options.token === undefined) app.use('*', sameMachineOnly(origins));
  if (origins.length > 0) {
    app.use(
      '*',
      cors({
        origin: [...origins],
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type', 'Accept'],
        maxAge: 600,
      }),
    );
  }
  // The web app's pages and files, before the token check: the page asks for the token itself.
  if (options.webRoot !== false) app.use('*', webApp(options.webRoot));
  if (options.token !== undefined) app.use('*', bearerAuth(options.token, ['/health', '/downloads/']));
  // A session's requests take their place in its queue here, before their bodies are read.
  app.use('*', async (c, next) => {
    const id = sessionIdOf(c.req.path);
    return id === undefined ? next() : sessions.inArrivalOrder(id, next);
  });
  app.use('*', bodyLimit(options.bodyLimit ?? DEFAULT_BODY_LIMIT));

  const deps: RouteDeps = { sessions, registry: options.registry, store: options.store, log };
  registerMetaRoutes(app, deps);
  registerEnvironmentRoutes(app, deps);
  registerPolicyRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerScenarioRoutes(app, deps);
  registerTrajectoryRoutes(app, deps);
  registerCopilotRoutes(app, deps);
  registerExportRoutes(app, deps);
  const gym = new GymService(sessions, options.registry);
  registerGymRoutes(app, deps, gym);
  registerOpenEnvRoutes(app);
  registerSessionChangesRoutes(app, deps);
  registerDomainToolRoutes(app, deps);
  registerAnnotationRoutes(app, deps);
  registerRunRoutes(app, deps);
  registerReviewRoutes(app, deps);

  app.notFound((c) => sendError(c, 404, `no route ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError((error, c) => errorResponse(c, error, log));
  return { app, sessions, gym };
}

/** The paths of one session's routes, `/sessions/{id}` and below; the id is the first group. */
const SESSION_PATH = /^\/sessions\/([^/]+)(?:\/|$)/;

/** The session a request is for, as its route reads it (decoded); none for other paths or a bad escape. */
function sessionIdOf(path: string): string | undefined {
  const raw = SESSION_PATH.exec(path)?.[1];
  if (raw === undefined) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** Maps an error to the API's JSON shape; unexpected ones are logged and answered without details. */
export function errorResponse(c: Context, error: unknown, log: (message: string) => void): Response {
  const { status, body } = describeError(error);
  if (status >= 500) {
    log(`sigma serve: ${c.req.method} ${new URL(c.req.url).pathname} failed (${status}): ${explain(error)}`);
  }
  return sendError(c, status, body.error.message, body.error.details, body.error.code);
}

/** An error for the server log: its stack, and those of its causes. */
function explain(error: unknown): string {
  const lines: string[] = [];
  for (let e = error, depth = 0; e !== undefined && depth < 5; depth++) {
    lines.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return lines.join('\ncaused by: ');
}

/** Headers that keep browsers from sniffing, framing or caching API answers. */
const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Frame-Options', 'DENY'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cache-Control', 'no-store'],
];

/**
 * Sets `SECURITY_HEADERS` before the handler runs, so they go out with whatever response it makes, and a
 * handler may override one (as /docs does with its CSP). Served over Node's HTTP, they are set on Node's
 * response, whose `writeHead` merges them under the handler's own: Hono's `c.header` would make a web
 * `Headers` object for every answer, and the adapter would then copy it back into Node's form.
 */
const securityHeaders: MiddlewareHandler = async (c, next) => {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing === undefined) for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
  else for (const [name, value] of SECURITY_HEADERS) outgoing.setHeader(name, value);
  await next();
};
