/**
 * Errors classed by whose fault they are. Adapters map them once: the CLI to exit codes and one clear
 * line, the server to HTTP statuses. A bad tool call by the agent is not an error: it becomes the
 * tool's observation.
 */
export class SigmaError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The user's input or configuration is wrong (unknown domain, bad flag, index out of range). */
export class InputError extends SigmaError {}

/** A data file or folder is missing or malformed; the message names the file and the field. */
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
  }
}
