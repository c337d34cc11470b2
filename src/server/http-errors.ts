import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConflictError, DataError, InputError, ModelError, NotFoundError } from '../core/errors.ts';

/** The stable error codes of the API, one per HTTP status it uses. */
export const ERROR_CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'invalid_input',
  500: 'internal',
  502: 'model_error',
  503: 'storage_unavailable',
} as const;

export type ErrorStatus = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(status: ErrorStatus, message: string, details?: unknown): ErrorBody {
  return { error: { code: ERROR_CODES[status], message, ...(details === undefined ? {} : { details }) } };
}

/** Raised by the server itself when the store failed to write or read: the request was not applied. */
export class StorageFailure extends Error {}

/**
 * The status and body of an error: the user's fault (4xx) with its message, a model failure (502), the
 * store (503), or a bug (500, without internals — the message is logged, not sent).
 */
export function describeError(error: unknown): { status: ErrorStatus; body: ErrorBody } {
  const as = (status: ErrorStatus, message: string, details?: unknown) => ({
    status,
    body: errorBody(status, message, details),
  });
  if (error instanceof NotFoundError) return as(404, error.message);
  if (error instanceof ConflictError) return as(409, error.message);
  if (error instanceof InputError || error instanceof DataError) return as(422, error.message);
  if (error instanceof ModelError) return as(502, error.message);
  if (error instanceof StorageFailure)
    return as(503, 'the session store is unavailable; nothing was applied');
  if (error instanceof HTTPException) {
    const status = (error.status in ERROR_CODES ? error.status : 400) as ErrorStatus;
    return as(status, status === 400 && error.message === '' ? 'bad request' : error.message || 'error');
  }
  return as(500, 'internal error: see the server log');
}

/** Sends an error in the API's shape. */
export function sendError(c: Context, status: ErrorStatus, message: string, details?: unknown): Response {
  return c.json(errorBody(status, message, details), status as ContentfulStatusCode);
}
