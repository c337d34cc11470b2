// /openapi.json is a valid OpenAPI 3.1 document (checked by a real validator), generated from the schemas
// that validate requests, and lists exactly the routes the server implements; /docs renders it offline.
import { createHash } from 'node:crypto';
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server-harness.ts';

let server: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: the document is checked field by field
let doc: any;

beforeAll(async () => {
  server = await startTestServer();
  const r = await server.call('GET', '/openapi.json');
  expect(r.status).toBe(200);
  doc = r.json;
});
afterAll(async () => server.close());

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** `METHOD /path/{param}` for every operation of the document. */
function documented(): string[] {
  return Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

/** `METHOD /path/{param}` for every route the Hono app answers (middleware excluded). */
function implemented(): string[] {
  const routes = server.app.routes.filter((r) => r.method !== 'ALL');
  return [...new Set(routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`))].sort();
}

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    if (!result.valid) throw new Error(JSON.stringify(result.errors, null, 2));
    expect(result.valid).toBe(true);
  });

  it('lists exactly the implemented routes', () => {
    expect(documented()).toEqual(implemented());
    expect(documented()).toEqual(
      [
        'GET /health',
        'GET /openapi.json',
        'GET /docs',
        'GET /environments',
        'GET /environments/{env}/tasks',
        'GET /environments/{env}/policy',
        'GET /environments/{env}/policy/search',
        'GET /environments/{env}/tools',
        'POST /sessions',
        'GET /sessions/{id}',
        'DELETE /sessions/{id}',
        'POST /sessions/{id}/start',
        'POST /sessions/{id}/respond',
        'POST /sessions/{id}/respond/stream',
        'POST /sessions/{id}/regenerate',
        'POST /sessions/{id}/tool',
        'POST /sessions/{id}/undo',
        'POST /sessions/{id}/rollback',
        'GET /sessions/{id}/result',
        'GET /scenarios/generator',
        'POST /scenarios',
        'POST /scenarios/check',
        'GET /sessions/{id}/changes',
        'POST /sessions/{id}/draft',
        'POST /sessions/{id}/drafts/{draftId}/decision',
        'GET /trajectories',
        'GET /trajectories/{id}',
        'GET /exports/{format}',
        'GET /exports/{format}/manifest',
        'POST /exports/{format}/link',
        'GET /downloads/{ticket}',
        'POST /gym/reset',
        'POST /gym/step',
        'GET /gym/tasks',
        'GET /schema',
        'GET /metadata',
        'GET /sessions/{id}/annotations',
        'POST /sessions/{id}/annotations',
        'PATCH /sessions/{id}/annotations/{annotationId}',
        'DELETE /sessions/{id}/annotations/{annotationId}',
        'GET /runs',
        'GET /runs/{id}',
        'GET /runs/{id}/compare/{other}',
        'GET /trajectories/{id}/steps/{n}',
        'POST /review/next',
        'POST /review/release',
        'POST /review/renew',
      ].sort(),
    );
  });

  it('comes from the validating schemas: bodies, parameters, errors and auth are described', () => {
    const create = doc.paths['/sessions'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.$ref).toBe('#/components/schemas/CreateSession');
    const schema = doc.components.schemas.CreateSession;
    expect(schema.required).toEqual(['envName']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'envName',
        'taskIndex',
        'taskSplit',
        'userStrategy',
        'userModel',
        'persona',
        'personaFile',
      ]),
    );
    expect(schema.properties.envName.pattern).toBeDefined();
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '413', '415', '422']),
    );
    expect(create.responses['422'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/Error',
    );
    // One content type per answer, so generated clients type `/respond` as a Step, not `Step | string`.
    const respond = doc.paths['/sessions/{id}/respond'].post;
    expect(Object.keys(respond.responses['200'].content)).toEqual(['application/json']);
    const stream = doc.paths['/sessions/{id}/respond/stream'].post;
    expect(Object.keys(stream.responses['200'].content)).toEqual(['text/event-stream']);
    expect(respond.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(doc.paths['/environments/{env}/policy'].get.responses['200'].content).toHaveProperty('text/plain');
    expect(doc.components.securitySchemes.bearer).toEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    expect(doc.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/health'].get.security).toEqual([]);
    expect(doc.components.schemas.Trajectory.properties.schemaVersion).toBeDefined();
  });

  it('names every operation (unique operationIds) and the server it describes', () => {
    const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap(
      (item) =>
        Object.entries(item)
          .filter(([m]) => METHODS.includes(m))
          .map(([, op]) => op.operationId),
    );
    expect(ids.length).toBe(documented().length);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/sessions/{id}/respond/stream'].post.operationId).toBe('postSessionsByIdRespondStream');
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('lists the server-side failures too: 500 everywhere data is read, 503 wherever the store is used', () => {
    type Operation = { responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }> };
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(item)) {
        const codes = Object.keys(op.responses);
        const where = `${method.toUpperCase()} ${path}`;
        expect(codes, where).toEqual(expect.arrayContaining(['403', '421']));
        if (path.startsWith('/environments')) expect(codes, where).toContain('500');
        if (path.startsWith('/sessions') || path.startsWith('/trajectories')) {
          expect(codes, where).toEqual(expect.arrayContaining(['500', '503']));
          expect(op.responses['503']!.content['application/json']!.schema.$ref, where).toBe(
            '#/components/schemas/Error',
          );
        }
      }
    }
    const respond = doc.paths['/sessions/{id}/respond'].post;
    expect(Object.keys(respond.responses)).toEqual(expect.arrayContaining(['409', '422', '502']));
  });
});

describe('/docs', () => {
  it('is an HTML page whose only script is allowed by its hash (no CDN, no other script)', async () => {
    const r = await server.call('GET', '/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = r.headers.get('content-security-policy') ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(r.text)?.[1] ?? '';
    expect(script).toContain("fetch('openapi.json')");
    const hash = createHash('sha256').update(script).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain("default-src 'none'");
    expect(r.text).not.toMatch(/src="http/);
    expect(r.text).not.toContain('innerHTML');
  });
});
