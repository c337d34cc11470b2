import { z } from '@hono/zod-openapi';

const DOMAIN = z.string().min(1).max(200).openapi({ example: 'retail' });

export const GymResetSchema = z
  .object({
    domain: DOMAIN,
    taskId: z.string().min(1).max(200).optional().openapi({ description: 'the task by id' }),
    index: z.number().int().min(0).optional().openapi({ description: 'or the task by index in the split' }),
    split: z.string().min(1).max(100).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: 'draws the task when none is named; seeds the customer' }),
    customer: z
      .object({
        strategy: z.string().min(1).max(50).optional().openapi({ example: 'scripted' }),
        model: z.string().min(1).max(200).optional().openapi({ example: 'openai:gpt-4o' }),
      })
      .strict()
      .optional(),
    maxSteps: z.number().int().min(1).max(1000).optional(),
  })
  .strict()
  .openapi('GymReset');

export const GymActionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('message'), content: z.string().min(1).max(100_000) }).strict(),
    z
      .object({
        type: z.literal('tool_call'),
        name: z.string().min(1).max(200),
        arguments: z.union([z.record(z.string(), z.unknown()), z.string().max(100_000)]).optional(),
      })
      .strict(),
  ])
  .openapi('GymAction', {
    description: 'a message to the customer, or one tool call (arguments as an object or its JSON text)',
  });

export const GymStepSchema = z
  .object({ episodeId: z.string().uuid(), action: GymActionSchema })
  .strict()
  .openapi('GymStep');

export const GymObservationSchema = z
  .object({ role: z.enum(['customer', 'tool']), content: z.string() })
  .openapi('GymObservation');

const ToolSchema = z.object({
  name: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
});

const TaskRefSchema = z.object({
  domain: z.string(),
  split: z.string(),
  index: z.number().int(),
  id: z.string(),
});

export const GymResetResultSchema = z
  .object({
    episodeId: z.string(),
    observation: GymObservationSchema,
    tools: z.array(ToolSchema),
    policy: z.string(),
    task: TaskRefSchema,
    done: z.boolean(),
  })
  .openapi('GymResetResult');

export const GymStepResultSchema = z
  .object({
    observation: GymObservationSchema,
    reward: z.number().nullable().openapi({ description: 'on the final step; null before' }),
    done: z.boolean(),
    info: z.object({
      steps: z.number().int(),
      endReason: z.string().nullable(),
      reward: z
        .record(z.string(), z.unknown())
        .optional()
        .openapi({ description: 'the breakdown, once done' }),
    }),
  })
  .openapi('GymStepResult');

export const GymTasksQuerySchema = z.object({
  domain: DOMAIN.openapi({ param: { name: 'domain', in: 'query' } }),
  split: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .openapi({ param: { name: 'split', in: 'query' } }),
});

export const GymTasksSchema = z
  .object({
    domain: z.string(),
    split: z.string(),
    splits: z.array(z.string()),
    tasks: z.array(z.object({ index: z.number().int(), id: z.string() })),
  })
  .openapi('GymTasks');
