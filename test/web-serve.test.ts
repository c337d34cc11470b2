// `sigma serve` serves the built web app beside the API: its pages at /, /play/…, /result/… and
// /domains…, its files at /assets/… with a strict CSP, without a token even on a protected server (the
// page asks for it); every API route is unchanged; `--open` starts the desktop's browser on the page.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkBrowserSetup } from './support/browser.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigma-web-serve-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(args: string[], env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await spawnServer(['--store', 'sqlite::memory:', ...args], env);
  servers.push(server);
  return server;
}

const ID = '0b6a3c1e-5d2f-4f7a-9a44-3f1f1d2b9c10';

describe('sigma serve and the web app', () => {
  it('serves the pages with a CSP that allows no inline script, and the API beside them', async () => {
    checkBrowserSetup();
    const server = await serve([]);
    for (const path of ['/', `/play/${ID}`, `/result/${ID}`, '/domains', '/domains/retail']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      const html = await r.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    }
    const html = await (await fetch(`${server.url}/`)).text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const js = await fetch(`${server.url}${asset}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    for (const path of ['/assets/../package.json', '/assets/missing.js', '/play/not-an-id', '/index.html']) {
      const r = await fetch(`${server.url}${path}`);
      expect(r.status, path).toBe(404);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await fetch(`${server.url}/`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(((await (await fetch(`${server.url}/health`)).json()) as { status: string }).status).toBe('ok');
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(200);
  });

  it('serves the page without the token on a protected server, and nothing of the API', async () => {
    const server = await serve(['--host', '0.0.0.0'], { SIGMA_API_TOKEN: 'serve-test-token-0123456789' });
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    expect((await fetch(`${server.url}/environments`)).status).toBe(401);
    expect((await fetch(`${server.url}/openapi.json`)).status).toBe(401);
  });

  it('--open starts the browser on the page', async () => {
    const bin = join(dir, 'bin');
    const opened = join(dir, 'opened.txt');
    rmSync(bin, { recursive: true, force: true });
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const server = await serve(['--open'], { PATH: `${bin}:${process.env.PATH}`, DISPLAY: ':0' });
    for (let i = 0; i < 100 && !existsSync(opened); i++) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(opened, 'utf8')).toBe(`${server.url}/`);
  });
});
