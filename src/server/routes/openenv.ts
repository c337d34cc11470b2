import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { VERSION } from '../../version.ts';
import { OpenEnvActionSchema } from '../gym/openenv-protocol.ts';
import { errors } from './responses.ts';

// OpenEnv's `GET /schema` (`SchemaResponse`: action, observation, state) and `GET /metadata`
// (`EnvironmentMetadata`), so OpenEnv clients can discover Sigma's environment before opening /ws.

const OBSERVATION_SCHEMA: Record<string, unknown> = {
  title: 'SigmaObservation',
  type: 'object',
  properties: {
    role: { type: 'string', enum: ['customer', 'tool'], description: 'who answered the last action' },
    content: { type: 'string', description: "the customer's message or the tool's result" },
    episode_id: { type: 'string' },
    tools: {
      type: 'array',
      items: { type: 'object' },
      description: 'after reset: the tools the agent may call',
    },
    policy: { type: 'string', description: "after reset: the domain's policy" },
    task: { type: 'object', description: 'after reset: domain, split, index and id of the task' },
    done: { type: 'boolean', default: false },
    reward: { anyOf: [{ type: 'number' }, { type: 'null' }], default: null },
    metadata: {
      type: 'object',
      description: 'on each step: steps, endReason and, once done, the reward breakdown',
    },
  },
  required: ['role', 'content'],
};

const STATE_SCHEMA: Record<string, unknown> = {
  title: 'SigmaState',
  type: 'object',
  properties: {
    episode_id: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null },
    step_count: { type: 'integer', minimum: 0, default: 0 },
    done: { type: 'boolean' },
    reward: { anyOf: [{ type: 'number' }, { type: 'null' }] },
    task: { type: 'object' },
  },
  additionalProperties: true,
};

const SchemaResponseSchema = z
  .object({
    action: z.record(z.string(), z.unknown()),
    observation: z.record(z.string(), z.unknown()),
    state: z.record(z.string(), z.unknown()),
  })
  .openapi('OpenEnvSchema');

const MetadataSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    readme_content: z.string().nullable(),
    version: z.string().nullable(),
    author: z.string().nullable(),
    documentation_url: z.string().nullable(),
  })
  .openapi('OpenEnvMetadata');

const schemaRoute = createRoute({
  method: 'get',
  path: '/schema',
  tags: ['gym'],
  summary: "OpenEnv: JSON schemas of the environment's actions, observations and state",
  responses: {
    200: { description: 'the schemas', content: { 'application/json': { schema: SchemaResponseSchema } } },
    ...errors(401, 403, 421, 500),
  },
});

const metadataRoute = createRoute({
  method: 'get',
  path: '/metadata',
  tags: ['gym'],
  summary: 'OpenEnv: what the environment is',
  responses: {
    200: { description: 'the metadata', content: { 'application/json': { schema: MetadataSchema } } },
    ...errors(401, 403, 421, 500),
  },
});

export function registerOpenEnvRoutes(app: OpenAPIHono): void {
  const action = z.toJSONSchema(OpenEnvActionSchema) as Record<string, unknown>;
  app.openapi(schemaRoute, (c) =>
    c.json({ action, observation: OBSERVATION_SCHEMA, state: STATE_SCHEMA } as never, 200),
  );
  app.openapi(metadataRoute, (c) =>
    c.json(
      {
        name: 'sigma',
        description:
          "Sigma's customer-service domains (retail, airline, and any loaded with --data): the agent talks to a simulated customer and calls the domain's tools; the episode is scored against the task's ground truth. Reset with {domain, task_index or task_id, split, seed, customer}; step with {type: 'message', content} or {type: 'tool_call', name, arguments}.",
        readme_content: null,
        version: VERSION,
        author: null,
        documentation_url: null,
      },
      200,
    ),
  );
}
