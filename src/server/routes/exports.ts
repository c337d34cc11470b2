import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { ERROR_SOURCES, ERROR_TYPES, RATINGS } from '../../contracts/annotation.ts';
import {
  checkFilters,
  EXPORT_FORMATS,
  type ExportFilters,
  exportTrajectories,
  StreamSink,
} from '../../exports/index.ts';
import type { RouteDeps } from '../route-deps.ts';
import { errors } from './responses.ts';

const list = z
  .string()
  .max(4000)
  .optional()
  .transform((s) => (s === undefined ? undefined : s.split(',').filter(Boolean)));
const flag = z.enum(['true', 'false']).optional();

const ExportQuerySchema = z.object({
  domain: list.openapi({ description: 'domains, comma-separated' }),
  split: list.openapi({ description: 'task splits, comma-separated' }),
  task: list.openapi({ description: 'task ids, comma-separated' }),
  rewardMin: z.coerce.number().optional().openapi({ type: 'number' }),
  rewardMax: z.coerce.number().optional().openapi({ type: 'number' }),
  unscored: flag,
  ended: z.enum(['finished', 'abandoned', 'any']).optional(),
  author: z.enum(['human', 'model', 'mixed']).optional(),
  from: z.string().max(40).optional().openapi({ description: 'started at or after (ISO 8601)' }),
  to: z.string().max(40).optional().openapi({ description: 'started before (ISO 8601)' }),
  dedupe: flag,
  granularity: z.enum(['episode', 'turn']).optional(),
  system: flag,
  humanOnly: flag,
  pairsAcrossEpisodes: flag,
  customerStrategy: list,
  annotated: flag.openapi({
    description: "true: only trajectories with reviewers' notes; false: only those without",
  }),
  rating: z
    .array(z.enum(RATINGS))
    .or(z.enum(RATINGS))
    .optional()
    .openapi({ description: 'only trajectories with a note of this rating (repeatable)' }),
  excludeRating: z
    .array(z.enum(RATINGS))
    .or(z.enum(RATINGS))
    .optional()
    .openapi({ description: 'leave out trajectories with a note of this rating (repeatable)' }),
  errorSource: z
    .array(z.enum(ERROR_SOURCES))
    .or(z.enum(ERROR_SOURCES))
    .optional()
    .openapi({ description: 'only trajectories with a note naming this error source (repeatable)' }),
  errorType: z
    .array(z.enum(ERROR_TYPES))
    .or(z.enum(ERROR_TYPES))
    .optional()
    .openapi({ description: 'only trajectories with a note of this tau2 error type (repeatable)' }),
});

const many = <T>(v: T | T[] | undefined): T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v];

const exportRoute = createRoute({
  method: 'get',
  path: '/exports/{format}',
  tags: ['trajectories'],
  summary:
    'Stored conversations as training data, streamed: JSON lines of the format (tau2-results: one JSON document)',
  request: {
    params: z.object({ format: z.enum(EXPORT_FORMATS).openapi({ param: { name: 'format', in: 'path' } }) }),
    query: ExportQuerySchema,
  },
  responses: {
    200: {
      description: 'the rows, one JSON object a line, as `sigma export` writes them to train.jsonl',
      content: { 'application/x-ndjson': { schema: z.string() } },
    },
    ...errors(400, 401, 403, 421, 500, 503),
  },
});

export function registerExportRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(exportRoute, async (c) => {
    const { format } = c.req.valid('param');
    const q = c.req.valid('query');
    const filters: ExportFilters = {
      ...(q.domain === undefined ? {} : { domains: q.domain }),
      ...(q.split === undefined ? {} : { splits: q.split }),
      ...(q.task === undefined ? {} : { taskIds: q.task }),
      ...(q.rewardMin === undefined ? {} : { rewardMin: q.rewardMin }),
      ...(q.rewardMax === undefined ? {} : { rewardMax: q.rewardMax }),
      ...(q.unscored === undefined ? {} : { unscored: q.unscored === 'true' }),
      ...(q.ended === undefined ? {} : { ended: q.ended }),
      ...(q.author === undefined ? {} : { author: q.author }),
      ...(q.from === undefined ? {} : { from: q.from }),
      ...(q.to === undefined ? {} : { to: q.to }),
      ...(q.annotated === undefined ? {} : { annotated: q.annotated === 'true' }),
      ...(q.rating === undefined ? {} : { ratings: many(q.rating) }),
      ...(q.excludeRating === undefined ? {} : { excludeRatings: many(q.excludeRating) }),
      ...(q.errorSource === undefined ? {} : { errorSources: many(q.errorSource) }),
      ...(q.errorType === undefined ? {} : { errorTypes: many(q.errorType) }),
      dedupe: q.dedupe !== 'false',
    };
    // Bad filters are refused before anything is sent (a 400), not midway through the stream.
    checkFilters(filters);
    const type = format === 'tau2-results' ? 'application/json' : 'application/x-ndjson';
    c.header('Content-Type', `${type}; charset=utf-8`);
    return stream(c, async (out) => {
      const sink = new StreamSink((chunk) => out.write(chunk).then(() => undefined));
      try {
        await exportTrajectories({
          format,
          source: deps.store,
          out: sink,
          filters,
          ...(q.granularity === undefined ? {} : { granularity: q.granularity }),
          system: q.system !== 'false',
          humanOnly: q.humanOnly === 'true',
          pairsAcrossEpisodes: q.pairsAcrossEpisodes === 'true',
          ...(q.customerStrategy === undefined ? {} : { customerStrategies: q.customerStrategy }),
        });
      } catch (error) {
        // The status is sent already: the stream ends early, and the log says why.
        deps.log(`sigma serve: export ${format} failed midway: ${(error as Error).message}`);
        out.abort();
      }
    }) as never;
  });
}
