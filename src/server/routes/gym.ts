import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { NotFoundError } from '../../core/errors.ts';
import {
  GymResetResultSchema,
  GymResetSchema,
  GymStepResultSchema,
  GymStepSchema,
  GymTasksQuerySchema,
  GymTasksSchema,
} from '../gym/gym-schemas.ts';
import type { GymService } from '../gym/gym-service.ts';
import type { RouteDeps } from '../route-deps.ts';
import { loadDomain } from '../session-setup.ts';
import { errors } from './responses.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });

const resetRoute = createRoute({
  method: 'post',
  path: '/gym/reset',
  tags: ['gym'],
  summary: "Start an episode: the customer's opening, the tools, the policy and an episode id",
  request: { body: { required: true, content: json(GymResetSchema) } },
  responses: {
    200: { description: 'the first observation', content: json(GymResetResultSchema) },
    ...errors(400, 401, 403, 413, 415, 421, 422, 500, 502, 503),
  },
});

const stepRoute = createRoute({
  method: 'post',
  path: '/gym/step',
  tags: ['gym'],
  summary: 'One agent action: the observation, and on the final step the reward with its breakdown in info',
  request: { body: { required: true, content: json(GymStepSchema) } },
  responses: {
    200: { description: 'what the action observed', content: json(GymStepResultSchema) },
    ...errors(400, 401, 403, 404, 409, 413, 415, 421, 422, 500, 502, 503),
  },
});

const tasksRoute = createRoute({
  method: 'get',
  path: '/gym/tasks',
  tags: ['gym'],
  summary: "A domain's tasks in a split: index and id",
  request: { query: GymTasksQuerySchema },
  responses: {
    200: { description: 'the tasks', content: json(GymTasksSchema) },
    ...errors(400, 401, 403, 404, 421, 422, 500),
  },
});

/** `POST /gym/reset`, `POST /gym/step`, `GET /gym/tasks`: the RL environment over HTTP. */
export function registerGymRoutes(app: OpenAPIHono, deps: RouteDeps, gym: GymService): void {
  app.openapi(resetRoute, async (c) => c.json(await gym.reset(c.req.valid('json')), 200));
  app.openapi(stepRoute, async (c) => {
    const { episodeId, action } = c.req.valid('json');
    return c.json(await gym.step(episodeId, action), 200);
  });
  app.openapi(tasksRoute, async (c) => {
    const query = c.req.valid('query');
    const domain = await loadDomain(deps.registry, query.domain);
    const split = query.split ?? domain.defaultSplit;
    const tasks = domain.tasks.get(split);
    if (tasks === undefined)
      throw new NotFoundError(
        `${domain.name} has no task split "${split}": use ${[...domain.tasks.keys()].join(', ')}`,
      );
    return c.json(
      {
        domain: domain.name,
        split,
        splits: [...domain.tasks.keys()],
        tasks: tasks.map((t, index) => ({ index, id: t.id })),
      },
      200,
    );
  });
}
