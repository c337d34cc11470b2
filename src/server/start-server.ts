import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener, RequestError } from '@hono/node-server';
import { InputError, SigmaError } from '../core/errors.ts';
import { type AppOptions, createApp, type SigmaApp } from './app.ts';
import { checkToken, isLoopback } from './auth.ts';
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.ts';
import { attachOpenEnvWebSocket } from './gym/openenv-ws.ts';
import { type ErrorStatus, errorBody } from './http-errors.ts';

export { DEFAULT_HOST, DEFAULT_PORT };

export interface ServerOptions extends AppOptions {
  /** Default 127.0.0.1. Any address beyond loopback needs a token. */
  host?: string;
  /** Default 8000; 0 picks a free port. */
  port?: number;
  /** The API token (from SIGMA_API_TOKEN); required beyond loopback, enforced whenever given. */
  token?: string;
}

export interface RunningServer extends SigmaApp {
  /** `http://host:port`, with the port actually bound. */
  url: string;
  host: string;
  port: number;
  /** Stops accepting requests, waits for those in flight, closes the store. */
  close(): Promise<void>;
}

/**
 * Checks the security settings, migrates the store and listens. Refuses a non-loopback address without
 * a token: the API runs tools on data and records conversations, and must not be open to a network.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError(`--port must be a whole number from 0 to 65535, got ${port}`);
  const token = options.token === undefined || options.token === '' ? undefined : checkToken(options.token);
  if (!isLoopback(host) && token === undefined) {
    throw new InputError(
      `refusing to listen on ${host} without an API token: anyone who can reach it could drive sessions and read conversations. ` +
        'Set SIGMA_API_TOKEN (e.g. export SIGMA_API_TOKEN=$(openssl rand -hex 32)), or listen on 127.0.0.1.',
    );
  }
  try {
    await options.store.migrate();
  } catch (error) {
    if (error instanceof SigmaError) throw error;
    throw new InputError(`cannot use the session store: ${(error as Error).message}`, { cause: error });
  }
  const sigma = createApp({ ...options, ...(token === undefined ? {} : { token }) });
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const server = await listen(sigma, host, port, log);
  const ws = attachOpenEnvWebSocket(server, sigma.gym, token === undefined ? {} : { token });
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    ...sigma,
    url: `http://${shown}:${bound}`,
    host,
    port: bound,
    async close() {
      for (const client of ws.clients) client.terminate();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      await options.store.close();
    },
  };
}

/**
 * Binds the app. Requests too malformed to reach it (no Host header, a Host header that is not a host, a
 * backslash in the path, a request line Node's parser refuses) still get the API's JSON error shape.
 */
function listen(
  sigma: SigmaApp,
  host: string,
  port: number,
  log: (message: string) => void,
): Promise<Server> {
  const listener = getRequestListener(sigma.app.fetch, {
    hostname: host,
    errorHandler: (error) => {
      if (error instanceof RequestError) return jsonError(400, `malformed request: ${error.message}`);
      log(`sigma serve: a request failed before the app: ${(error as Error).stack ?? String(error)}`);
      return jsonError(500, 'internal error: see the server log');
    },
  });
  // Node would answer an HTTP/1.1 request without a Host header with an empty 400; it gets the API's error.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    if (req.headers.host !== undefined || req.httpVersion === '1.0') return listener(req, res);
    const body = JSON.stringify(errorBody(400, 'the request has no Host header (HTTP/1.1 requires one)'));
    res.writeHead(400, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      Connection: 'close',
    });
    res.end(body);
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(errorBody(400, 'malformed HTTP request'));
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new InputError(`port ${port} on ${host} is already in use`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(new InputError(`cannot listen on ${host}: no such address on this machine`));
      else if (error.code === 'EACCES') reject(new InputError(`not allowed to listen on ${host}:${port}`));
      else reject(error);
    });
    server.listen(port, host, () => resolve(server));
  });
}

function jsonError(status: ErrorStatus, message: string): Response {
  return new Response(JSON.stringify(errorBody(status, message)), {
    status,
    headers: {
      'Content-Type': 'application/json',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}
