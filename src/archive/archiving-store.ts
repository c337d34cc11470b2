import type { SessionChange, SessionRow, SessionStore, StoredEvent } from '../store/types.ts';
import type { TrajectoryArchive } from './archive.ts';

/**
 * A store that also archives every finished trajectory: each write goes to the store first (as before),
 * then the trajectory is queued for upload. The store's answers do not wait for the archive.
 */
export class ArchivingStore implements SessionStore {
  readonly kind: string;
  private readonly inner: SessionStore;
  readonly archive: TrajectoryArchive;

  constructor(inner: SessionStore, archive: TrajectoryArchive) {
    this.inner = inner;
    this.kind = inner.kind;
    this.archive = archive;
  }

  get annotations(): SessionStore['annotations'] {
    return this.inner.annotations;
  }

  get reviews(): SessionStore['reviews'] {
    return this.inner.reviews;
  }

  migrate(): Promise<void> {
    return this.inner.migrate();
  }

  async createSession(row: SessionRow, trajectory?: string): Promise<void> {
    await this.inner.createSession(row, trajectory);
    if (trajectory !== undefined)
      this.archive.enqueue({
        id: row.id,
        domain: row.domain,
        at: row.endedAt ?? row.createdAt,
        text: trajectory,
      });
  }

  getSession(id: string): ReturnType<SessionStore['getSession']> {
    return this.inner.getSession(id);
  }

  async appendEvent(event: StoredEvent, change?: SessionChange): Promise<void> {
    await this.inner.appendEvent(event, change);
    if (change?.trajectory !== null && change?.trajectory !== undefined) {
      const row = await this.inner.getSession(event.sessionId);
      this.archive.enqueue({
        id: event.sessionId,
        domain: row?.domain ?? 'unknown',
        at: change.endedAt ?? event.at,
        text: change.trajectory,
      });
    }
  }

  eventCount(sessionId: string): ReturnType<SessionStore['eventCount']> {
    return this.inner.eventCount(sessionId);
  }

  listEvents(sessionId: string, fromSeq?: number): ReturnType<SessionStore['listEvents']> {
    return this.inner.listEvents(sessionId, fromSeq);
  }

  getTrajectory(sessionId: string): ReturnType<SessionStore['getTrajectory']> {
    return this.inner.getTrajectory(sessionId);
  }

  listSessions(
    filter: Parameters<SessionStore['listSessions']>[0],
  ): ReturnType<SessionStore['listSessions']> {
    return this.inner.listSessions(filter);
  }

  deleteSession(id: string): Promise<boolean> {
    return this.inner.deleteSession(id);
  }

  async close(): Promise<void> {
    await this.archive.close();
    await this.inner.close();
  }
}
