import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Domain } from '../../core/domain/types.ts';
import { NotFoundError } from '../../core/errors.ts';
import { checkDomainName } from '../../registry/index.ts';
import {
  DomainParamSchema,
  EnvironmentListSchema,
  ErrorSchema,
  TaskListSchema,
  TasksQuerySchema,
} from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { loadDomain } from '../session-setup.ts';
import { errors } from './responses.ts';

const listRoute = createRoute({
  method: 'get',
  path: '/environments',
  tags: ['environments'],
  summary: 'The domains this server can play',
  responses: {
    200: { description: 'the domains', content: { 'application/json': { schema: EnvironmentListSchema } } },
    ...errors(401, 403, 421, 500),
  },
});

const tasksRoute = createRoute({
  method: 'get',
  path: '/environments/{env}/tasks',
  tags: ['environments'],
  summary: "A domain's tasks (without the customer's hidden goal unless asked)",
  request: { params: DomainParamSchema, query: TasksQuerySchema },
  responses: {
    200: {
      description: 'the tasks of one split',
      content: { 'application/json': { schema: TaskListSchema } },
    },
    ...errors(400, 401, 403, 404, 421, 500),
  },
});

const policyRoute = createRoute({
  method: 'get',
  path: '/environments/{env}/policy',
  tags: ['environments'],
  summary: "The domain's policy for the agent, as plain text (Markdown source; render it as text)",
  request: { params: DomainParamSchema },
  responses: {
    200: { description: 'the policy', content: { 'text/plain': { schema: z.string() } } },
    400: { description: 'bad domain name', content: { 'application/json': { schema: ErrorSchema } } },
    ...errors(401, 403, 404, 421, 500),
  },
});

export function registerEnvironmentRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  const domainOf = async (name: string): Promise<Domain> => {
    if (!deps.registry.names.includes(checkDomainName(name))) {
      throw new NotFoundError(`no environment "${name}": known ones are ${deps.registry.names.join(', ')}`);
    }
    return loadDomain(deps.registry, name);
  };

  app.openapi(listRoute, (c) =>
    c.json(
      {
        environments: deps.registry.list().map((e) => ({
          name: e.name,
          origin: e.origin,
          layout: e.layout,
          description: e.origin === 'built-in' ? e.description : `${e.layout} layout`,
        })),
      },
      200,
    ),
  );

  app.openapi(tasksRoute, async (c) => {
    const { env } = c.req.valid('param');
    const query = c.req.valid('query');
    const domain = await domainOf(env);
    const split = query.split ?? domain.defaultSplit;
    const tasks = domain.tasks.get(split);
    if (tasks === undefined) {
      throw new NotFoundError(
        `environment "${env}" has no task split "${split}"; it has: ${[...domain.tasks.keys()].join(', ')}`,
      );
    }
    const withInstructions = query.instructions === 'true';
    return c.json(
      {
        domain: env,
        split,
        splits: [...domain.tasks.keys()],
        tasks: tasks.map((task, index) => ({
          index,
          id: task.id,
          userId: task.userId ?? null,
          actions: task.actions.length,
          outputs: task.outputs.length,
          ...(withInstructions ? { instruction: task.instruction } : {}),
        })),
      },
      200,
    );
  });

  app.openapi(policyRoute, async (c) => {
    const { env } = c.req.valid('param');
    const domain = await domainOf(env);
    return c.text(domain.policy, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
  });
}
