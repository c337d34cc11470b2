import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { DataError } from '../../core/errors.ts';
import { dataAtAction } from '../../session/replay.ts';
import type { SessionFilter } from '../../store/index.ts';
import {
  SessionParamSchema,
  TrajectoriesQuerySchema,
  TrajectoryListSchema,
  TrajectoryRecordSchema,
} from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { loadDomain } from '../session-setup.ts';
import { errors } from './responses.ts';
import { diffToJson, RecordDiffSchema } from './session-changes.ts';

type TrajectoriesQuery = z.infer<typeof TrajectoriesQuerySchema>;

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

const StepParamSchema = SessionParamSchema.extend({
  n: z.coerce
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .openapi({
      param: { name: 'n', in: 'path', required: true },
      type: 'integer',
      description: '0 is the initial data',
    }),
});

const ToolCallSummarySchema = z.object({
  name: z.string(),
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]),
  messageId: z.string().nullable().openapi({ description: "the agent's message that made the call" }),
});

export const TrajectoryStepSchema = z
  .object({
    action: z.number().int().openapi({ description: 'the step shown: 0 is the initial data' }),
    actions: z.number().int().openapi({ description: 'how many actions (tool calls) the trajectory has' }),
    call: ToolCallSummarySchema.nullable().openapi({ description: 'the n-th action; null for step 0' }),
    changes: z.array(RecordDiffSchema).openapi({
      description: 'what the actions up to and including the n-th changed in the initial data',
    }),
  })
  .openapi('TrajectoryStep');

const stepRoute = createRoute({
  method: 'get',
  path: '/trajectories/{id}/steps/{n}',
  tags: ['trajectories'],
  summary:
    'Step-through: the data as it was after the n-th action (tool call), as its changes from the initial data, replayed from the record',
  request: { params: StepParamSchema },
  responses: {
    200: {
      description: 'the data at that step',
      content: { 'application/json': { schema: TrajectoryStepSchema } },
    },
    ...errors(400, 401, 403, 404, 421, 500, 503),
  },
});

export function registerTrajectoryRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const offset = q.offset ?? 0;
    const page = await deps.sessions.list({ ...listFilterOf(q), limit, offset });
    return c.json({ ...page, limit, offset }, 200);
  });

  app.openapi(stepRoute, async (c) => {
    const { id, n } = c.req.valid('param');
    const record = JSON.parse(await deps.sessions.trajectoryJson(id)) as { domain?: { name?: unknown } };
    const name = record.domain?.name;
    if (typeof name !== 'string') throw new DataError('trajectory', `session ${id}'s record names no domain`);
    const at = await dataAtAction(record, await loadDomain(deps.registry, name), n);
    return c.json({ ...at, changes: at.changes.map(diffToJson) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    const text = await deps.sessions.trajectoryJson(id);
    // Stored as JSON text already: sent as it is, without parsing and printing it again.
    return c.body(text, 200, { 'Content-Type': 'application/json' }) as never;
  });
}

/** The store's filter for the list's query (its paging aside): what `/trajectories` and the review queue take. */
export function listFilterOf(q: TrajectoriesQuery): Omit<SessionFilter, 'limit' | 'offset'> {
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
      annotated: q.annotated,
      rating: q.rating,
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
