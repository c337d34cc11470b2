import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { ReviewStore } from './types.ts';

/** The review queue's holds of the SQLite and PostgreSQL stores (`review_reservations`, migration 0006). */
export class KyselyReviewStore implements ReviewStore {
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async reserve(sessionId: string, reviewer: string, until: Date, now: Date): Promise<boolean> {
    // One statement: a new hold, or the take-over of one that has expired or is the reviewer's own. A
    // live hold of another reviewer makes it change nothing, so two reviewers racing for a session
    // cannot both get it (the primary key serialises them on SQLite and PostgreSQL alike).
    const result = await this.db
      .insertInto('review_reservations')
      .values({ session_id: sessionId, reviewer, expires_at: until.toISOString() })
      .onConflict((oc) =>
        oc
          .column('session_id')
          .doUpdateSet({ reviewer, expires_at: until.toISOString() })
          .where((eb) =>
            eb.or([
              eb('review_reservations.expires_at', '<=', now.toISOString()),
              eb('review_reservations.reviewer', '=', reviewer),
            ]),
          ),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async held(sessionIds: readonly string[], now: Date): Promise<Map<string, string>> {
    if (sessionIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('review_reservations')
      .select(['session_id', 'reviewer'])
      .where('session_id', 'in', [...sessionIds])
      .where('expires_at', '>', now.toISOString())
      .execute();
    return new Map(rows.map((r) => [r.session_id, r.reviewer]));
  }

  async release(sessionId: string, reviewer?: string): Promise<boolean> {
    let query = this.db.deleteFrom('review_reservations').where('session_id', '=', sessionId);
    if (reviewer !== undefined) query = query.where('reviewer', '=', reviewer);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async releaseAll(reviewer: string, except?: string): Promise<void> {
    let query = this.db.deleteFrom('review_reservations').where('reviewer', '=', reviewer);
    if (except !== undefined) query = query.where('session_id', '!=', except);
    await query.execute();
  }
}
