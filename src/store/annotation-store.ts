import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type Annotation,
  type AnnotationInput,
  type AnnotationPatch,
  applyAnnotationPatch,
} from '../contracts/annotation.ts';
import { InputError, NotFoundError } from '../core/errors.ts';
import type { Database } from './schema.ts';
import type { AnnotationStore } from './types.ts';

type Row = Database['annotations'];

function fromRow(r: Row): Annotation {
  return {
    id: r.id,
    sessionId: r.session_id,
    ...(r.message_id === null ? {} : { messageId: r.message_id }),
    ...(r.error_source === null ? {} : { errorSource: r.error_source as Annotation['errorSource'] }),
    ...(r.error_type === null ? {} : { errorType: r.error_type as Annotation['errorType'] }),
    ...(r.rating === null ? {} : { rating: r.rating as Annotation['rating'] }),
    ...(r.text === null ? {} : { text: r.text }),
    author: r.author,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRow(a: Annotation): Row {
  return {
    id: a.id,
    session_id: a.sessionId,
    message_id: a.messageId ?? null,
    error_source: a.errorSource ?? null,
    error_type: a.errorType ?? null,
    rating: a.rating ?? null,
    text: a.text ?? null,
    author: a.author,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** The notes of the SQLite and PostgreSQL stores, in the `annotations` table (migration 0003). */
export class KyselyAnnotationStore implements AnnotationStore {
  private readonly db: Kysely<Database>;
  private readonly now: () => Date;

  constructor(db: Kysely<Database>, now: () => Date = () => new Date()) {
    this.db = db;
    this.now = now;
  }

  async add(sessionId: string, input: AnnotationInput): Promise<Annotation> {
    const at = this.now().toISOString();
    const annotation: Annotation = {
      id: randomUUID(),
      sessionId,
      ...(input.messageId === undefined ? {} : { messageId: input.messageId }),
      ...(input.errorSource === undefined ? {} : { errorSource: input.errorSource }),
      ...(input.errorType === undefined ? {} : { errorType: input.errorType }),
      ...(input.rating === undefined ? {} : { rating: input.rating }),
      ...(input.text === undefined ? {} : { text: input.text }),
      author: input.author,
      createdAt: at,
      updatedAt: at,
    };
    await this.db.transaction().execute(async (tx) => {
      const session = await tx
        .selectFrom('sessions')
        .select('id')
        .where('id', '=', sessionId)
        .executeTakeFirst();
      if (session === undefined) throw new NotFoundError(`no session ${sessionId}`);
      await tx.insertInto('annotations').values(toRow(annotation)).execute();
    });
    return annotation;
  }

  async list(sessionId: string): Promise<Annotation[]> {
    const rows = await this.db
      .selectFrom('annotations')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(fromRow);
  }

  async get(sessionId: string, id: string): Promise<Annotation | undefined> {
    const row = await this.db
      .selectFrom('annotations')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  async update(sessionId: string, id: string, patch: AnnotationPatch): Promise<Annotation | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('annotations')
        .selectAll()
        .where('session_id', '=', sessionId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const next = applyAnnotationPatch(fromRow(row), patch, this.now().toISOString());
      if (typeof next === 'string') throw new InputError(`that change would leave note ${id} empty: ${next}`);
      const { id: _id, session_id: _session, created_at: _created, ...values } = toRow(next);
      await tx.updateTable('annotations').set(values).where('id', '=', id).execute();
      return next;
    });
  }

  async delete(sessionId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('annotations')
      .where('session_id', '=', sessionId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
