import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  AnnotationInputSchema,
  AnnotationPatchSchema,
  AnnotationSchema,
  changesSomething,
  NOTHING_TO_CHANGE,
  SAYS_SOMETHING,
  saysSomething,
} from '../../contracts/annotation.ts';
import { InputError, NotFoundError, SigmaError, StorageError } from '../../core/errors.ts';
import { SessionParamSchema } from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { errors, json } from './responses.ts';

// The contracts' schemas, rebuilt with the OpenAPI-aware `z` (a schema made before it was loaded has no
// `.openapi`): the same fields and the same rules.
const NoteSchema = z.object(AnnotationSchema.shape).openapi('Annotation');
const NoteListSchema = z.object({ items: z.array(NoteSchema) }).openapi('AnnotationList');
const NoteInputSchema = z
  .strictObject(AnnotationInputSchema.shape)
  .refine(saysSomething, { message: SAYS_SOMETHING })
  .openapi('AnnotationInput');
const NotePatchSchema = z
  .strictObject(AnnotationPatchSchema.shape)
  .refine(changesSomething, { message: NOTHING_TO_CHANGE })
  .openapi('AnnotationPatch');
const NoteParamSchema = SessionParamSchema.extend({
  annotationId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a note id (a lower-case UUID)')
    .openapi({ param: { name: 'annotationId', in: 'path' } }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/sessions/{id}/annotations',
  tags: ['sessions'],
  summary: "Reviewers' notes on the session and its messages, oldest first",
  request: { params: SessionParamSchema },
  responses: {
    200: json(NoteListSchema, 'the notes'),
    ...errors(400, 401, 403, 404, 421, 500, 503),
  },
});

const addRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/annotations',
  tags: ['sessions'],
  summary:
    "A note on the session, or on one message (messageId): tau2-bench's error source and type, a rating, text, its author",
  request: {
    params: SessionParamSchema,
    body: { content: { 'application/json': { schema: NoteInputSchema } }, required: true },
  },
  responses: {
    201: json(NoteSchema, 'the stored note, with its id and times'),
    ...errors(400, 401, 403, 404, 413, 415, 421, 422, 500, 503),
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/sessions/{id}/annotations/{annotationId}',
  tags: ['sessions'],
  summary: 'Changes a note: the fields given replace its own, null clears one',
  request: {
    params: NoteParamSchema,
    body: { content: { 'application/json': { schema: NotePatchSchema } }, required: true },
  },
  responses: {
    200: json(NoteSchema, 'the note as it is now'),
    ...errors(400, 401, 403, 404, 413, 415, 421, 422, 500, 503),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/sessions/{id}/annotations/{annotationId}',
  tags: ['sessions'],
  summary: 'Deletes a note',
  request: { params: NoteParamSchema },
  responses: {
    204: { description: 'deleted' },
    ...errors(400, 401, 403, 404, 421, 500, 503),
  },
});

/** A failure of the store itself is a 503; Sigma's own errors (a missing session: 404) keep their status. */
async function stored<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SigmaError) throw error;
    throw new StorageError((error as Error).message, { cause: error });
  }
}

export function registerAnnotationRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  const notes = deps.store.annotations;

  const sessionExists = async (id: string) => {
    if ((await stored(() => deps.store.getSession(id))) === undefined)
      throw new NotFoundError(`no session ${id}`);
  };

  app.openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    await sessionExists(id);
    return c.json({ items: await stored(() => notes.list(id)) }, 200);
  });

  app.openapi(addRoute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    await sessionExists(id);
    if (input.messageId !== undefined) {
      // A note on a message names one the session has (its trajectory so far while it runs).
      const { messages } = JSON.parse(await deps.sessions.trajectoryJson(id)) as {
        messages: Array<{ id: string }>;
      };
      if (!messages.some((m) => m.id === input.messageId))
        throw new InputError(
          `session ${id} has no message "${input.messageId}": messageId is the id of one of its trajectory's messages`,
        );
    }
    const note = await stored(() => notes.add(id, input));
    // Reviewed now: the review queue's hold on it, whoever had it, has done its work.
    await stored(() => deps.store.reviews.release(id));
    return c.json(note, 201);
  });

  app.openapi(patchRoute, async (c) => {
    const { id, annotationId } = c.req.valid('param');
    const next = await stored(() => notes.update(id, annotationId, c.req.valid('json')));
    if (next === undefined) throw new NotFoundError(`session ${id} has no note ${annotationId}`);
    return c.json(next, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id, annotationId } = c.req.valid('param');
    if (!(await stored(() => notes.delete(id, annotationId))))
      throw new NotFoundError(`session ${id} has no note ${annotationId}`);
    return c.body(null, 204);
  });
}
