import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type PyValue, toJs } from '../../core/python/index.ts';
import {
  CreateSessionSchema,
  DeletedSchema,
  DeleteQuerySchema,
  FinalResultSchema,
  RegenerateSchema,
  RespondSchema,
  RespondStreamSchema,
  RollbackResultSchema,
  RollbackSchema,
  SessionParamSchema,
  SessionViewSchema,
  StepSchema,
  ToolCallSchema,
  UndoSchema,
} from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import type { LiveSession, SessionService } from '../session-service.ts';
import { streamReply } from './reply-stream.ts';
import { errors } from './responses.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const createSessionRoute = createRoute({
  method: 'post',
  path: '/sessions',
  tags: ['sessions'],
  summary: 'Create a session: a domain, a task (or a persona) and a customer',
  request: { body: { required: true, content: json(CreateSessionSchema) } },
  responses: {
    201: { description: 'the new session (not started)', content: json(SessionViewSchema) },
    ...errors(400, 401, 403, 413, 415, 421, 422, 500, 503),
  },
});

const getSessionRoute = createRoute({
  method: 'get',
  path: '/sessions/{id}',
  tags: ['sessions'],
  summary: 'A session: its state, history, tools and state hash',
  request: { params: SessionParamSchema },
  responses: {
    200: { description: 'the session', content: json(SessionViewSchema) },
    ...errors(400, 401, 403, 404, 421, 500, 503),
  },
});

const startRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/start',
  tags: ['sessions'],
  summary: "Start the session: the customer's opening message",
  request: { params: SessionParamSchema },
  responses: {
    200: { description: 'the opening', content: json(StepSchema) },
    ...errors(400, 401, 403, 404, 409, 421, 500, 502, 503),
  },
});

const respondRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/respond',
  tags: ['sessions'],
  summary: 'Send a message to the customer; the observation is its reply',
  description:
    'The reply as JSON, once it is written and stored. To watch it being written, use `POST /sessions/{id}/respond/stream`. ' +
    'Clients written before that route may still ask for the stream here (`Accept: text/event-stream` or `"stream": true`): they get its events.',
  request: { params: SessionParamSchema, body: { required: true, content: json(RespondSchema) } },
  responses: {
    200: { description: "the customer's reply", content: json(StepSchema) },
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 502, 503),
  },
});

const respondStreamRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/respond/stream',
  tags: ['sessions'],
  summary: 'Send a message to the customer and receive its reply as it is written (server-sent events)',
  description:
    'Events: `delta` (`{"text"}`), one per piece of the reply as the customer\'s model writes it (a customer that does not stream sends its reply as one), then `done` with the step, sent once the step is stored. ' +
    'A request refused or failed before the first piece gets an ordinary error answer with its status; a failure after it ends the stream with an `error` event (`{"message","status","code"}`) and nothing of the step is stored. ' +
    "`done` replaces the pieces: its reply is the customer's message as kept (tidied into one message).",
  request: { params: SessionParamSchema, body: { required: true, content: json(RespondStreamSchema) } },
  responses: {
    200: {
      description: "the customer's reply as events `delta`, then `done` (or `error`); data is JSON",
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 502, 503),
  },
});

const regenerateRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/regenerate',
  tags: ['sessions'],
  summary: 'Have the customer write its last reply again, optionally with a note for that reply',
  description:
    "The customer's last reply is replaced: its memory goes back to before that reply and its model writes a new one, told the note for that reply only. " +
    "The replaced reply is kept in the trajectory's `regenerated` (not preference data about the agent: exports leave it out). " +
    "Allowed when the conversation ends with the customer's reply to an agent message and the customer is played by a model (llm, react, verify, reflection); " +
    'otherwise 409 says why. If the model fails (502), nothing changes.',
  request: { params: SessionParamSchema, body: { required: true, content: json(RegenerateSchema) } },
  responses: {
    200: {
      description: "the step with the new reply: `messages` are the agent's message and the new reply",
      content: json(StepSchema),
    },
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 502, 503),
  },
});

const toolRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/tool',
  tags: ['sessions'],
  summary: "Call one of the domain's tools; the observation is its result",
  request: { params: SessionParamSchema, body: { required: true, content: json(ToolCallSchema) } },
  responses: {
    200: { description: "the tool's result", content: json(StepSchema) },
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 503),
  },
});

const undoRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/undo',
  tags: ['sessions'],
  summary: "Take back the last action: the data and the customer's memory return to what they were",
  request: { params: SessionParamSchema },
  responses: {
    200: { description: 'what was taken back', content: json(UndoSchema) },
    ...errors(400, 401, 403, 404, 409, 421, 500, 503),
  },
});

const rollbackRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/rollback',
  tags: ['sessions'],
  summary: 'Take back every action after the one that wrote a message',
  request: { params: SessionParamSchema, body: { required: true, content: json(RollbackSchema) } },
  responses: {
    200: { description: 'the session after the rollback', content: json(RollbackResultSchema) },
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 503),
  },
});

const resultRoute = createRoute({
  method: 'get',
  path: '/sessions/{id}/result',
  tags: ['sessions'],
  summary: 'The reward with its breakdown, the expected actions and the data difference',
  request: { params: SessionParamSchema },
  responses: {
    200: { description: 'the result (provisional while the session runs)', content: json(FinalResultSchema) },
    ...errors(400, 401, 403, 404, 421, 500, 503),
  },
});

const deleteRoute = createRoute({
  method: 'delete',
  path: '/sessions/{id}',
  tags: ['sessions'],
  summary: 'End a session (abandoned if running) and free it; `purge=true` also erases its record',
  request: { params: SessionParamSchema, query: DeleteQuerySchema },
  responses: {
    200: { description: 'ended (and erased)', content: json(DeletedSchema) },
    ...errors(400, 401, 403, 404, 421, 500, 503),
  },
});

/**
 * Refuses a body on a route that takes none (an empty body or `{}` is fine): a `{"messageId"}` sent to
 * `/undo` by mistake must not perform an undo that was not asked for.
 */
async function noBody(c: Context, hint: string): Promise<void> {
  const text = (await c.req.text()).trim();
  if (text === '' || /^\{\s*\}$/.test(text)) return;
  throw new HTTPException(400, {
    message: `${c.req.method} ${new URL(c.req.url).pathname} takes no body; ${hint}`,
  });
}

