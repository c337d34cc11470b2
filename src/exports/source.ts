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
  }): Promise<{ items: Array<{ id: string; finished: boolean }>; total: number }>;
  getTrajectory(sessionId: string): Promise<string | undefined>;
}

export type TrajectorySource = TrajectoryStoreLike | AsyncIterable<unknown> | Iterable<unknown>;

const PAGE = 500;

function isStore(source: TrajectorySource): source is TrajectoryStoreLike {
  return typeof (source as TrajectoryStoreLike).listSessions === 'function';
}

/**
 * The stored trajectories of finished sessions, a page at a time (memory holds one page of ids and one
 * record): sessions created after the export began are left for the next export, so paging by offset
 * does not shift under it.
 */
async function* fromStore(store: TrajectoryStoreLike, domain: string | undefined): AsyncGenerator<string> {
  const to = new Date(Date.now() + 1).toISOString();
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listSessions({
      ...(domain === undefined ? {} : { domain }),
      finished: true,
      to,
      limit: PAGE,
      offset,
    });
    for (const item of page.items) {
      const text = await store.getTrajectory(item.id);
      if (text !== undefined) yield text;
    }
    if (page.items.length < PAGE) return;
  }
}

/** Trajectories from a store, or from records (objects or JSON text), each checked against the schema. */
export async function* readTrajectories(
  source: TrajectorySource,
  options: { domain?: string } = {},
): AsyncGenerator<Trajectory> {
  const records: AsyncIterable<unknown> | Iterable<unknown> = isStore(source)
    ? fromStore(source, options.domain)
    : source;
  let n = 0;
  for await (const record of records) {
    n++;
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
    yield parsed.data;
  }
}
