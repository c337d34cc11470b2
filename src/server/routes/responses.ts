import { ErrorSchema } from '../api-schemas.ts';

const DESCRIPTIONS = {
  400: 'the request is malformed: invalid JSON, a field of the wrong type, a bad id or name',
  401: 'missing or wrong API token',
  404: 'no such session, environment or task split',
  409: 'the session is not in a state that allows it (not started, already ended)',
  413: 'the request body is too large',
  415: 'the request body is not JSON',
  422: 'well-formed, but refused: an unknown domain or strategy, a task index out of range, a bad persona file',
  502: "the customer's model failed",
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
