import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/errors.ts';
import { POLICY_SEARCH_LIMIT, searchPolicy } from '../../core/policy/search.ts';
import { checkDomainName } from '../../registry/index.ts';
import { DomainParamSchema } from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { loadDomain } from '../session-setup.ts';
import { errors } from './responses.ts';

export const PolicySearchQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .min(1, 'q: the words to search for (1 to 200 characters)')
    .max(200, 'q: the words to search for (1 to 200 characters)')
    .openapi({ param: { name: 'q', in: 'query' }, example: 'cancel' }),
});

export const PolicyMatchSchema = z
  .object({
    headings: z.array(z.string()).openapi({
      description: 'the headings above the passage, outermost first',
      example: ['Retail policy', 'Pending orders', 'Cancelling'],
    }),
    text: z.string().openapi({ description: 'the whole section or bullet group, as Markdown' }),
    score: z.number().openapi({ description: 'relevance: higher is better; passages come best first' }),
    highlights: z
      .array(z.tuple([z.number().int(), z.number().int()]))
      .openapi({ description: 'the matching words as [start, end) character offsets into text' }),
  })
  .openapi('PolicyMatch');

export const PolicySearchSchema = z
  .object({
    query: z.string(),
    matches: z.array(PolicyMatchSchema),
  })
  .openapi('PolicySearch');

const searchRoute = createRoute({
  method: 'get',
  path: '/environments/{env}/policy/search',
  tags: ['environments'],
  summary: `Searches the domain's policy: the matching sections and bullet groups, best first (at most ${POLICY_SEARCH_LIMIT}); other forms of a word match too`,
  request: { params: DomainParamSchema, query: PolicySearchQuerySchema },
  responses: {
    200: { description: 'the matches', content: { 'application/json': { schema: PolicySearchSchema } } },
    ...errors(400, 401, 403, 404, 421, 500),
  },
});

/** `GET /environments/{env}/policy/search?q=`: the same search as the terminal's `/policy WORD`. */
export function registerPolicyRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  app.openapi(searchRoute, async (c) => {
    const { env } = c.req.valid('param');
    const { q } = c.req.valid('query');
    if (!deps.registry.names.includes(checkDomainName(env))) {
      throw new NotFoundError(`no environment "${env}": known ones are ${deps.registry.names.join(', ')}`);
    }
    const domain = await loadDomain(deps.registry, env);
    const matches = searchPolicy(domain.policy, q).map(({ headings, text, score, highlights }) => ({
      headings,
      text,
      score,
      highlights,
    }));
    return c.json({ query: q, matches }, 200);
  });
}
