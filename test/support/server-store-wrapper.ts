import type {
  SessionChange,
  SessionFilter,
  SessionRow,
  SessionStore,
  SessionSummary,
  StoredEvent,
} from '../../src/store/index.ts';

/**
 * A store that passes every call to another one, with a hook before each `appendEvent`: it may wait
 * (so concurrent requests really overlap), throw (a failed write), or record what was written.
 */
export class WrappedStore implements SessionStore {
  readonly inner: SessionStore;
  /** Runs before each append; a throw fails that append without writing it. */
  beforeAppend: ((event: StoredEvent) => Promise<void> | void) | undefined;
  /** Every event the inner store accepted, in order. */
  readonly appended: StoredEvent[] = [];

  constructor(inner: SessionStore) {
    this.inner = inner;
  }

  get kind(): string {
    return this.inner.kind;
  }

  get annotations(): SessionStore['annotations'] {
    return this.inner.annotations;
  }

  get reviews(): SessionStore['reviews'] {
    return this.inner.reviews;
  }

  /** The next append fails (with a driver-like error the server must not show) and writes nothing. */
  failNextAppend(message = 'disk I/O error at /srv/secret/sigma.db'): void {
    const previous = this.beforeAppend;
    this.beforeAppend = () => {
      this.beforeAppend = previous;
      throw new Error(message);
    };
  }

  migrate(): Promise<void> {
    return this.inner.migrate();
  }
  createSession(row: SessionRow): Promise<void> {
    return this.inner.createSession(row);
  }
  getSession(id: string): Promise<SessionRow | undefined> {
    return this.inner.getSession(id);
  }
  async appendEvent(event: StoredEvent, change?: SessionChange): Promise<void> {
    await this.beforeAppend?.(event);
    await this.inner.appendEvent(event, change);
    this.appended.push(event);
  }
  eventCount(sessionId: string): Promise<number | undefined> {
    return this.inner.eventCount(sessionId);
  }
  listEvents(sessionId: string, fromSeq?: number): Promise<StoredEvent[]> {
    return this.inner.listEvents(sessionId, fromSeq);
  }
  getTrajectory(sessionId: string): Promise<string | undefined> {
    return this.inner.getTrajectory(sessionId);
  }
  listSessions(filter: SessionFilter): Promise<{ items: SessionSummary[]; total: number }> {
    return this.inner.listSessions(filter);
  }
  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
