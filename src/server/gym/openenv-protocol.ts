import { z } from '@hono/zod-openapi';
import { SigmaError } from '../../core/errors.ts';
import { describeError } from '../http-errors.ts';
import { GymActionSchema } from './gym-schemas.ts';
import type { GymResetInput, GymService } from './gym-service.ts';

// OpenEnv's WebSocket protocol (meta-pytorch/OpenEnv, src/openenv/core/env_server/types.py and
// http_server.py): the client sends {"type": "reset" | "step" | "state" | "close", "data": {...}}; the
// server answers {"type": "observation", "data": {"observation", "reward", "done", "metadata"?}},
// {"type": "state", "data": {...}} or {"type": "error", "data": {"message", "code"}}.

/** OpenEnv's error codes (`WSErrorCode`). */
export type WsErrorCode =
  | 'INVALID_JSON'
  | 'UNKNOWN_TYPE'
  | 'VALIDATION_ERROR'
  | 'EXECUTION_ERROR'
  | 'SESSION_ERROR';

export type WsResponse =
  | { type: 'observation'; data: Record<string, unknown> }
  | { type: 'state'; data: Record<string, unknown> }
  | { type: 'error'; data: { message: string; code: WsErrorCode; errors?: unknown } };

const ResetDataSchema = z
  .object({
    seed: z.number().int().min(0).optional(),
    episode_id: z.string().max(255).optional(),
    domain: z.string().min(1).max(200).default('retail'),
    task_id: z.string().min(1).max(200).optional(),
    task_index: z.number().int().min(0).optional(),
    split: z.string().min(1).max(100).optional(),
    customer: z.object({ strategy: z.string().optional(), model: z.string().optional() }).strict().optional(),
    max_steps: z.number().int().min(1).max(1000).optional(),
  })
  .passthrough();

/** An OpenEnv action for Sigma: the gym's action, with OpenEnv's `metadata`. */
export const OpenEnvActionSchema = z.intersection(
  GymActionSchema,
  z.object({ metadata: z.record(z.string(), z.unknown()).optional() }),
);

const MessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('reset'), data: z.record(z.string(), z.unknown()).default({}) }).strict(),
  z.object({ type: z.literal('step'), data: z.record(z.string(), z.unknown()) }).strict(),
  z.object({ type: z.literal('state') }).strict(),
  z.object({ type: z.literal('close') }).strict(),
]);

/** One WebSocket connection: one environment, one episode at a time. */
export class OpenEnvConnection {
  private readonly gym: GymService;
  private episodeId: string | undefined;
  private stepCount = 0;

  constructor(gym: GymService) {
    this.gym = gym;
  }

  /** The answer to one text message; `close` gives null (the server then closes the socket). */
  async handle(text: string): Promise<WsResponse | null> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      return wsError(`Invalid JSON: ${(error as Error).message}`, 'INVALID_JSON');
    }
    const type = (raw as { type?: unknown } | null)?.type;
    if (!['reset', 'step', 'state', 'close'].includes(type as string))
      return wsError(`Unknown message type: ${String(type ?? '')}`, 'UNKNOWN_TYPE');
    const parsed = MessageSchema.safeParse(raw);
    if (!parsed.success) return invalid(parsed.error);
    try {
      const message = parsed.data;
      switch (message.type) {
        case 'reset':
          return await this.reset(message.data);
        case 'step':
          return await this.step(message.data);
        case 'state':
          return { type: 'state', data: await this.state() };
        case 'close':
          return null;
      }
    } catch (error) {
      const message = error instanceof SigmaError ? error.message : describeError(error).body.error.message;
      return wsError(message, 'EXECUTION_ERROR');
    }
  }

  private async reset(data: Record<string, unknown>): Promise<WsResponse> {
    const parsed = ResetDataSchema.safeParse(data);
    if (!parsed.success) return invalid(parsed.error);
    const d = parsed.data;
    const input: GymResetInput = {
      domain: d.domain,
      ...(d.task_id === undefined ? {} : { taskId: d.task_id }),
      ...(d.task_index === undefined ? {} : { index: d.task_index }),
      ...(d.split === undefined ? {} : { split: d.split }),
      ...(d.seed === undefined ? {} : { seed: d.seed }),
      ...(d.customer === undefined ? {} : { customer: stripUndefined(d.customer) }),
      ...(d.max_steps === undefined ? {} : { maxSteps: d.max_steps }),
    };
    const result = await this.gym.reset(input);
    this.episodeId = result.episodeId;
    this.stepCount = 0;
    return {
      type: 'observation',
      data: {
        observation: {
          role: result.observation.role,
          content: result.observation.content,
          episode_id: result.episodeId,
          tools: result.tools,
          policy: result.policy,
          task: result.task,
        },
        reward: null,
        done: result.done,
      },
    };
  }

  private async step(data: Record<string, unknown>): Promise<WsResponse> {
    if (this.episodeId === undefined) return wsError('No active episode: send reset first', 'SESSION_ERROR');
    const parsed = OpenEnvActionSchema.safeParse(data);
    if (!parsed.success) return invalid(parsed.error);
    const { metadata: _metadata, ...action } = parsed.data;
    const result = await this.gym.step(this.episodeId, action);
    this.stepCount++;
    return {
      type: 'observation',
      data: {
        observation: { ...result.observation, episode_id: this.episodeId },
        reward: result.reward,
        done: result.done,
        metadata: result.info,
      },
    };
  }

  private async state(): Promise<Record<string, unknown>> {
    if (this.episodeId === undefined) return { episode_id: null, step_count: 0 };
    const state = await this.gym.state(this.episodeId);
    return {
      episode_id: this.episodeId,
      step_count: this.stepCount,
      done: state.done,
      reward: state.reward,
      task: state.task,
    };
  }
}

function wsError(message: string, code: WsErrorCode, errors?: unknown): WsResponse {
  return { type: 'error', data: { message, code, ...(errors === undefined ? {} : { errors }) } };
}

function invalid(error: z.ZodError): WsResponse {
  return wsError(
    'Invalid message',
    'VALIDATION_ERROR',
    error.issues.map((i) => ({ loc: i.path.map(String), msg: i.message, type: i.code })),
  );
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
