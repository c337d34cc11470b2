import { createHash } from 'node:crypto';
import { LlmAgent, playEpisode } from '../agents/index.ts';
import type { CustomerConfig } from '../core/customer/types.ts';
import type { Domain } from '../core/domain/types.ts';
import { AgentError, ModelError } from '../core/errors.ts';
import type { ModelClient, ModelUsage } from '../core/model/types.ts';
import type { ModelSpec } from '../llm/index.ts';
import { SimulatorSession } from '../session/index.ts';
import type { AttemptRecord, SessionRow } from '../store/index.ts';
import { createCustomer, customerConfig } from '../users/index.ts';
import type { AttemptPlan, RunPlan } from './run-plan.ts';
import { classifyModelError, SeatModelError, seatClient } from './seat-client.ts';
import { type Termination, terminationOf } from './terminations.ts';

/** tau2's cap on the agent's tool errors in one episode. */
export const MAX_TOOL_ERRORS = 10;

/** Makes (or reuses) the client of a model named in the plan. */
export type ModelFactory = (spec: ModelSpec) => ModelClient;

export interface AttemptUsage {
  agent: ModelUsage;
  customer: ModelUsage;
}

/** What playing an attempt gave: a result to store, or a provider fault that sends it back to the queue. */
export type AttemptOutcome =
  | { kind: 'finished'; record: AttemptRecord; session: SessionRow; trajectory: string }
  | { kind: 'fault'; reason: string; error: ModelError };

/** The session id of an attempt: a UUID fixed by the run and the attempt, so a replay overwrites it. */
export function attemptSessionId(runId: string, attemptId: string): string {
  const hex = createHash('sha256').update(`sigma-attempt/${runId}/${attemptId}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The agent's tool calls failed too often: the episode stops as `too_many_errors`. */
class TooManyToolErrors extends AgentError {}

/**
 * Plays one attempt: the LLM agent against the plan's customer on a fresh copy of the task, seeded by
 * the attempt. A provider failure after its retries (429, 5xx, timeout, network) is a fault, never a
 * score; a model refusing a request (another 4xx) is the seat's error (`agent_error` or `user_error`,
 * scored 0); 401, 403 and 404 (a key or model that cannot work) stop the run.
 */
export async function playAttempt(
  plan: RunPlan,
  attempt: AttemptPlan,
  domain: Domain,
  models: ModelFactory,
  signal?: AbortSignal,
): Promise<AttemptOutcome> {
  const customerModel =
    plan.customer.provider === undefined
      ? undefined
      : seatClient(models(plan.customer as ModelSpec), 'customer');
  const config: CustomerConfig = customerConfig(plan.customer.strategy as CustomerConfig['strategy'], {
    seed: attempt.seed,
    ...(customerModel === undefined ? {} : { provider: customerModel.provider, model: customerModel.model }),
  });
  const customer = createCustomer(config, customerModel === undefined ? {} : { model: customerModel });
  const agent = new LlmAgent(seatClient(models(plan.agent), 'agent'), { seed: attempt.seed });
  const session = new SimulatorSession(
    { domain, split: plan.split, taskIndex: attempt.taskIndex, customer },
    attemptSessionId(plan.runId, attempt.attemptId),
  );
  let termination: Termination | undefined;
  try {
    await session.start();
    let toolErrors = 0;
    await playEpisode(session, agent, {
      maxSteps: plan.maxSteps,
      ...(signal === undefined ? {} : { abortSignal: signal }),
      onStep: ({ turn, outcome }) => {
        if (turn.action.type === 'tool_call' && outcome.observation.startsWith('Error')) toolErrors++;
        if (toolErrors >= MAX_TOOL_ERRORS && !session.isDone)
          throw new TooManyToolErrors(`${toolErrors} tool calls failed`);
      },
    });
  } catch (error) {
    if (error instanceof TooManyToolErrors) termination = 'too_many_errors';
    else if (error instanceof SeatModelError) {
      const verdict = classifyModelError(error.cause);
      if (verdict === 'infrastructure')
        return { kind: 'fault', reason: error.cause.message, error: error.cause };
      if (verdict === 'fatal') throw error.cause;
      termination = error.seat === 'agent' ? 'agent_error' : 'user_error';
    } else if (error instanceof ModelError) {
      if (classifyModelError(error) === 'infrastructure')
        return { kind: 'fault', reason: error.message, error };
      throw error;
    } else throw error;
    session.abandon();
  }
  const final = session.getFinalResult();
  const reward = termination === undefined ? (final.reward.reward ?? 0) : 0;
  termination ??= terminationOf(final.endReason);
  const trajectory = session.toTrajectory();
  const endedAt = trajectory.endedAt ?? new Date().toISOString();
  const usage: AttemptUsage = { agent: final.usage.agent, customer: final.usage.customer };
  return {
    kind: 'finished',
    record: {
      runId: plan.runId,
      attemptId: attempt.attemptId,
      taskIndex: attempt.taskIndex,
      trial: attempt.trial,
      sessionId: session.id,
      reward,
      termination,
      usage,
      finishedAt: endedAt,
    },
    session: {
      id: session.id,
      createdAt: trajectory.startedAt,
      updatedAt: endedAt,
      domain: domain.name,
      split: plan.split,
      taskIndex: attempt.taskIndex,
      taskId: session.task.id,
      setup: {
        customer: { ...config, ...(customerModel === undefined ? {} : { provider: customerModel.provider }) },
        agent: { provider: plan.agent.provider, model: plan.agent.model },
        imported: 'run',
      },
      status: 'finished',
      reward,
      finished: true,
      endReason: final.endReason,
      endedAt,
      eventCount: 0,
    },
    trajectory: JSON.stringify(trajectory),
  };
}
