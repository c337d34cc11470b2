import type { Annotation } from '../contracts/annotation.ts';
import { type Trajectory, TrajectorySchema } from '../contracts/trajectory.ts';
import { DataError } from '../core/errors.ts';

/** What an export reads from a store (`SessionStore` has it): summaries by page, and each record. */
export interface TrajectoryStoreLike {
  listSessions(filter: {
    domain?: string;
    finished?: boolean;
    from?: string;
    to?: string;
    limit: number;
    offset: number;
  }): Promise<{ items: Array<{ id: string; createdAt: string }>; total: number }>;
  getTrajectory(sessionId: string): Promise<string | undefined>;
  /** Reviewers' notes by session (`SessionStore` has them); read only when the export needs them. */
  readonly annotations?: AnnotationsLike;
}

/** Where an export reads reviewers' notes: a session's (a trajectory's id is its session's). */
export interface AnnotationsLike {
  list(sessionId: string): Promise<Annotation[]>;
}

export type TrajectorySource = TrajectoryStoreLike | AsyncIterable<unknown> | Iterable<unknown>;

const PAGE = 500;

/**
 * The store's own list filters (`SessionFilter` less paging: free text, tool errors, rejected drafts,
 * …), applied by the store's query before a record is read; the export's filters then apply as usual.
 */
export type CatalogFilter = Record<string, string | number | boolean | null>;

export function isStore(source: TrajectorySource): source is TrajectoryStoreLike {
  return typeof (source as TrajectoryStoreLike).listSessions === 'function';
}

/**
 * The stored trajectories of finished sessions, a page at a time (memory holds one page of ids and one
 * record). Pages are cut by creation time, newest first: each page asks for sessions created before
 * the last one seen (the store's index answers it without walking past earlier pages), skipping those
 * of that same instant already read. Sessions created after the export began are left for the next one.
 */
async function* fromStore(
  store: TrajectoryStoreLike,
  domain: string | undefined,
  catalog: CatalogFilter,
): AsyncGenerator<string> {
  let to = new Date(Date.now() + 1).toISOString();
  let last: string | undefined;
  let ties = 0;
  for (;;) {
    const page = await store.listSessions({
      ...catalog,
      ...(domain === undefined ? {} : { domain }),
      finished: true,
      to,
      limit: PAGE,
      offset: ties,
    });
    for (const item of page.items) {
      if (item.createdAt === last) ties++;
      else {
        last = item.createdAt;
        ties = 1;
      }
      const text = await store.getTrajectory(item.id);
      if (text !== undefined) yield text;
    }
    if (page.items.length < PAGE || last === undefined) return;
    // Everything created at or before `last`: the next page, after the `ties` already read of that instant.
    to = new Date(Date.parse(last) + 1).toISOString();
  }
}

/** Trajectories from a store, or from records (objects or JSON text), each checked against the schema. */
export async function* readTrajectories(
  source: TrajectorySource,
  options: { domain?: string; catalog?: CatalogFilter } = {},
): AsyncGenerator<Trajectory> {
  const records: AsyncIterable<unknown> | Iterable<unknown> = isStore(source)
    ? fromStore(source, options.domain, options.catalog ?? {})
    : source;
  let n = 0;
  // The record's text and its parsed tree are let go before the trajectory is handed on (`checked`
  // keeps them in its own frame): while the caller makes rows, only the checked copy is alive, so
  // fewer objects outlive the young generation and reach the old one.
  for await (const record of records) yield checked(record, ++n);
}

function checked(record: unknown, n: number): Trajectory {
  let value = record;
  if (typeof record === 'string') {
    try {
      value = JSON.parse(record);
    } catch (error) {
      throw new DataError(`trajectory ${n}`, `is not JSON: ${(error as Error).message}`);
    }
  }
  const parsed = TrajectorySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const id = (value as { id?: unknown })?.id;
    throw new DataError(
      `trajectory ${typeof id === 'string' ? id : n}`,
      `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
  }
  return parsed.data;
}
