/**
 * Errors classed by whose fault they are. Adapters map them once: the CLI to exit codes and one clear
 * line (`cli/exit.ts`), the server to HTTP statuses (`server/http-errors.ts`).
 *
 *   SigmaError                  whose fault                                    CLI       HTTP
 *   ├── InputError              the user's input or configuration              exit 2    422
 *   │   └── ConfigurationError  how Sigma is set up where it runs (a server
 *   │                           without a model's key, a folder that does not
 *   │                           load)                                          exit 2    500/503
 *   ├── NotFoundError           the user asked for what is not there           exit 2    404
 *   ├── ConflictError           the request conflicts with the current state   exit 2    409
 *   ├── DataError               a data file or record is missing or malformed  exit 2    422
 *   ├── ModelError              a model call failed for good, or its reply is
 *   │                           unusable                                       exit 2    502
 *   ├── StorageError            the session store failed                       exit 2    503
 *   ├── InternalError           a bug in Sigma (a record it cannot replay)     exit 70   500
 *   ├── AgentError              the agent's action was refused: it becomes the
 *   │                           tool's observation (`Error: ...`); one that
 *   │                           escapes is a bug                               exit 70   500
 *   └── CancelledError          the person stopped (Ctrl-C), or input ended    exit 130  500
 *
 * The first seven are operational (`isOperationalError`): told as one line, without a stack trace.
 */
export class SigmaError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The user's input or configuration is wrong (unknown domain, bad flag, index out of range). */
export class InputError extends SigmaError {}

/**
 * Sigma is not set up for what was asked, where it runs: a server without the key a model needs, a
 * domain folder that does not load. The fault of whoever runs Sigma, not of an API client.
 */
export class ConfigurationError extends InputError {}

/**
 * A data file or folder is missing or malformed; the message names the file and the field. `file` is
 * where the problem is: a file, or the field path of a record checked before it has one.
 */
export class DataError extends SigmaError {
  readonly file: string;
  constructor(file: string, problem: string, options?: ErrorOptions) {
    super(`${file}: ${problem}`, options);
    this.file = file;
  }
}

/** Something asked for does not exist (a task, an episode). */
export class NotFoundError extends SigmaError {}

/** The request conflicts with the current state (acting on a finished episode). */
export class ConflictError extends SigmaError {}

/** Why a model call failed, as far as the caller needs to know to decide what to do next. */
export type ModelFailureKind = 'http' | 'timeout' | 'network' | 'empty-reply' | 'invalid-response' | 'other';

/**
 * A model call failed for good: after its last retry, or at once on an error a retry cannot fix (a bad
 * key, an unknown model). The fields say which model, what went wrong, and how many calls were made.
 */
export class ModelError extends SigmaError {
  readonly provider: string;
  readonly model: string;
  readonly kind: ModelFailureKind;
  /** HTTP status of the last failed call; null when there was none (timeout, network, empty reply). */
  readonly status: number | null;
  /** Calls made, retries included. */
  readonly attempts: number;
  /** What went wrong, without the model's name (the message says both). */
  readonly reason: string;
  constructor(
    fields: {
      provider: string;
      model: string;
      kind: ModelFailureKind;
      status: number | null;
      attempts: number;
      /** What went wrong, in a few words, e.g. `HTTP 401: Incorrect API key provided`. */
      reason: string;
    },
    options?: ErrorOptions,
  ) {
    const calls = fields.attempts === 1 ? '1 call' : `${fields.attempts} calls`;
    super(`Model ${fields.provider}:${fields.model} failed after ${calls}: ${fields.reason}`, options);
    this.provider = fields.provider;
    this.model = fields.model;
    this.kind = fields.kind;
    this.status = fields.status;
    this.attempts = fields.attempts;
    this.reason = fields.reason;
  }
}

/**
 * The session store failed to read or write. A failed write may or may not have been committed (a
 * connection lost during PostgreSQL's COMMIT leaves it unknown).
 */
export class StorageError extends SigmaError {}

/** A bug in Sigma: something that cannot happen if the code is right, e.g. a record it cannot replay. */
export class InternalError extends SigmaError {}

/** The agent's action was refused (a tool's refusal, an expression that raised): an observation. */
export class AgentError extends SigmaError {}

/** The person stopped what was running (Ctrl-C), or the input ended. */
export class CancelledError extends SigmaError {}

/**
 * An operational failure: the user's, the data's, a model's or the store's, told as one clear line.
 * A bug, an agent's refusal that escaped its tool call, or a cancellation is not one.
 */
export function isOperationalError(error: unknown): error is SigmaError {
  return (
    error instanceof SigmaError &&
    !(error instanceof InternalError || error instanceof AgentError || error instanceof CancelledError)
  );
}
