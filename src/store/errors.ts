import { ConflictError } from '../core/errors.ts';

/**
 * An event's place in its session's log was taken by another writer (another server process on the same
 * store): the writer's copy of the session is stale. The server rebuilds it and tries the request again.
 */
export class EventSeqTaken extends ConflictError {
  constructor(sessionId: string, seq: number) {
    super(`session ${sessionId} already has an event ${seq}: another server wrote to it`);
  }
}
