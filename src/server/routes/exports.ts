import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { ERROR_SOURCES, ERROR_TYPES, RATINGS } from '../../contracts/annotation.ts';
import { ExportManifestSchema } from '../../contracts/export-manifest.ts';
import { NotFoundError } from '../../core/errors.ts';
import {
  type CatalogFilter,
  checkFilters,
  EXPORT_FORMATS,
  type ExportFilters,
  exportTrajectories,
  StreamSink,
} from '../../exports/index.ts';
import { TrajectoriesQuerySchema } from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { errors } from './responses.ts';
import { listFilterOf } from './trajectories.ts';

const list = z
  .string()
  .max(4000)
  .optional()
  .transform((s) => (s === undefined ? undefined : s.split(',').filter(Boolean)));
const flag = z.enum(['true', 'false']).optional();

const catalogParams = TrajectoriesQuerySchema.shape;

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
  // The trajectory list's filters (`GET /trajectories`) that the export's own do not cover, so that what
  // the list shows is what is exported: applied by the store's query.
  q: catalogParams.q,
  taskId: catalogParams.taskId,
  reward: catalogParams.reward,
  endReason: catalogParams.endReason,
  customerModel: catalogParams.customerModel,
  toolErrors: catalogParams.toolErrors,
  rejectedDrafts: catalogParams.rejectedDrafts,
  strategy: catalogParams.customerStrategy.openapi({
    description:
      "the session's customer strategy, as the list's customerStrategy (customerStrategy here picks the rows' customer side)",
  }),
  date: catalogParams.date,
});

type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** How long a download link works, and how many may wait at once. */
const LINK_TTL_MS = 60_000;
const MAX_LINKS = 1000;

const FormatParamSchema = z.object({
  format: z.enum(EXPORT_FORMATS).openapi({ param: { name: 'format', in: 'path' } }),
});

const ExportManifestRecordSchema = z.object(ExportManifestSchema.shape).openapi('ExportManifest');

const DownloadLinkSchema = z
  .object({
    url: z.string().openapi({ description: 'the path to follow (GET), on this server' }),
    expiresAt: z.string(),
  })
  .openapi('DownloadLink');

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

const manifestRoute = createRoute({
  method: 'get',
  path: '/exports/{format}/manifest',
  tags: ['trajectories'],
  summary:
    'What an export with these filters would hold, before downloading it: its manifest (counts, filters, files), nothing written',
  request: { params: FormatParamSchema, query: ExportQuerySchema },
  responses: {
    200: {
      description: "the export's manifest (`manifest.json`)",
      content: { 'application/json': { schema: ExportManifestRecordSchema } },
    },
    ...errors(400, 401, 403, 421, 422, 500, 503),
  },
});

const linkRoute = createRoute({
  method: 'post',
  path: '/exports/{format}/link',
  tags: ['trajectories'],
  summary:
    'A download link for the export (a folder as one tar file): single use, for one minute, needing no token, so a browser can save it as it streams',
  request: { params: FormatParamSchema, query: ExportQuerySchema },
  responses: {
    200: {
      description: 'the link',
      content: { 'application/json': { schema: DownloadLinkSchema } },
    },
    ...errors(400, 401, 403, 421, 422, 500, 503),
  },
});

const downloadRoute = createRoute({
  method: 'get',
  path: '/downloads/{ticket}',
  tags: ['trajectories'],
  summary:
    'The export a link was made for, as a tar file of its folder (data files, manifest.json, README.md); the link then stops working',
  request: {
    params: z.object({
      ticket: z
        .string()
        .regex(/^[A-Za-z0-9_-]{43}$/)
        .openapi({ param: { name: 'ticket', in: 'path' } }),
    }),
  },
  responses: {
    200: {
      description: 'the tar file, `sigma-export-<format>/…` inside',
      content: { 'application/x-tar': { schema: z.string() } },
    },
    ...errors(400, 403, 404, 421, 500, 503),
  },
});

interface Link {
  format: (typeof EXPORT_FORMATS)[number];
  query: ExportQuery;
  expires: number;
}

