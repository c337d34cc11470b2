// The server is not an open door: loopback by default, a token required beyond it (checked in constant
// time, 401 without it), CORS closed unless origins are listed, bodies limited, names and ids checked,
// no file paths taken from clients, and no internals in error answers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainRegistry } from '../src/registry/index.ts';
import { createApp, isLoopback, startServer } from '../src/server/index.ts';
import { SqliteStore } from '../src/store/index.ts';
import { runCli } from './support/run-cli.ts';
import { call, startTestServer, type TestServer } from './support/server-harness.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const TOKEN = 'test-token-0123456789abcdef';
const temp = mkdtempSync(join(tmpdir(), 'sigma-security-'));
const servers: TestServer[] = [];
const children: ServerProcess[] = [];
afterAll(async () => {
  for (const child of children) await child.kill();
  for (const server of servers) await server.close();
  rmSync(temp, { recursive: true, force: true });
});

async function serverWith(options: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: checked field by field
  json: any;
}

/** A request over node:http, which sends headers as given (fetch will not set Host). */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<RawReply> {
  const url = new URL(base);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: {
          ...(text === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          data += chunk;
        });
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(data);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

/** Bytes written to a socket as they are, for requests no HTTP client would make; the whole answer. */
function rawHttp(base: string, bytes: string): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.end(bytes));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0);
      resolve({ status, body: data.slice(data.indexOf('\r\n\r\n') + 4) });
    });
  });
}

