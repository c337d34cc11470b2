import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/errors.ts';
import { checkDomainName } from '../../registry/index.ts';
import { DomainParamSchema } from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { loadDomain } from '../session-setup.ts';
import { errors } from './responses.ts';

export const DomainToolSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    parameters: z.record(z.string(), z.unknown()).openapi({ description: "the arguments' JSON schema" }),
    access: z.enum(['read', 'write']).openapi({ description: 'whether the tool can change the data' }),
    terminates: z.boolean().openapi({ description: 'calling it ends the episode (e.g. a transfer)' }),
  })
  .openapi('DomainTool');

export const DomainToolListSchema = z
  .object({ domain: z.string(), tools: z.array(DomainToolSchema) })
  .openapi('DomainToolList');

const toolsRoute = createRoute({
  method: 'get',
  path: '/environments/{env}/tools',
  tags: ['environments'],
  summary: "A domain's tools: name, description, argument schema, and whether each writes",
  request: { params: DomainParamSchema },
  responses: {
    200: { description: 'the tools', content: { 'application/json': { schema: DomainToolListSchema } } },
    ...errors(400, 401, 403, 404, 421, 500),
  },
});

export function registerDomainToolRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(toolsRoute, async (c) => {
    const { env } = c.req.valid('param');
    if (!deps.registry.names.includes(checkDomainName(env))) {
      throw new NotFoundError(`no environment "${env}": known ones are ${deps.registry.names.join(', ')}`);
    }
    const domain = await loadDomain(deps.registry, env);
    const tools = [...domain.tools.values()].map((t) => ({
      name: t.name,
      description: t.description,
      parameters: t.parameters as unknown as Record<string, unknown>,
      access: t.access,
      terminates: t.terminates === true,
    }));
    return c.json({ domain: env, tools }, 200);
  });
}
