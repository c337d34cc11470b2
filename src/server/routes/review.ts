import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ConflictError, InputError, NotFoundError, SigmaError, StorageError } from '../../core/errors.ts';
import { SESSION_ID, TrajectoriesQuerySchema } from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { errors, json } from './responses.ts';
import { listFilterOf } from './trajectories.ts';

/** How long a session given to a reviewer stays theirs unless they say otherwise. */
export const DEFAULT_HOLD_SECONDS = 600;
/** How many sessions are looked at per page while looking for a free one. */
const CANDIDATE_PAGE = 50;
/** The most skipped sessions a reviewer's request may leave out. */
const MAX_EXCLUDED = 1000;

const ReviewerSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .openapi({ description: "the reviewer's name, as their notes' author" });

const SessionIdSchema = z.string().regex(SESSION_ID, 'a session id (a lower-case UUID)');

/** How long a hold lasts from now, in seconds. */
const holdSeconds = (description: string) =>
  z.number().int().min(5).max(86_400).optional().openapi({ description });

const NextInputSchema = z
  .strictObject({
    reviewer: ReviewerSchema,
    filter: z.record(z.string(), z.string()).optional().openapi({
      description:
        "the trajectory list's query parameters (`GET /trajectories`), as strings: e.g. `{ domain: 'retail', rewardMax: '0' }`; paging and sorting are the queue's own",
    }),
    exclude: z
      .array(SessionIdSchema)
      .max(MAX_EXCLUDED)
      .optional()
      .openapi({ description: 'sessions the reviewer has skipped, not to be given again' }),
    holdSeconds: holdSeconds(
      `how long the session is held for the reviewer (default ${DEFAULT_HOLD_SECONDS})`,
    ),
  })
  .openapi('ReviewNextInput');

const NextSchema = z
  .object({
    id: z.string().nullable().openapi({ description: 'the session held for the reviewer; null: none left' }),
    expiresAt: z.string().nullable().openapi({ description: 'when the hold ends unless renewed' }),
    unreviewed: z
      .number()
      .int()
      .openapi({ description: 'unreviewed sessions matching the filter (held ones included)' }),
  })
  .openapi('ReviewNext');

const ReleaseInputSchema = z
  .strictObject({
    reviewer: ReviewerSchema,
    id: SessionIdSchema,
  })
  .openapi('ReviewReleaseInput');

const RenewInputSchema = z
  .strictObject({
    reviewer: ReviewerSchema,
    id: SessionIdSchema,
    holdSeconds: z
      .number()
      .int()
      .min(5)
      .max(86_400)
      .optional()
      .openapi({
        description: `how long from now the session stays held (default ${DEFAULT_HOLD_SECONDS})`,
      }),
  })
  .openapi('ReviewRenewInput');

const RenewedSchema = z
  .object({ id: z.string(), expiresAt: z.string().openapi({ description: 'when the hold now ends' }) })
  .openapi('ReviewRenewed');

const nextRoute = createRoute({
  method: 'post',
  path: '/review/next',
  tags: ['review'],
  summary:
    'The review queue: holds the next unreviewed (un-annotated) session matching the filter for the reviewer, oldest first, never one another reviewer holds; ends their other holds',
  request: { body: { content: { 'application/json': { schema: NextInputSchema } }, required: true } },
  responses: {
    200: json(NextSchema, 'the session now held for the reviewer, or none'),
    ...errors(400, 401, 403, 413, 415, 421, 500, 503),
  },
});

const releaseRoute = createRoute({
  method: 'post',
  path: '/review/release',
  tags: ['review'],
  summary: "Ends the reviewer's hold on a session (a skip); a note on the session ends it too",
  request: { body: { content: { 'application/json': { schema: ReleaseInputSchema } }, required: true } },
  responses: {
    200: json(z.object({ released: z.boolean() }).openapi('ReviewReleased'), 'whether a hold was ended'),
    ...errors(400, 401, 403, 413, 415, 421, 500, 503),
  },
});

const renewRoute = createRoute({
  method: 'post',
  path: '/review/renew',
  tags: ['review'],
  summary:
    "Keeps the reviewer's hold on a session (the review page renews it while the reviewer is on it); 409 when another reviewer holds it",
  request: { body: { content: { 'application/json': { schema: RenewInputSchema } }, required: true } },
  responses: {
    200: json(RenewedSchema, 'the hold, until its new end'),
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 500, 503),
  },
});

async function stored<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SigmaError) throw error;
    throw new StorageError((error as Error).message, { cause: error });
  }
}

export function registerReviewRoutes(
  app: OpenAPIHono,
  deps: RouteDeps,
  now: () => Date = () => new Date(),
): void {
  const reviews = deps.store.reviews;

  app.openapi(nextRoute, async (c) => {
    const input = c.req.valid('json');
    const parsed = TrajectoriesQuerySchema.safeParse(input.filter ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new InputError(
        `filter.${issue.path.join('.') || '(root)'}: ${issue.message} (the filter takes GET /trajectories's query parameters)`,
      );
    }
    const { limit: _limit, offset: _offset, sort: _sort, order: _order, ...query } = parsed.data;
    const filter = { ...listFilterOf(query), annotated: false, sort: 'date', order: 'asc' } as const;
    const excluded = new Set(input.exclude ?? []);
    const started = now();
    const until = new Date(started.getTime() + (input.holdSeconds ?? DEFAULT_HOLD_SECONDS) * 1000);
    let total = 0;
    for (let offset = 0; ; offset += CANDIDATE_PAGE) {
      const page = await deps.sessions.list({ ...filter, limit: CANDIDATE_PAGE, offset });
      total = page.total;
      const ids = page.items.map((s) => s.id).filter((id) => !excluded.has(id));
      const held = await stored(() => reviews.held(ids, started));
      for (const id of ids) {
        const holder = held.get(id);
        if (holder !== undefined && holder !== input.reviewer) continue;
        // Atomic: of two reviewers racing for it, one gets it and the other goes on to the next.
        if (await stored(() => reviews.reserve(id, input.reviewer, until, started))) {
          await stored(() => reviews.releaseAll(input.reviewer, id));
          return c.json({ id, expiresAt: until.toISOString(), unreviewed: total }, 200);
        }
      }
      if (page.items.length < CANDIDATE_PAGE) break;
    }
    await stored(() => reviews.releaseAll(input.reviewer));
    return c.json({ id: null, expiresAt: null, unreviewed: total }, 200);
  });

  app.openapi(renewRoute, async (c) => {
    const { reviewer, id, holdSeconds } = c.req.valid('json');
    if ((await stored(() => deps.store.getSession(id))) === undefined)
      throw new NotFoundError(`no session ${id}`);
    const started = now();
    const until = new Date(started.getTime() + (holdSeconds ?? DEFAULT_HOLD_SECONDS) * 1000);
    if (!(await stored(() => reviews.reserve(id, reviewer, until, started))))
      throw new ConflictError(`session ${id} is held by another reviewer`);
    return c.json({ id, expiresAt: until.toISOString() }, 200);
  });

  app.openapi(releaseRoute, async (c) => {
    const { reviewer, id } = c.req.valid('json');
    return c.json({ released: await stored(() => reviews.release(id, reviewer)) }, 200);
  });
}
