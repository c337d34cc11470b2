import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { DataError, NotFoundError } from '../../core/errors.ts';
import { fromJs, isDict, type PyValue, parsePyJson, pyDumps } from '../../core/python/index.ts';
import { checkDomainName } from '../../registry/index.ts';
import { PersonaFileContent } from '../api-schemas.ts';
import type { RouteDeps } from '../route-deps.ts';
import { serverScenarioModel } from '../scenario-jobs.ts';
import { scenarioPool } from '../scenario-pool.ts';
import { loadDomain } from '../session-setup.ts';
import { errors } from './responses.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const ENV = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$/)
  .openapi({ example: 'retail' });

export const GenerateScenarioSchema = z
  .object({
    envName: ENV,
    describe: z.string().min(1).max(20_000).optional().openapi({ description: 'what the scenario is about' }),
    seed: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .openapi({ description: 'makes an offline scenario reproducible' }),
    inspiration: z.array(z.string().min(1).max(200)).max(20).optional().openapi({
      description: 'seed tasks for the model, by index or id in the default split',
    }),
    offline: z
      .boolean()
      .optional()
      .openapi({ description: "draw from Sigma's task programs even when a model is configured" }),
  })
  .strict()
  .openapi('GenerateScenario');

export const GeneratedScenarioSchema = z
  .object({
    scenario: z.record(z.string(), z.unknown()).openapi({ description: 'the persona file, as an object' }),
    personaFile: z
      .string()
      .openapi({ description: 'its exact text (floats kept): POST /sessions takes it as personaFile' }),
    attempts: z.number().int(),
    usage: z.object({ inputTokens: z.number(), outputTokens: z.number(), costUsd: z.number().nullable() }),
  })
  .openapi('GeneratedScenario');

export const CheckScenarioSchema = z
  .object({
    envName: ENV.optional().openapi({ description: "default: the file's meta.domain" }),
    personaFile: PersonaFileContent,
  })
  .strict()
  .openapi('CheckScenario');

export const ScenarioCheckSchema = z
  .object({ valid: z.boolean(), domain: z.string(), problems: z.array(z.string()) })
  .openapi('ScenarioCheck');

export const ScenarioGeneratorSchema = z
  .object({
    model: z.string().nullable().openapi({
      description:
        'the model POST /scenarios proposes with (provider:model); null: scenarios are drawn offline',
    }),
  })
  .openapi('ScenarioGenerator');

const generatorRoute = createRoute({
  method: 'get',
  path: '/scenarios/generator',
  tags: ['scenarios'],
  summary: 'How this server generates scenarios: by which model, or offline only',
  responses: {
    200: { description: 'the generator', content: json(ScenarioGeneratorSchema) },
    ...errors(401, 403, 421),
  },
});

const generateRoute = createRoute({
  method: 'post',
  path: '/scenarios',
  tags: ['scenarios'],
  summary: "Generates a checked scenario (a persona file): by the server's model, else offline",
  request: { body: { required: true, content: json(GenerateScenarioSchema) } },
  responses: {
    200: { description: 'the scenario', content: json(GeneratedScenarioSchema) },
    ...errors(400, 401, 403, 404, 413, 415, 421, 422, 500, 502),
  },
});

const checkRoute = createRoute({
  method: 'post',
  path: '/scenarios/check',
  tags: ['scenarios'],
  summary: 'Runs the scenario checks on a persona file: what fails, if anything',
  request: { body: { required: true, content: json(CheckScenarioSchema) } },
  responses: {
    200: { description: 'the checks', content: json(ScenarioCheckSchema) },
    ...errors(400, 401, 403, 404, 413, 415, 421, 422, 500),
  },
});

export function registerScenarioRoutes(app: OpenAPIHono, deps: RouteDeps): void {
  const domainOf = async (env: string) => {
    if (!deps.registry.names.includes(checkDomainName(env)))
      throw new NotFoundError(`no environment "${env}": known ones are ${deps.registry.names.join(', ')}`);
    return loadDomain(deps.registry, env);
  };

  app.openapi(generatorRoute, (c) => {
    const model = serverScenarioModel(process.env);
    return c.json({ model: model === undefined ? null : `${model.provider}:${model.model}` }, 200);
  });

  app.openapi(generateRoute, async (c) => {
    const body = c.req.valid('json');
    await domainOf(body.envName);
    // Off the event loop: drawn (or proposed by the model and checked) in a worker thread.
    const made = await scenarioPool(deps.registry).run({
      type: 'generate',
      envName: body.envName,
      offline: body.offline === true,
      env: { ...process.env },
      seed: body.seed ?? Math.floor(Math.random() * 2 ** 31),
      ...(body.describe === undefined ? {} : { describe: body.describe }),
      ...(body.inspiration === undefined ? {} : { inspiration: body.inspiration }),
    });
    return c.json(
      { scenario: made.scenario, personaFile: made.text, attempts: made.attempts, usage: made.usage },
      200,
    );
  });

  app.openapi(checkRoute, async (c) => {
    const body = c.req.valid('json');
    let raw: PyValue;
    try {
      raw = typeof body.personaFile === 'string' ? parsePyJson(body.personaFile) : fromJs(body.personaFile);
    } catch (error) {
      throw new DataError('personaFile', `invalid JSON: ${(error as Error).message}`);
    }
    const fromMeta =
      isDict(raw) && isDict(raw.meta) && typeof raw.meta.domain === 'string' ? raw.meta.domain : undefined;
    const env = body.envName ?? fromMeta;
    if (env === undefined)
      throw new DataError('personaFile', 'it does not name its domain (meta.domain): give envName');
    await domainOf(env);
    const { problems } = await scenarioPool(deps.registry).run({
      type: 'check',
      envName: env,
      text: typeof body.personaFile === 'string' ? body.personaFile : pyDumps(raw),
      source: 'personaFile',
    });
    return c.json({ valid: problems.length === 0, domain: env, problems }, 200);
  });
}
