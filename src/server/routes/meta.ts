import { createHash } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { VERSION } from '../../version.ts';
import { HealthSchema } from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { errors } from './responses.ts';

/** The document's metadata; the paths come from the routes' own schemas. */
export const OPENAPI_INFO = {
  openapi: '3.1.0' as const,
  info: {
    title: 'Sigma API',
    version: VERSION,
    description:
      'Play the agent of a customer-service domain against a simulated customer: create a session, start it, call the domain\'s tools and reply to the customer until it ends, then read the scored result. Every action is stored before it is answered. Errors are JSON: `{ "error": { "code", "message" } }`.',
  },
};

/** The server the document describes: this one, whatever address it was reached at. */
const OPENAPI_SERVERS = [{ url: '/', description: 'this Sigma server' }];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Gives every operation an `operationId` (generated clients name their functions by it), unless its
 * route names one: the method and the path's words, e.g. `POST /sessions/{id}/respond/stream` →
 * `postSessionsByIdRespondStream`. Stable as long as the path is.
 */
export function withOperationIds<D extends { paths?: Record<string, unknown> }>(doc: D): D {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, { operationId?: string }>)) {
      if (!HTTP_METHODS.includes(method) || operation.operationId !== undefined) continue;
      operation.operationId = operationIdOf(method, path);
    }
  }
  return doc;
}

function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((part) => part !== '')
    .map((part) => {
      const param = /^\{(.+)\}$/.exec(part);
      return param === null ? part : `by-${param[1]}`;
    })
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter((word) => word !== '');
  return method + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['meta'],
  summary: 'Liveness check (no token needed)',
  security: [],
  responses: {
    200: { description: 'the server is up', content: { 'application/json': { schema: HealthSchema } } },
    ...errors(403, 421),
  },
});

const openapiRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['meta'],
  summary: 'This OpenAPI 3.1 document',
  responses: {
    200: {
      description: 'the document',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...errors(401, 403, 421),
  },
});

const docsRoute = createRoute({
  method: 'get',
  path: '/docs',
  tags: ['meta'],
  summary: 'A page listing the operations of /openapi.json',
  description:
    'Behind the token like every route but /health: a browser cannot send it, so with a token set read /openapi.json with a client that can (curl -H "Authorization: Bearer $SIGMA_API_TOKEN").',
  responses: {
    200: { description: 'an HTML page', content: { 'text/html': { schema: z.string() } } },
    ...errors(401, 403, 421),
  },
});

export function registerMetaRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'the value of SIGMA_API_TOKEN (required when the server listens beyond loopback)',
  });

  app.openapi(healthRoute, (c) =>
    c.json({ status: 'ok' as const, store: deps.store.kind, version: VERSION }, 200),
  );

  let document: unknown;
  app.openapi(openapiRoute, (c) => {
    document ??= withOperationIds(
      app.getOpenAPI31Document({ ...OPENAPI_INFO, servers: OPENAPI_SERVERS, security: [{ bearer: [] }] }),
    );
    return c.json(document as Record<string, unknown>, 200);
  });

  app.openapi(docsRoute, (c) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    return c.html(DOCS_PAGE, 200);
  });
}

/**
 * The docs page renders /openapi.json with a few lines of its own script (no CDN: the page works
 * offline). Text is inserted with `textContent`, never as HTML. The script is allowed by its hash.
 */
const DOCS_SCRIPT = `
const list = document.getElementById('ops');
fetch('openapi.json').then((r) => {
  if (!r.ok) throw new Error('GET /openapi.json answered ' + r.status);
  return r.json();
}).then((doc) => {
  document.getElementById('title').textContent = doc.info.title + ' ' + doc.info.version;
  document.getElementById('about').textContent = doc.info.description || '';
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const li = document.createElement('li');
      const head = document.createElement('code');
      head.textContent = method.toUpperCase() + ' ' + path;
      const summary = document.createElement('span');
      summary.textContent = ' ' + (op.summary || '');
      const codes = document.createElement('small');
      codes.textContent = ' [' + Object.keys(op.responses || {}).join(', ') + ']';
      li.append(head, summary, codes);
      list.append(li);
    }
  }
}).catch((e) => { list.textContent = String(e); });
`;

const DOCS_CSP = `default-src 'none'; script-src 'sha256-${createHash('sha256').update(DOCS_SCRIPT).digest('base64')}'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'`;

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sigma API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}code{font-weight:600}li{margin:.3rem 0}small{color:#666}</style>
</head>
<body>
<h1 id="title">Sigma API</h1>
<p id="about"></p>
<p>The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1).</p>
<ul id="ops"></ul>
<script>${DOCS_SCRIPT}</script>
</body>
</html>
`;