export function registerExportRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  const links = new Map<string, Link>();

  app.openapi(manifestRoute, async (c) => {
    const { format } = c.req.valid('param');
    const options = exportOptionsOf(c.req.valid('query'));
    const sink = new StreamSink(async () => {});
    const { manifest } = await exportTrajectories({ format, source: deps.store, out: sink, ...options });
    return c.json(manifest as never, 200);
  });

  app.openapi(linkRoute, async (c) => {
    const { format } = c.req.valid('param');
    const query = c.req.valid('query');
    exportOptionsOf(query); // bad filters are refused now, not when the link is followed
    const now = Date.now();
    for (const [ticket, link] of links) if (link.expires <= now) links.delete(ticket);
    if (links.size >= MAX_LINKS) links.delete(links.keys().next().value!);
    const ticket = randomBytes(32).toString('base64url');
    links.set(ticket, { format, query, expires: now + LINK_TTL_MS });
    return c.json({ url: `/downloads/${ticket}`, expiresAt: new Date(now + LINK_TTL_MS).toISOString() }, 200);
  });

  app.openapi(downloadRoute, async (c) => {
    const { ticket } = c.req.valid('param');
    const link = links.get(ticket);
    links.delete(ticket); // single use, even when it has expired
    if (link === undefined || link.expires <= Date.now())
      throw new NotFoundError('this download link is unknown, used or expired: make a new one');
    // The export is written to a private folder first (the manifest needs every file's digest), then
    // sent from disk as a tar stream and removed: neither side holds the whole export in memory.
    const dir = mkdtempSync(join(tmpdir(), 'sigma-download-'));
    const folder = `sigma-export-${link.format}`;
    try {
      await exportTrajectories({
        format: link.format,
        source: deps.store,
        out: join(dir, folder),
        ...exportOptionsOf(link.query),
      });
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const day = new Date().toISOString().slice(0, 10);
    c.header('Content-Type', 'application/x-tar');
    c.header('Content-Disposition', `attachment; filename="${folder}-${day}.tar"`);
    c.header('Cache-Control', 'no-store');
    return stream(c, async (out) => {
      try {
        await writeTar(join(dir, folder), folder, (chunk) => out.write(chunk).then(() => undefined));
      } catch (error) {
        deps.log(`sigma serve: download of an export failed midway: ${(error as Error).message}`);
        out.abort();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }) as never;
  });

  app.openapi(exportRoute, async (c) => {
    const { format } = c.req.valid('param');
    const q = c.req.valid('query');
    const options = exportOptionsOf(q);
    const type = format === 'tau2-results' ? 'application/json' : 'application/x-ndjson';
    c.header('Content-Type', `${type}; charset=utf-8`);
    return stream(c, async (out) => {
      const sink = new StreamSink((chunk) => out.write(chunk).then(() => undefined));
      try {
        await exportTrajectories({ format, source: deps.store, out: sink, ...options });
      } catch (error) {
        // The status is sent already: the stream ends early, and the log says why.
        deps.log(`sigma serve: export ${format} failed midway: ${(error as Error).message}`);
        out.abort();
      }
    }) as never;
  });
}

/** The export's options from its query; bad filters are refused (a 400 or 422) before anything runs. */
function exportOptionsOf(q: ExportQuery) {
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
  checkFilters(filters);
  const catalog = listFilterOf({
    q: q.q,
    taskId: q.taskId,
    reward: q.reward,
    endReason: q.endReason,
    customerModel: q.customerModel,
    toolErrors: q.toolErrors,
    rejectedDrafts: q.rejectedDrafts,
    customerStrategy: q.strategy,
    date: q.date,
  }) as CatalogFilter;
  return {
    filters,
    catalog,
    ...(q.granularity === undefined ? {} : { granularity: q.granularity }),
    system: q.system !== 'false',
    humanOnly: q.humanOnly === 'true',
    pairsAcrossEpisodes: q.pairsAcrossEpisodes === 'true',
    ...(q.customerStrategy === undefined ? {} : { customerStrategies: q.customerStrategy }),
  };
}

/** A ustar header block for one file. */
function tarHeader(name: string, size: number, mtime: number): Buffer {
  const block = Buffer.alloc(512);
  const put = (text: string, at: number, length: number) => block.write(text, at, length, 'utf8');
  const octal = (n: number, length: number) => n.toString(8).padStart(length - 1, '0');
  put(name, 0, 100);
  put(`${octal(0o600, 8)}\0`, 100, 8);
  put(`${octal(0, 8)}\0`, 108, 8);
  put(`${octal(0, 8)}\0`, 116, 8);
  put(`${octal(size, 12)}\0`, 124, 12);
  put(`${octal(Math.floor(mtime / 1000), 12)}\0`, 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\u000000', 257, 8);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${octal(sum, 7)}\0`, 148, 7);
  return block;
}

/** Sends the files of `dir` as a tar archive under `prefix/`, each read from disk a piece at a time. */
async function writeTar(dir: string, prefix: string, send: (chunk: Uint8Array) => Promise<void>) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const { size, mtimeMs } = statSync(path);
    await send(tarHeader(`${prefix}/${name}`, size, mtimeMs));
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) await send(chunk as Buffer);
    if (size % 512 !== 0) await send(Buffer.alloc(512 - (size % 512)));
  }
  await send(Buffer.alloc(1024));
}
