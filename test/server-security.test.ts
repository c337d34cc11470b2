// The server is not an open door: loopback by default, a token required beyond it (checked in constant
// time, 401 without it), CORS closed unless origins are listed, bodies limited, names and ids checked,
// no file paths taken from clients, and no internals in error answers.
import { mkdtempSync, rmSync } from 'node:fs';
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

  it('enforces a token on loopback too when one is set', async () => {
    const server = await serverWith({ token: TOKEN });
    expect((await server.call('GET', '/environments')).status).toBe(401);
    expect((await server.call('GET', '/environments', { token: TOKEN })).status).toBe(200);
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
    expect(simple.status).toBe(200);
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
