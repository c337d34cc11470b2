import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { isLoopback } from '../auth.ts';
import type { GymService } from './gym-service.ts';
import { OpenEnvConnection } from './openenv-protocol.ts';

/** The WebSocket path of OpenEnv's server. */
export const OPENENV_WS_PATH = '/ws';
/** Largest message accepted, as the HTTP body limit. */
const MAX_PAYLOAD = 1024 * 1024;

export interface OpenEnvWsOptions {
  /** When set, the upgrade request needs `Authorization: Bearer <token>`, as every HTTP route. */
  token?: string;
}

/**
 * Serves OpenEnv's WebSocket endpoint on the server: each connection is one environment playing one
 * episode at a time, its messages answered in order. The same access rules as the HTTP API apply: with a
 * token, the bearer header; without one, a loopback Host and no Origin of another site.
 */
export function attachOpenEnvWebSocket(
  server: Server,
  gym: GymService,
  options: OpenEnvWsOptions = {},
): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== OPENENV_WS_PATH) return refuse(socket, 404, 'no WebSocket endpoint here: use /ws');
    const refusal = accessRefusal(request, options.token);
    if (refusal !== undefined) return refuse(socket, refusal.status, refusal.message);
    wss.handleUpgrade(request, socket, head, (ws) => serve(ws, gym));
  });
  server.on('close', () => wss.close());
  return wss;
}

function serve(ws: WebSocket, gym: GymService): void {
  const connection = new OpenEnvConnection(gym);
  let chain = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    const text = isBinary ? '' : data.toString();
    chain = chain.then(async () => {
      const response = await connection.handle(text);
      if (response === null) ws.close(1000, 'closed by the client');
      else if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
    });
  });
}

function accessRefusal(
  request: IncomingMessage,
  token: string | undefined,
): { status: number; message: string } | undefined {
  if (token !== undefined) {
    const given = request.headers.authorization ?? '';
    return timingSafeEqual(digest(given), digest(`Bearer ${token}`))
      ? undefined
      : { status: 401, message: 'missing or wrong API token' };
  }
  const host = request.headers.host ?? '';
  const hostname = host.replace(/:\d+$/, '');
  if (!isLoopback(hostname))
    return { status: 421, message: 'this server answers only requests addressed to localhost' };
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`)
    return { status: 403, message: 'cross-site WebSocket refused' };
  return undefined;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { message } });
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : 'Refused'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
