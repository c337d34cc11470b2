import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type PyValue, toJs } from '../../core/python/index.ts';
import type { RecordDiff } from '../../core/state/index.ts';
import { FinalResultSchema, SessionParamSchema } from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { errors } from './responses.ts';

/** One record's difference, as the API sends it (the result's `stateDiff` has the same shape). */
export const RecordDiffSchema = FinalResultSchema.shape.stateDiff.element.openapi('RecordDiff');

export const ChangesSchema = z
  .object({
    changes: z.array(RecordDiffSchema).openapi({
      description: "what the session's actions have changed in the data so far, record by record",
    }),
    stateHash: z.string(),
    messageCount: z.number().int(),
  })
  .openapi('Changes');

const changesRoute = createRoute({
  method: 'get',
  path: '/sessions/{id}/changes',
  tags: ['sessions'],
  summary: 'What the session has changed in the data so far, field by field (undone actions leave nothing)',
  request: { params: SessionParamSchema },
  responses: {
    200: { description: 'the changes so far', content: { 'application/json': { schema: ChangesSchema } } },
    ...errors(400, 401, 403, 404, 421, 500, 503),
  },
});

const asJs = (value: unknown) => (value === undefined ? undefined : toJs(value as PyValue));

/** A record difference of the core as plain JSON values. */
export function diffToJson(d: RecordDiff): z.infer<typeof RecordDiffSchema> {
  return {
    table: d.table,
    id: d.id,
    kind: d.kind,
    ...(d.before === undefined ? {} : { before: asJs(d.before) as Record<string, unknown> }),
    ...(d.after === undefined ? {} : { after: asJs(d.after) as Record<string, unknown> }),
    changes: d.changes.map((ch) => ({ path: ch.path, before: asJs(ch.before), after: asJs(ch.after) })),
  };
}

export function registerSessionChangesRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(changesRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = await deps.sessions.use(id, (live) => ({
      changes: live.session.changes().map(diffToJson),
      stateHash: deps.sessions.stateHash(live),
      messageCount: live.session.history.length,
    }));
    return c.json(body, 200);
  });
}
