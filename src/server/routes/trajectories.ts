import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import {
  SessionParamSchema,
  TrajectoriesQuerySchema,
  TrajectoryListSchema,
  TrajectoryRecordSchema,
} from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { errors } from './responses.ts';

const DEFAULT_PAGE_SIZE = 50;

const listRoute = createRoute({
  method: 'get',
  path: '/trajectories',
  tags: ['trajectories'],
  summary: 'Recorded sessions, newest first unless sorted, with filters and paging (no cap)',
  request: { query: TrajectoriesQuerySchema },
  responses: {
    200: {
      description: 'one page of summaries',
      content: { 'application/json': { schema: TrajectoryListSchema } },
    },
    ...errors(400, 401, 403, 421, 500, 503),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/trajectories/{id}',
  tags: ['trajectories'],
  summary: "A session's canonical record (the trajectory so far while it runs)",
  request: { params: SessionParamSchema },
  responses: {
    200: {
      description: 'the trajectory',
      content: { 'application/json': { schema: TrajectoryRecordSchema } },
    },
    ...errors(400, 401, 403, 404, 421, 500, 503),
  },
});

export function registerTrajectoryRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const offset = q.offset ?? 0;
    const page = await deps.sessions.list({ ...sessionFilterOf(q), limit, offset });
    return c.json({ ...page, limit, offset }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const text = await deps.sessions.trajectoryJson(id);
    // Stored as JSON text already: sent as it is, without parsing and printing it again.
    return c.body(text, 200, { 'Content-Type': 'application/json' }) as never;
  });
}

/** The list's query as the store's filter (without the paging). */
export function sessionFilterOf(q: Omit<z.infer<typeof TrajectoriesQuerySchema>, 'limit' | 'offset'>) {
  let from = q.from === undefined ? undefined : new Date(q.from).toISOString();
  let to = q.to === undefined ? undefined : new Date(q.to).toISOString();
  if (q.date !== undefined) {
    const day = new Date(`${q.date}T00:00:00.000Z`);
    const next = new Date(day.getTime() + 86_400_000);
    if (from === undefined || from < day.toISOString()) from = day.toISOString();
    if (to === undefined || to > next.toISOString()) to = next.toISOString();
  }
  return {
    ...definedOf({
      domain: q.domain,
      taskId: q.taskId,
      rewardMin: q.rewardMin,
      rewardMax: q.rewardMax,
      endReason: q.endReason,
      author: q.author,
      customerStrategy: q.customerStrategy,
      customerModel: q.customerModel,
      toolErrors: q.toolErrors,
      rejectedDrafts: q.rejectedDrafts,
      q: q.q,
      annotated: q.annotated,
      rating: q.rating,
      excludeRating: q.excludeRating,
      sort: q.sort,
      order: q.order,
      from,
      to,
    }),
    ...(q.reward === undefined ? {} : { reward: q.reward === 'none' ? null : Number(q.reward) }),
    ...(q.finished === undefined ? {} : { finished: q.finished === 'true' }),
  };
}

/** The entries that are given (the filter takes no `undefined` values). */
function definedOf<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as never;
}
