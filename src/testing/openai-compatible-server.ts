import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { completionBody, completionEvents, type RecordedRequest, recordRequest } from './openai-wire.ts';
import { errorBody, normalizeResponse, type ScriptedResponse } from './scripted-response.ts';

/** Decides the answer to a request once the queue of scripted responses is empty. */
export type ResponseHandler = (request: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>;

export interface OpenAICompatibleServerOptions {
  /** Answers, used in order, one per chat request. */
  responses?: ScriptedResponse[];
  /** Answers requests once `responses` is used up. */
  handler?: ResponseHandler;
  /** When set, requests without this key (`Authorization: Bearer <key>` or `api-key: <key>`) get a 401. */
  apiKey?: string;
  /** 127.0.0.1 by default. */
  host?: string;
  /** 0 (any free port) by default. */
  port?: number;
}

/**
 * An OpenAI-compatible chat server on loopback, for testing code that calls a model without a key or a
 * network. It serves `POST …/chat/completions` (plain or streamed) from a script, records every request,
 * and can answer with errors, empty or malformed replies, dropped connections and delays. Any path
 * ending in `/chat/completions` is served, so OpenAI, Azure and OpenAI-compatible clients all reach it.
 *
 * ```ts
 * const server = await startOpenAICompatibleServer({ responses: [reply.rateLimited(1), 'Hello!'] });
 * // point the client at server.url (http://127.0.0.1:<port>/v1), run the code under test, then:
 * expect(server.requests[1]?.messages).toEqual([...]);
 * server.assertDone();
 * await server.close();
 * ```
 */
export class OpenAICompatibleTestServer {
  /** The base URL clients take, ending in `/v1`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>`, for clients that add their own path. */
  readonly origin: string;
  /** Every request received, in order, including ones refused. */
  readonly requests: RecordedRequest[] = [];
  readonly #server: Server;
  readonly #queue: ScriptedResponse[];
  readonly #handler: ResponseHandler | undefined;
  readonly #apiKey: string | undefined;
  readonly #problems: string[] = [];
  #inFlight = 0;
  #maxInFlight = 0;
  #closed: Promise<void> | undefined;

  private constructor(server: Server, options: OpenAICompatibleServerOptions) {
    this.#server = server;
    this.#queue = [...(options.responses ?? [])];
    this.#handler = options.handler;
    this.#apiKey = options.apiKey;
    const { address, port } = server.address() as AddressInfo;
    const host = address.includes(':') ? `[${address}]` : address;
    this.origin = `http://${host}:${port}`;
    this.url = `${this.origin}/v1`;
  }

  /** Adds answers to the end of the script. */
  enqueue(...responses: ScriptedResponse[]): void {
    this.#queue.push(...responses);
  }

  /** Scripted answers not used yet. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Requests being answered right now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most requests ever answered at the same time: checks a client's concurrency limit. */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  get lastRequest(): RecordedRequest | undefined {
    return this.requests.at(-1);
  }

  /** Requests the script did not expect: no answer left, an unknown path, a handler that threw. */
  get problems(): readonly string[] {
    return this.#problems;
  }

  /** Throws unless every scripted answer was used and no request was unexpected. */
  assertDone(): void {
    const lines = [...this.#problems];
    if (this.#queue.length > 0) lines.push(`${this.#queue.length} scripted response(s) were never requested`);
    if (lines.length > 0) throw new Error(`OpenAI-compatible test server:\n  ${lines.join('\n  ')}`);
  }

  /**
   * Stops the server, dropping connections still open (a client still waiting sees a network error).
   * Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.#closed ??= new Promise((resolve, reject) => {
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeAllConnections();
    });
    return this.#closed;
  }

  /** Starts a server on loopback (an ephemeral port unless told otherwise). */
  static async start(options: OpenAICompatibleServerOptions = {}): Promise<OpenAICompatibleTestServer> {
    let instance: OpenAICompatibleTestServer | undefined;
    const server = createServer((req, res) => {
      instance!.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, `Test server failed: ${(error as Error).message}`);
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    instance = new OpenAICompatibleTestServer(server, options);
    return instance;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#inFlight++;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    // 'finish' comes before the client can read the answer, so a client's next call is never counted
    // together with the one it follows; 'close' covers answers that were never finished.
    let counted = true;
    const leave = () => {
      if (counted) this.#inFlight--;
      counted = false;
    };
    res.once('finish', leave);
    res.once('close', leave);
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', this.origin);
    const request = recordRequest(this.requests.length, req.method ?? 'GET', url, req.headers, rawBody);
    this.requests.push(request);

    if (req.method !== 'POST' || !url.pathname.endsWith('/chat/completions')) {
      this.#problems.push(`request #${request.index}: no route for ${request.method} ${request.path}`);
      return sendError(res, 404, `No route for ${request.method} ${request.path}`);
    }
    if (this.#apiKey !== undefined && !this.#authorized(request)) {
      return sendError(res, 401, 'Incorrect API key provided');
    }
    if (request.body === undefined) return sendError(res, 400, 'The request body is not valid JSON');

    let scripted: ScriptedResponse | undefined = this.#queue.shift();
    if (scripted === undefined && this.#handler !== undefined) {
      try {
        scripted = await this.#handler(request);
      } catch (error) {
        this.#problems.push(`request #${request.index}: the handler threw: ${(error as Error).message}`);
        return sendError(res, 500, `Test server handler failed: ${(error as Error).message}`);
      }
    }
    if (scripted === undefined) {
      this.#problems.push(`request #${request.index}: no scripted response left`);
      return sendError(res, 500, `Test server: no scripted response left for request #${request.index}`);
    }
    const response = normalizeResponse(scripted);
    if (response.delayMs !== undefined && response.delayMs > 0) {
      await waitUnlessClosed(response.delayMs, res);
      if (res.destroyed) return;
    }
    switch (response.type) {
      case 'completion':
        if (request.stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          const events = completionEvents(request, response);
          // The role chunk, then the text's pieces: a cut stream stops after some of them.
          const cut = response.cutAfterPieces === undefined ? undefined : 1 + response.cutAfterPieces;
          for (const [index, event] of events.entries()) {
            if (index === cut) {
              // Let the pieces sent reach the client first, then break the connection.
              await waitUnlessClosed(50, res);
              req.socket.destroy();
              return;
            }
            if (index > 0 && response.chunkDelayMs !== undefined && response.chunkDelayMs > 0) {
              await waitUnlessClosed(response.chunkDelayMs, res);
              if (res.destroyed) return;
            }
            res.write(event);
          }
          res.end();
        } else {
          send(res, 200, completionBody(request, response));
        }
        return;
      case 'error': {
        const headers: Record<string, string> = { ...response.headers };
        if (response.retryAfterSeconds !== undefined)
          headers['retry-after'] = String(response.retryAfterSeconds);
        const message = response.message ?? `Scripted error ${response.status}`;
        return send(res, response.status, errorBody(response.status, message), headers);
      }
      case 'raw':
        return send(res, response.status ?? 200, response.body, {
          ...response.headers,
          'content-type': response.contentType ?? 'application/json',
        });
      case 'hang-up':
        req.socket.destroy();
        return;
    }
  }

  #authorized(request: RecordedRequest): boolean {
    return (
      request.headers.authorization === `Bearer ${this.#apiKey}` ||
      request.headers['api-key'] === this.#apiKey
    );
  }
}

/** Starts a server on loopback (an ephemeral port unless told otherwise). */
export function startOpenAICompatibleServer(
  options: OpenAICompatibleServerOptions = {},
): Promise<OpenAICompatibleTestServer> {
  return OpenAICompatibleTestServer.start(options);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('end', done);
    // A client that gives up mid-request never sends 'end'; what arrived is recorded all the same.
    req.on('close', done);
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  send(res, status, errorBody(status, message));
}

/** Waits, but stops early when the client goes away (a timed-out client, or the server closing). */
function waitUnlessClosed(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}
