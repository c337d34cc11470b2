import type { z } from '@hono/zod-openapi';
import { ErrorSchema } from '../api-schemas.ts';

const DESCRIPTIONS = {
  400: 'the request is malformed: invalid JSON, a field of the wrong type, a bad id or name, input nested too deeply',
  401: 'missing or wrong API token',
  403: 'without a token: a cross-site request (an Origin that is neither this server nor a listed CORS origin)',
  404: 'no such session, environment, task split or run',
  409: 'the session is not in a state that allows it (not started, already ended, ended by DELETE)',
  413: 'the request body is too large',
  415: 'the request body is not JSON',
  421: 'without a token: the request is not addressed to a loopback host name (localhost, 127.0.0.1, [::1])',
  422: 'well-formed, but refused: an unknown domain or strategy, a task index out of range, a bad persona file',
  500: 'a bug, or a domain of the server that does not load: details in the server log, never in the answer',
  502: "a model failed (the customer's, or the copilot's for a draft) after its retries; nothing was applied",
  503: "the session store failed (the request may not have been applied), or the customer's model cannot be called from this server (code model_unavailable)",
} as const;

type Status = keyof typeof DESCRIPTIONS;

/** OpenAPI responses for error statuses, all in the API's one error shape. */
export function errors<S extends Status>(
  ...statuses: S[]
): Record<S, { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }> {
  const out = {} as Record<
    S,
    { description: string; content: { 'application/json': { schema: typeof ErrorSchema } } }
  >;
  for (const status of statuses) {
    out[status] = {
      description: DESCRIPTIONS[status],
      content: { 'application/json': { schema: ErrorSchema } },
    };
  }
  return out;
}

/** An OpenAPI response with a JSON body of `schema`. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