/** A session as `GET /sessions/{id}` shows it. */
function viewOf(live: LiveSession, sessions: SessionService) {
  const { session, row } = live;
  return {
    id: row.id,
    status: row.status,
    domain: row.domain,
    split: row.split,
    taskIndex: row.taskIndex,
    taskId: row.taskId,
    persona: row.setup.persona !== undefined || row.setup.personaFile !== undefined,
    customer: { ...live.customer.config },
    maxTurns: session.maxTurns,
    started: session.started,
    done: session.isDone,
    endReason: (row.endReason ?? null) as z.infer<typeof SessionViewSchema>['endReason'],
    reward: row.reward,
    stateHash: sessions.stateHash(live),
    history: [...session.history],
    tools: [...session.domain.tools.values()].map((t) => ({
      name: t.name,
      description: t.description,
      parameters: t.parameters as unknown as Record<string, unknown>,
    })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(live.notice === undefined ? {} : { notice: live.notice }),
  };
}

const asJs = (value: unknown) => (value === undefined ? undefined : toJs(value as PyValue));

export function registerSessionRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  const { sessions } = deps;

  app.openapi(createSessionRoute, async (c) => {
    const live = await sessions.create(c.req.valid('json'));
    const view = viewOf(live, sessions);
    delete live.notice;
    return c.json(view, 201);
  });

  app.openapi(getSessionRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await sessions.use(id, (live) => viewOf(live, sessions)), 200);
  });

  app.openapi(startRoute, async (c) => {
    const { id } = c.req.valid('param');
    await noBody(c, 'to send the first agent message, start then use POST /sessions/{id}/respond');
    return c.json(await sessions.use(id, (live) => sessions.start(live)), 200);
  });

  app.openapi(respondRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    // A streamed reply is not run again after a lost write on a shared store: its pieces are sent.
    const run = (onText?: (delta: string) => void) =>
      sessions.use(id, (live) => sessions.respond(live, body.message, onText), {
        once: onText !== undefined,
      });
    // Clients written before /respond/stream asked for the stream here; they still get it.
    if (body.stream === true || (c.req.header('accept') ?? '').includes('text/event-stream'))
      return (await streamReply(c, run, deps.log)) as never;
    return c.json(await run(), 200);
  });

  app.openapi(respondStreamRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { message } = c.req.valid('json');
    return (await streamReply(
      c,
      (onText) => sessions.use(id, (live) => sessions.respond(live, message, onText), { once: true }),
      deps.log,
    )) as never;
  });

  app.openapi(regenerateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { note } = c.req.valid('json');
    return c.json(await sessions.use(id, (live) => sessions.regenerate(live, note)), 200);
  });

  app.openapi(toolRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    // The validated copy lost any `__proto__` key (zod copies a record by assignment): an object's
    // arguments are taken from the body as it was parsed, exactly as sent.
    const sent = ((await c.req.json()) as { arguments?: unknown }).arguments;
    const args = typeof body.arguments === 'object' ? (sent as Record<string, unknown>) : body.arguments;
    return c.json(
      await sessions.use(id, (live) => sessions.tool(live, body.name, args ?? {}), { optimistic: true }),
      200,
    );
  });

  app.openapi(undoRoute, async (c) => {
    const { id } = c.req.valid('param');
    await noBody(
      c,
      'to take back several turns to a message, use POST /sessions/{id}/rollback with {"messageId"}',
    );
    const result = await sessions.use(id, async (live) => {
      const undone = await sessions.undo(live);
      return { undone, done: live.session.isDone, messageCount: live.session.history.length };
    });
    return c.json(result, 200);
  });

  app.openapi(rollbackRoute, async (c) => {
    const { id } = c.req.valid('param');
    const { messageId } = c.req.valid('json');
    const result = await sessions.use(id, async (live) => {
      await sessions.rollback(live, messageId);
      return { done: live.session.isDone, messageCount: live.session.history.length };
    });
    return c.json(result, 200);
  });

  app.openapi(resultRoute, async (c) => {
    const { id } = c.req.valid('param');
    const result = await sessions.use(id, (live) => {
      const r = live.session.getFinalResult();
      return {
        done: live.session.isDone,
        reward: r.reward,
        endReason: r.endReason,
        expectedActions: r.expectedActions.map((a) => ({
          name: a.name,
          kwargs: toJs(a.kwargs) as Record<string, unknown>,
        })),
        stateDiff: r.stateDiff.map((d) => ({
          table: d.table,
          id: d.id,
          kind: d.kind,
          ...(d.before === undefined ? {} : { before: asJs(d.before) as Record<string, unknown> }),
          ...(d.after === undefined ? {} : { after: asJs(d.after) as Record<string, unknown> }),
          changes: d.changes.map((ch) => ({ path: ch.path, before: asJs(ch.before), after: asJs(ch.after) })),
        })),
        history: r.history,
        usage: r.usage,
      };
    });
    return c.json(result, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    const purge = c.req.valid('query').purge === 'true';
    if (purge) {
      await sessions.purge(id);
      return c.json({ id, purged: true, endReason: null }, 200);
    }
    const endReason = await sessions.end(id);
    return c.json(
      { id, purged: false, endReason: endReason as z.infer<typeof DeletedSchema>['endReason'] },
      200,
    );
  });
}
