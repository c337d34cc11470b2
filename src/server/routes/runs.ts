import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { InputError } from '../../core/errors.ts';
import { runsOf } from '../../store/index.ts';
import {
  RunComparisonSchema,
  RunDetailSchema,
  RunListSchema,
  RunPairParamSchema,
  RunParamSchema,
} from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { compareRuns, listRunViews, runDetail } from '../run-views.ts';
import { errors, json } from './responses.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/runs',
  tags: ['runs'],
  operationId: 'listRuns',
  summary: 'Batch runs (`sigma run`), newest first: models, progress, pass^1..k, terminations, cost',
  responses: {
    200: json(RunListSchema, 'every stored run'),
    ...errors(401, 403, 421, 422, 500, 503),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/runs/{id}',
  tags: ['runs'],
  operationId: 'getRun',
  summary: "A run's summary and its task × trial grid (each cell's reward, termination and trajectory)",
  request: { params: RunParamSchema },
  responses: {
    200: json(RunDetailSchema, 'the run'),
    ...errors(400, 401, 403, 404, 421, 422, 500, 503),
  },
});

const compareRoute = createRoute({
  method: 'get',
  path: '/runs/{id}/compare/{other}',
  tags: ['runs'],
  operationId: 'compareRuns',
  summary: "Run `other` against run `id`, task by task: each one's pass rate, better, worse or the same",
  request: { params: RunPairParamSchema },
  responses: {
    200: json(RunComparisonSchema, 'the comparison'),
    ...errors(400, 401, 403, 404, 421, 422, 500, 503),
  },
});

export function registerRunRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(listRoute, async (c) => {
    return c.json({ items: await listRunViews(runsOf(deps.store)) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await runDetail(runsOf(deps.store), id), 200);
  });

  app.openapi(compareRoute, async (c) => {
    const { id, other } = c.req.valid('param');
    const result = await compareRuns(runsOf(deps.store), id, other);
    if (result.a.env !== result.b.env)
      throw new InputError(
        `run ${id} is of ${result.a.env} and run ${other} of ${result.b.env}: only runs of the same domain compare`,
      );
    return c.json(result, 200);
  });
}
