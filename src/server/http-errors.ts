import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  ConfigurationError,
  ConflictError,
  DataError,
  InputError,
  ModelError,
  NotFoundError,
  StorageError,
} from '../core/errors.ts';

/** The stable error codes of the API: the usual one for each HTTP status it uses. */
export const ERROR_CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  421: 'misdirected_request',
  422: 'invalid_input',
  500: 'internal',
  502: 'model_error',
  503: 'storage_unavailable',
} as const;

export type ErrorStatus = keyof typeof ERROR_CODES;

/** A 503 whose cause is the customer's model, not the store. */
export const MODEL_UNAVAILABLE = 'model_unavailable';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(status: ErrorStatus, message: string, details?: unknown, code?: string): ErrorBody {
  return {
    error: { code: code ?? ERROR_CODES[status], message, ...(details === undefined ? {} : { details }) },
  };
}

/** A domain of the server (a `--data` folder, a fetched one) that does not load: the server's problem. */
export class DomainLoadFailure extends ConfigurationError {
  readonly domain: string;
  constructor(domain: string, options?: ErrorOptions) {
    super(`domain "${domain}" could not be loaded`, options);
    this.domain = domain;
  }
}

/** The customer's model cannot be called from this server (its key or address is not set here). */
export class ModelUnavailable extends ConfigurationError {}

export const STORAGE_MESSAGE =
  'the session store is unavailable: the request may not have been applied (GET the session to see where it stands)';

/**
 * The status and body of an error, by its class in the tree of `core/errors.ts` (the one place that
 * decides): the user's fault (4xx) with its message, a model failure (502), the store or a model that
 * cannot be called from this server (503), the server's configuration or a bug (500, without
 * internals — the message is logged, not sent). A subclass is matched before its parent.
 */
export function describeError(error: unknown): { status: ErrorStatus; body: ErrorBody } {
  const as = (status: ErrorStatus, message: string, details?: unknown, code?: string) => ({
    status,
    body: errorBody(status, message, details, code),
  });
  if (error instanceof NotFoundError) return as(404, error.message);
  if (error instanceof ConflictError) return as(409, error.message);
  if (error instanceof ModelUnavailable) return as(503, error.message, undefined, MODEL_UNAVAILABLE);
  if (error instanceof DomainLoadFailure)
    return as(500, `the domain "${error.domain}" could not be loaded: see the server log`);
  if (error instanceof ConfigurationError)
    return as(500, 'the server is not set up for this: see the server log');
  if (error instanceof InputError || error instanceof DataError) return as(422, error.message);
  if (error instanceof ModelError) return as(502, modelErrorMessage(error));
  if (error instanceof StorageError) return as(503, STORAGE_MESSAGE);
  if (error instanceof HTTPException) {
    const status = (error.status in ERROR_CODES ? error.status : 400) as ErrorStatus;
    return as(status, status === 400 && error.message === '' ? 'bad request' : error.message || 'error');
  }
  return as(500, 'internal error: see the server log');
}

/**
 * What a client is told of a failed model call: the model, the attempts and the provider's HTTP status,
 * with at most a short summary of the provider's own text (no addresses, paths or keys; the full
 * message goes to the server log).
 */
function modelErrorMessage(error: ModelError): string {
  const calls = error.attempts === 1 ? '1 call' : `${error.attempts} calls`;
  // The customer's model, or the copilot's (a draft): the name says which.
  const head = `the model ${error.provider}:${error.model} failed after ${calls}`;
  switch (error.kind) {
    case 'http': {
      const said = sanitize(error.message.replace(/^.*?HTTP \d{3}:\s*/s, '').replace(/\s*\(check .*$/s, ''));
      const hint =
        error.status === 401 || error.status === 403
          ? ' (check the API key in the server environment)'
          : error.status === 404
            ? ' (check the model name and the provider address)'
            : '';
      return `${head}: HTTP ${error.status ?? '?'}${said === '' ? '' : `: ${said}`}${hint}`;
    }
    case 'timeout':
      return `${head}: no reply in time`;
    case 'network':
      return `${head}: the model server could not be reached`;
    case 'empty-reply':
      return `${head}: the model returned an empty reply`;
    case 'invalid-response':
      return `${head}: the reply could not be read`;
    default:
      return `${head}: see the server log`;
  }
}

const SUMMARY_LENGTH = 100;

/** `password=…`, `token: …` and the like: the name is kept, the value is not. */
const SECRET_SETTING =
  /\b((?:pass(?:word|wd)?|pwd|secret|token|api[-_]?key|access[-_]?key|credentials?|auth(?:orization)?)["']?)(\s*[=:]\s*["']?)((?:bearer|basic|token)\s+)?[^\s"',;&]+/gi;

/**
 * A provider's text cut short, without URLs, IP addresses, file paths, keys, passwords and other secret
 * settings, bearer tokens, e-mail addresses or control characters.
 */
export function sanitize(text: string): string {
  const clean = text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[url]')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, '[address]')
    .replace(/(?:^|(?<=\s))(?:~|[A-Za-z]:)?(?:[/\\][^\s/\\]+){2,}[/\\]?/g, '[path]')
    .replace(/\b(?:sk|pk|key|api)[-_][A-Za-z0-9*_-]{6,}/gi, '[key]')
    .replace(SECRET_SETTING, (_, name: string, sep: string, scheme = '') => `${name}${sep}${scheme}[secret]`)
    .replace(/\bbearer\s+(?!\[secret\])\S+/gi, 'Bearer [secret]')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[e-mail]')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > SUMMARY_LENGTH ? `${clean.slice(0, SUMMARY_LENGTH - 1)}…` : clean;
}

/** Sends an error in the API's shape. */
export function sendError(
  c: Context,
  status: ErrorStatus,
  message: string,
  details?: unknown,
  code?: string,
): Response {
  return c.json(errorBody(status, message, details, code), status as ContentfulStatusCode);
}
