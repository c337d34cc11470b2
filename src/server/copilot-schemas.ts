import { z } from '@hono/zod-openapi';
import { MessageSchema, ProposalSchema, ProposedActionSchema, UsageSchema } from '../contracts/trajectory.ts';
import { LIMITS, modelName, StepSchema } from './api-schemas.ts';

/** The copilot routes' request and response schemas (see `routes/copilot.ts`). */

const DRAFT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const DraftParamSchema = z.object({
  id: z
    .string()
    .regex(DRAFT_ID, 'a session id (a lower-case UUID)')
    .openapi({ param: { name: 'id', in: 'path' }, example: '0b6a3c1e-5d2f-4f7a-9a44-3f1f1d2b9c10' }),
  draftId: z
    .string()
    .regex(DRAFT_ID, 'a draft id (a lower-case UUID)')
    .openapi({ param: { name: 'draftId', in: 'path' }, example: '5e0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' }),
});

export const DraftRequestSchema = z
  .object({
    model: modelName(200)
      .optional()
      .openapi({ description: "the drafting model (provider:model); default: the session's agentModel" }),
    provider: modelName(64).optional(),
    intent: z
      .string()
      .max(LIMITS.message)
      .optional()
      .openapi({ description: 'what the person wants to do next, in their words' }),
  })
  .strict()
  .openapi('DraftRequest');

const ToolCallActionSchema = z.object({
  type: z.literal('tool_call'),
  name: z.string().min(1).max(100),
  arguments: z.string().max(LIMITS.toolArguments).openapi({ description: 'JSON text, kept exactly' }),
});
const FinalActionSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('reply'), content: z.string().max(LIMITS.message) }),
    ToolCallActionSchema,
  ])
  .openapi('ProposedAction');

export const DraftSchema = z
  .object({
    draftId: z.string(),
    proposal: z.object({
      model: z.string(),
      intent: z.string(),
      context: z.array(MessageSchema),
      raw: z.string(),
      proposal: ProposedActionSchema,
      at: z.string(),
    }),
    usage: UsageSchema,
  })
  .openapi('Draft');

export const DecisionRequestSchema = z
  .object({
    decision: z.enum(['accepted', 'edited', 'rejected']),
    final: FinalActionSchema.optional().openapi({ description: 'with edited: the action performed instead' }),
    reason: z
      .string()
      .max(LIMITS.message)
      .optional()
      .openapi({ description: 'with rejected (required): what is wrong with the proposal' }),
  })
  .strict()
  .openapi('DecisionRequest');

export const DecisionSchema = z
  .object({
    proposal: ProposalSchema,
    performed: StepSchema.nullable().openapi({
      description: 'the step the accepted or edited proposal led to; null for a rejection',
    }),
  })
  .openapi('Decision');
