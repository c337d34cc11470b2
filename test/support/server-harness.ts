import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainRegistry } from '../../src/registry/index.ts';
import { type RunningServer, type ServerOptions, startServer } from '../../src/server/index.ts';
import { SqliteStore } from '../../src/store/index.ts';
import { tempDir } from './temp-dir.ts';

/** One registry per test file: the built-in domains are generated once and shared by its servers. */
let sharedRegistry: DomainRegistry | undefined;
export function testRegistry(): DomainRegistry {
  sharedRegistry ??= new DomainRegistry({ home: tempDir('server-home') });
  return sharedRegistry;
}

export interface TestServer extends RunningServer {
  /** A request with JSON in and out; `token` adds the bearer header. */
  call(method: string, path: string, options?: CallOptions): Promise<Reply>;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as it is (with `contentType`), instead of `body` as JSON. */
  raw?: string;
  contentType?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test replies are checked field by field
  json: any;
}

/** A real server on an ephemeral loopback port, over a fresh SQLite file unless a store is given. */
export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sigma-server-'));
  const store = options.store ?? SqliteStore.open(join(dir, 'sigma.db'));
  const server = await startServer({
    registry: testRegistry(),
    port: 0,
    env: {},
    log: () => {},
    ...options,
    store,
  });
  return {
    ...server,
    call: (method, path, callOptions) => call(server.url, method, path, callOptions),
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Server-sent events of a response body, in order. */
export function parseSse(text: string): Array<{ event: string; data: unknown }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      return { event, data: JSON.parse(data.join('\n')) };
    });
}
