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
