import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';
import { readToken } from './token';

export type Schemas = components['schemas'];
export type Session = Schemas['Session'];
export type Message = Session['history'][number];
export type Step = Schemas['Step'];
export type RecordDiff = Schemas['RecordDiff'];
export type FinalResult = Schemas['FinalResult'];
export type Tool = Session['tools'][number];
export type CreateSession = Schemas['CreateSession'];

/** An API error answer, with the server's message (`{ error: { code, message } }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = readToken();
    if (token !== undefined) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};

/** The typed client: every path, body and answer comes from the server's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/** The data of an answer, or an `ApiError` with the server's message. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    const body = result.error as { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(
      result.response.status,
      body?.error?.code ?? 'error',
      body?.error?.message ?? `the server answered ${result.response.status}`,
    );
  }
  return result.data;
}

/**
 * Sends a message to the customer and reads the reply as it is written: server-sent events from
 * `/respond/stream` (`delta` pieces, then `done` with the step, or `error` when it failed part-way).
 */
export async function respondStreaming(
  id: string,
  message: string,
  onDelta: (text: string) => void,
): Promise<Step> {
  const result = await api.POST('/sessions/{id}/respond/stream', {
    params: { path: { id } },
    body: { message },
    headers: { Accept: 'text/event-stream' },
    parseAs: 'stream',
  });
  if (!result.response.ok) {
    const body = (await result.response.json().catch(() => undefined)) as
      | { error?: { code?: string; message?: string } }
      | undefined;
    throw new ApiError(
      result.response.status,
      body?.error?.code ?? 'error',
      body?.error?.message ?? `the server answered ${result.response.status}`,
    );
  }
  const reader = result.response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let step: Step | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (value !== undefined) buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: ?(.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.replace(/^data: ?/, ''))
        .join('\n');
      if (event === 'delta') onDelta((JSON.parse(data) as { text: string }).text);
      else if (event === 'done') step = JSON.parse(data) as Step;
      else if (event === 'error') {
        const failure = JSON.parse(data) as { message: string; status?: number; code?: string };
        throw new ApiError(failure.status ?? 500, failure.code ?? 'stream', failure.message);
      }
      end = buffer.indexOf('\n\n');
    }
    if (done) break;
  }
  if (step === undefined) throw new ApiError(500, 'stream', 'the reply ended before its last event');
  return step;
}
