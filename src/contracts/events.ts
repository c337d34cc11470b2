import { z } from 'zod';
import {
  AuthorSchema,
  type EndReasonSchema,
  type MessageSchema,
  ProposalSchema,
  type RewardSchema,
  UsageSchema,
} from './trajectory.ts';

/*
 * The vocabulary of what happens in a session, defined once: the events a live session emits (named
 * noun-verb), and the kinds and payloads of the append-only event log a store keeps, from which a
 * session is rebuilt. No Node imports.
 */

/** The names of the events a session emits, in the order a conversation first emits them. */
export const SESSION_EVENTS = [
  'session-start',
  'user-message',
  'agent-message',
  'tool-call',
  'tool-result',
  'session-end',
] as const;

export type SessionEventName = (typeof SESSION_EVENTS)[number];

type Message = z.infer<typeof MessageSchema>;

/** The arguments of each event a session emits. */
export interface SessionEvents {
  'session-start': [{ taskId: string; opening: string }];
  'user-message': [Message];
  'agent-message': [Message];
  'tool-call': [Message];
  'tool-result': [Message];
  'session-end': [{ reason: z.infer<typeof EndReasonSchema>; reward: z.infer<typeof RewardSchema> }];
}

/**
 * What the agent did: the kinds of event a session's log holds. `proposal` is a person's decision on a
 * copilot's draft, with the action it led to (if any); `regenerate`, the customer's last reply written
 * again at a person's request.
 */
export const EVENT_KINDS = [
  'start',
  'respond',
  'tool',
  'undo',
  'rollback',
  'abandon',
  'proposal',
  'regenerate',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export const CustomerMemorySchema = z.object({
  strategy: z.string(),
  messages: z.array(z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })),
  usage: z.object({
    inputTokens: z.number(),
    outputTokens: z.number(),
    costUsd: z.number().nullable(),
  }),
  extra: z.record(z.string(), z.unknown()).optional(),
});

/** The customer's opening, and its whole memory after it; `openedAt`, the opening's time. */
export const StartPayloadSchema = z.object({
  opening: z.string(),
  memory: CustomerMemorySchema,
  openedAt: z.string().optional(),
});

/**
 * When the step's two messages were made (the agent's message or tool call, then the reply or result).
 * Absent in events stored before messages carried times: a replay then gives both the event's time.
 */
export const StepTimesSchema = z.object({ agentAt: z.string(), replyAt: z.string() });

/** A message to the customer, the reply, and how the customer's memory changed over the turn. */
export const RespondPayloadSchema = z.object({
  message: z.string(),
  reply: z.string(),
  /** The change of the customer's memory over the turn (keys set or dropped, items appended). */
  memoryChange: z.unknown().optional(),
  /** The whole memory after the turn, as sessions stored it before `memoryChange`. */
  memory: CustomerMemorySchema.optional(),
  times: StepTimesSchema.optional(),
});

/** A tool call: its arguments as the agent gave them (an object, or JSON text kept exactly) and what it observed. */
export const ToolPayloadSchema = z.object({
  name: z.string(),
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()]),
  observation: z.string(),
  times: StepTimesSchema.optional(),
});

export const RollbackPayloadSchema = z.object({ messageId: z.string() });

export const EmptyPayloadSchema = z.object({});

/**
 * A person's decision on a copilot draft: the proposal record, what the draft cost, and the step an
 * accepted or edited proposal led to (as a `respond` or `tool` event stores it), performed by `author`.
 */
export const ProposalPayloadSchema = z.object({
  draftId: z.string(),
  proposal: ProposalSchema,
  usage: UsageSchema,
  author: AuthorSchema.optional(),
  respond: RespondPayloadSchema.optional(),
  tool: ToolPayloadSchema.optional(),
});

/**
 * The customer's last reply written again: the person's note (if any), the new reply, and how the
 * customer's memory changed from before the request (the replaced reply is taken out, the new one put in).
 */
export const RegeneratePayloadSchema = z.object({
  note: z.string().optional(),
  reply: z.string(),
  memoryChange: z.unknown().optional(),
  /** When the new reply was made. */
  replyAt: z.string().optional(),
});

/** The payload schema of each event kind. */
export const EVENT_PAYLOADS = {
  start: StartPayloadSchema,
  respond: RespondPayloadSchema,
  tool: ToolPayloadSchema,
  undo: EmptyPayloadSchema,
  rollback: RollbackPayloadSchema,
  abandon: EmptyPayloadSchema,
  proposal: ProposalPayloadSchema,
  regenerate: RegeneratePayloadSchema,
} as const satisfies Record<EventKind, z.ZodType>;

export type StartPayload = z.infer<typeof StartPayloadSchema>;
export type RespondPayload = z.infer<typeof RespondPayloadSchema>;
export type ToolPayload = z.infer<typeof ToolPayloadSchema>;
export type RollbackPayload = z.infer<typeof RollbackPayloadSchema>;
export type ProposalPayload = z.infer<typeof ProposalPayloadSchema>;
export type RegeneratePayload = z.infer<typeof RegeneratePayloadSchema>;
export type StepTimes = z.infer<typeof StepTimesSchema>;