describe('binding and the API token', () => {
  it('refuses to listen beyond loopback without SIGMA_API_TOKEN (CLI exits 2 with a clear message)', () => {
    const env = { SIGMA_API_TOKEN: '', SIGMA_HOME: join(temp, 'home') };
    for (const host of ['0.0.0.0', '::']) {
      const run = runCli(['serve', '--host', host, '--port', '0'], { env });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`refusing to listen on ${host} without an API token`);
      expect(run.stderr).toContain('SIGMA_API_TOKEN');
      expect(run.stdout).not.toContain('listening');
    }
  });

  it('refuses a weak token and bad flags', async () => {
    const run = runCli(['serve', '--host', '0.0.0.0', '--port', '0'], {
      env: { SIGMA_API_TOKEN: 'short', SIGMA_HOME: join(temp, 'home') },
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/at least 16 characters/);
    expect(runCli(['serve', '--port', 'http']).stderr).toMatch(/--port must be a whole number/);
    expect(runCli(['serve', '--cors-origin', 'https://a.example/path']).stderr).toMatch(/must be an origin/);
    expect(runCli(['serve', '--store', 'mysql://x']).stderr).toMatch(/unknown store/);
    const down = runCli(['serve', '--port', '0', '--store', 'postgres://postgres@127.0.0.1:1/test']);
    expect(down.status).toBe(2);
    expect(down.stderr).toMatch(/cannot use the session store: connect ECONNREFUSED/);
    const store = SqliteStore.open(':memory:');
    await expect(
      startServer({ store, registry: new DomainRegistry({ home: temp }), host: '192.0.2.1', port: 0 }),
    ).rejects.toThrow(/refusing to listen on 192\.0\.2\.1 without an API token/);
    await store.close();
  });

  it('beyond loopback with a token, every route but /health needs the bearer token (a real child process)', async () => {
    const child = await spawnServer(['--host', '0.0.0.0'], {
      SIGMA_API_TOKEN: TOKEN,
      SIGMA_HOME: join(temp, 'home'),
    });
    children.push(child);
    const { url } = child;
    expect((await call(url, 'GET', '/health')).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/environments'],
      ['GET', '/openapi.json'],
      ['GET', '/docs'],
      ['POST', '/sessions'],
      ['GET', '/trajectories'],
      ['GET', '/sessions/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const none = await call(url, method, path);
      expect(none.status).toBe(401);
      expect(none.json).toEqual({
        error: { code: 'unauthorized', message: expect.stringMatching(/API token/) },
      });
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await call(url, method, path, { token: `${TOKEN}x` })).status).toBe(401);
      expect((await call(url, method, path, { headers: { authorization: TOKEN } })).status).toBe(401);
    }
    expect((await call(url, 'GET', '/environments', { token: TOKEN })).status).toBe(200);
    const created = await call(url, 'POST', '/sessions', {
      token: TOKEN,
      body: { envName: 'retail', taskIndex: 0 },
    });
    expect(created.status).toBe(201);
  });

  it('with a token, an export link needs it; the download it names needs none, works once, and nothing else under /downloads/ opens', async () => {
    const server = await serverWith({ token: TOKEN });
    expect((await server.call('POST', '/exports/raw/link')).status).toBe(401);
    expect((await server.call('GET', '/exports/raw/manifest')).status).toBe(401);
    const link = await server.call('POST', '/exports/raw/link', { token: TOKEN });
    expect(link.status, link.text).toBe(200);
    const download = await server.call('GET', link.json.url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/x-tar');
    expect((await server.call('GET', link.json.url)).status).toBe(404);
    const guessed = await server.call('GET', `/downloads/${'A'.repeat(43)}`);
    expect(guessed.status).toBe(404);
    expect((await server.call('GET', '/downloads/../environments')).status).toBe(401);
    expect((await server.call('GET', '/downloadsX/environments')).status).toBe(401);
  });

  it('enforces a token on loopback too when one is set; only the exact /health is open', async () => {
    const server = await serverWith({ token: TOKEN });
    expect((await server.call('GET', '/environments')).status).toBe(401);
    expect((await server.call('GET', '/environments', { token: TOKEN })).status).toBe(200);
    expect((await server.call('GET', '/health')).status).toBe(200);
    for (const path of ['/health/', '/HEALTH', '/health/../environments', '/Health']) {
      const r = await server.call('GET', path);
      expect(r.status, path).toBe(401);
      expect(r.json.error.code).toBe('unauthorized');
    }
    // Without CORS origins there is no preflight exception: OPTIONS needs the token like the rest.
    const pre = await server.call('OPTIONS', '/sessions', {
      headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(401);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('knows loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopback(host)).toBe(true);
    }
    for (const host of [
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '192.168.1.2',
      'example.com',
      '127.0.0.1.example.com',
      '128.0.0.1',
    ]) {
      expect(isLoopback(host)).toBe(false);
    }
  });
});

describe('without a token: only this machine, never another site', () => {
  it('refuses requests addressed to another host name (DNS rebinding) with 421; a token lifts it', async () => {
    const open = await serverWith({});
    const port = new URL(open.url).port;
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1.evil.example', '10.0.0.1']) {
      for (const [method, path, body] of [
        ['GET', '/environments', undefined],
        ['GET', '/health', undefined],
        ['POST', '/sessions', { envName: 'retail' }],
      ] as const) {
        const r = await send(open.url, method, path, { host }, body);
        expect(r.status, `${host} ${path}`).toBe(421);
        expect(r.json.error.code).toBe('misdirected_request');
      }
    }
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'localhost',
      `127.3.4.5:${port}`,
      `[::1]:${port}`,
    ]) {
      expect((await send(open.url, 'GET', '/environments', { host })).status, host).toBe(200);
    }
    const guarded = await serverWith({ token: TOKEN });
    const r = await send(guarded.url, 'GET', '/environments', {
      host: 'sigma.example.com',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(r.status).toBe(200);
  });

  it("refuses a browser's cross-site request (403), but not this server's own pages or a listed origin", async () => {
    const open = await serverWith({});
    for (const origin of ['https://evil.example', 'null', 'http://localhost:1']) {
      const r = await open.call('POST', '/sessions', { body: { envName: 'retail' }, headers: { origin } });
      expect(r.status, origin).toBe(403);
      expect(r.json.error.code).toBe('forbidden');
    }
    const own = await open.call('POST', '/sessions', {
      body: { envName: 'retail' },
      headers: { origin: open.url },
    });
    expect(own.status).toBe(201);
    const ORIGIN = 'https://annotate.example.com';
    const listed = await serverWith({ corsOrigins: [ORIGIN] });
    const r = await listed.call('POST', '/sessions', {
      body: { envName: 'retail' },
      headers: { origin: ORIGIN },
    });
    expect(r.status).toBe(201);
    expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});

describe('CORS', () => {
  const ORIGIN = 'https://annotate.example.com';
  const preflight = {
    origin: ORIGIN,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'authorization, content-type',
  };

  it('is closed by default: no browser origin is allowed', async () => {
    const server = await serverWith({});
    const simple = await server.call('GET', '/environments', { headers: { origin: ORIGIN } });
    expect(simple.status).toBe(403);
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await server.call('OPTIONS', '/sessions', { headers: preflight });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('opens for the listed origins only, and preflight works with a token', async () => {
    const server = await serverWith({ corsOrigins: [ORIGIN], token: TOKEN });
    const pre = await server.call('OPTIONS', '/sessions', { headers: preflight });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
    const listed = await server.call('GET', '/environments', { token: TOKEN, headers: { origin: ORIGIN } });
    expect(listed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const other = await server.call('OPTIONS', '/sessions', {
      headers: { ...preflight, origin: 'https://evil.example.com' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('inputs', () => {
  it('answers a body over the limit with 413, whether announced or streamed', async () => {
    const server = await serverWith({});
    const big = JSON.stringify({ envName: 'retail', persona: 'x'.repeat(1024 * 1024) });
    const r = await server.call('POST', '/sessions', { raw: big, contentType: 'application/json' });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('payload_too_large');
    const chunked = await fetch(`${server.url}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 3; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(512 * 1024)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const small = await serverWith({ bodyLimit: 100 });
    expect(
      (await small.call('POST', '/sessions', { body: { envName: 'retail', persona: 'y'.repeat(200) } }))
        .status,
    ).toBe(413);
  });

  it('refuses path-like domain names and ids everywhere, and never reads a file a client names', async () => {
    const server = await serverWith({});
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '%2Fetc', '.hidden', '~root', 'retail%00', 'a%5Cb']) {
      expect((await server.call('GET', `/environments/${name}/policy`)).status).toBe(400);
    }
    expect((await server.call('GET', '/environments/../etc/policy')).status).toBe(404);
    for (const envName of ['/etc/passwd', '../retail', 'retail/..', 'C:\\data', '']) {
      const r = await server.call('POST', '/sessions', { body: { envName } });
      expect(r.status).toBe(400);
    }
    // A persona file is content, never a path: a path is just invalid JSON.
    const r = await server.call('POST', '/sessions', {
      body: { envName: 'retail', personaFile: '/etc/passwd' },
    });
    expect(r.status).toBe(422);
    expect(r.json.error.message).toMatch(/invalid JSON/);
    expect(r.text).not.toContain('root:');
    for (const id of ['..%2Fsigma.db', '1', 'ABCDEF00-0000-4000-8000-000000000000']) {
      expect((await server.call('GET', `/sessions/${id}`)).status).toBe(400);
    }
  });

  it('refuses deeply nested input with 400 or 422, never a 500', async () => {
    const server = await serverWith({});
    const id = (await server.call('POST', '/sessions', { body: { envName: 'retail', taskIndex: 0 } })).json
      .id;
    await server.call('POST', `/sessions/${id}/start`);
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const post = (path: string, raw: string) =>
      server.call('POST', path, { raw, contentType: 'application/json' });
    // 200 KB of brackets as a value: refused by the schema, with the reason.
    const deep = await post(
      `/sessions/${id}/tool`,
      `{"name": "get_order_details", "arguments": {"a": ${nested(100_000)}}}`,
    );
    expect(deep.status).toBe(400);
    expect(JSON.stringify(deep.json.error.details)).toMatch(/nested deeper than 64/);
    // The limit itself: 64 levels are fine (the tool then says what it thinks of the arguments).
    const limit = await post(
      `/sessions/${id}/tool`,
      `{"name": "get_order_details", "arguments": {"a": ${nested(63)}}}`,
    );
    expect(limit.status).toBe(200);
    expect(
      (await post(`/sessions/${id}/tool`, `{"name": "x", "arguments": {"a": ${nested(64)}}}`)).status,
    ).toBe(400);
    // As JSON text, the parser refuses it.
    const text = await server.call('POST', `/sessions/${id}/tool`, {
      body: { name: 'get_order_details', arguments: `{"a": ${nested(49_000)}}` },
    });
    expect(text.status).toBe(422);
    // A persona file, as an object or as text.
    const asObject = await post(
      '/sessions',
      `{"envName": "retail", "personaFile": {"instruction": "x", "records": ${nested(100_000)}}}`,
    );
    expect(asObject.status).toBe(400);
    const asText = await server.call('POST', '/sessions', {
      body: { envName: 'retail', personaFile: `{"instruction": "x", "records": ${nested(100_000)}}` },
    });
    expect(asText.status).toBe(422);
    expect(asText.json.error.code).toBe('invalid_input');
    // The session is still fine.
    expect((await server.call('GET', `/sessions/${id}`)).status).toBe(200);
  });

  it('answers a domain that fails to load with its name only; the detail goes to the log', async () => {
    const data = join(temp, 'data');
    mkdirSync(join(data, 'broken'), { recursive: true });
    writeFileSync(join(data, 'broken', 'db.json'), '{"orders": oops');
    writeFileSync(join(data, 'broken', 'tasks.json'), '[]');
    const logged: string[] = [];
    const server = await serverWith({
      registry: new DomainRegistry({ home: join(temp, 'home'), data }),
      log: (m) => logged.push(m),
    });
    for (const r of [
      await server.call('GET', '/environments/broken/tasks'),
      await server.call('GET', '/environments/broken/policy'),
      await server.call('POST', '/sessions', { body: { envName: 'broken' } }),
    ]) {
      expect(r.status).toBe(500);
      expect(r.json.error).toEqual({
        code: 'internal',
        message: 'the domain "broken" could not be loaded: see the server log',
      });
      expect(r.text).not.toContain(temp);
    }
    expect(logged.join('\n')).toContain(join(data, 'broken'));
    const list = await server.call('GET', '/environments');
    expect(list.text).not.toContain(temp);
  });

  it('answers requests too malformed for the app (no or bad Host, backslash paths, garbage) in the JSON shape', async () => {
    const server = await serverWith({});
    for (const request of [
      'GET /environments HTTP/1.1\r\nHost: exa mple\r\nConnection: close\r\n\r\n',
      'GET /environments HTTP/1.1\r\nHost: [::1\r\nConnection: close\r\n\r\n',
      'GET /environments\\..\\..\\etc HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
      'HELLO THERE\r\n\r\n',
      'GET /environments HTTP/1.1\r\nConnection: close\r\n\r\n',
    ]) {
      const r = await rawHttp(server.url, request);
      expect(r.status, request).toBe(400);
      expect(JSON.parse(r.body), request).toEqual({
        error: { code: 'bad_request', message: expect.any(String) },
      });
    }
  });

  it('sends security headers, and no internals when something breaks', async () => {
    const server = await serverWith({});
    const r = await server.call('GET', '/environments');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(r.headers.get('cache-control')).toBe('no-store');
    const logged: string[] = [];
    const registry = new DomainRegistry({ home: temp });
    registry.list = () => {
      throw new Error('secret detail at /var/lib/sigma');
    };
    const store = SqliteStore.open(':memory:');
    await store.migrate();
    const broken = store.listSessions.bind(store);
    store.listSessions = async () => {
      throw new Error('database is locked at /srv/secret.db');
    };
    const { app } = createApp({ store, registry, log: (m) => logged.push(m) });
    const bug = await app.request('/environments');
    expect(bug.status).toBe(500);
    const bugBody = await bug.text();
    expect(JSON.parse(bugBody)).toEqual({
      error: { code: 'internal', message: 'internal error: see the server log' },
    });
    expect(bugBody).not.toContain('secret');
    const down = await app.request('/trajectories');
    expect(down.status).toBe(503);
    const downBody = await down.text();
    expect(JSON.parse(downBody).error.code).toBe('storage_unavailable');
    expect(downBody).not.toContain('secret');
    expect(logged.join('\n')).toContain('secret detail');
    store.listSessions = broken;
    await store.close();
  });
});
