import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Decision } from '../../agents/index.ts';
import { SessionParamSchema } from '../api-schemas.ts';
import { CopilotDrafts } from '../copilot-drafts.ts';
import {
  DecisionRequestSchema,
  DecisionSchema,
  DraftParamSchema,
  DraftRequestSchema,
  DraftSchema,
} from '../copilot-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { errors } from './responses.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const draftRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/draft',
  tags: ['copilot'],
  summary: "Draft the agent's next action with a model (a copilot proposal for a person to decide on)",
  description:
    "The model is the request's `model`, else the session's `agentModel`; its key is read from the server's environment. Nothing is performed or stored until the decision; a draft is kept in memory until then.",
  request: { params: SessionParamSchema, body: { required: true, content: json(DraftRequestSchema) } },
  responses: {
    200: { description: 'the draft, with its id for the decision', content: json(DraftSchema) },
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 502, 503),
  },
});

const decisionRoute = createRoute({
  method: 'post',
  path: '/sessions/{id}/drafts/{draftId}/decision',
  tags: ['copilot'],
  summary: 'Decide on a draft: accept it, edit it (give the final action) or reject it (give a reason)',
  description:
    'Accepted: the proposal is performed (author `model`); edited: `final` is performed (author `model-edited`); rejected: nothing is performed and `reason` is required. The decision is stored with the session and shown in its trajectory (`proposals`). Accepting or editing a draft of a conversation that has changed since is refused (409).',
  request: { params: DraftParamSchema, body: { required: true, content: json(DecisionRequestSchema) } },
  responses: {
    200: { description: 'the proposal record, and the step it led to', content: json(DecisionSchema) },
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 502, 503),
  },
});

export function registerCopilotRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  const { sessions } = deps;
  const drafts = new CopilotDrafts(sessions);

  app.openapi(draftRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const made = await sessions.use(id, (live) => drafts.draft(live, body));
    const { usage, ...proposal } = made.draft;
    return c.json({ draftId: made.draftId, proposal, usage }, 200);
  });

  app.openapi(decisionRoute, async (c) => {
    const { id, draftId } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await sessions.use(id, (live) => drafts.decide(live, draftId, body as Decision));
    return c.json(result, 200);
  });
}
