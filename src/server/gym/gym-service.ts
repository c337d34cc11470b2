import { agentTools } from '../../agents/index.ts';
import type { AgentTool } from '../../agents/types.ts';
import { InputError } from '../../core/errors.ts';
import type { DomainRegistry } from '../../registry/index.ts';
import type { LiveSession, SessionService } from '../session-service.ts';
import { loadDomain } from '../session-setup.ts';

/** What a trainer asks for to start an episode. */
export interface GymResetInput {
  domain: string;
  /** The task by id, or by `index` in the split; by default one is drawn (reproducibly with `seed`). */
  taskId?: string;
  index?: number;
  split?: string;
  seed?: number;
  /** The simulated customer: `scripted` (no model, the default) or a model strategy with its model. */
  customer?: { strategy?: string; model?: string };
  /** Agent actions before the episode ends as a turn limit (default 100). */
  maxSteps?: number;
}

/** The agent's action: a message to the customer, or one tool call (arguments as an object or JSON text). */
export type GymAction =
  | { type: 'message'; content: string }
  | { type: 'tool_call'; name: string; arguments?: Record<string, unknown> | string };

export interface GymObservation {
  /** Who answered: the customer (a message) or the tool (its result). */
  role: 'customer' | 'tool';
  content: string;
}

export interface GymResetResult {
  episodeId: string;
  observation: GymObservation;
  tools: AgentTool[];
  policy: string;
  task: { domain: string; split: string; index: number; id: string };
  done: boolean;
}

export interface GymStepResult {
  observation: GymObservation;
  /** The reward on the final step; null before. */
  reward: number | null;
  done: boolean;
  info: { steps: number; endReason: string | null; reward?: Record<string, unknown> };
}

/**
 * The RL environment over the server's sessions: `reset` creates and starts a session (stored like any
 * other, so episodes are viewable and survive a restart), `step` performs one agent action on it.
 */
export class GymService {
  private readonly sessions: SessionService;
  private readonly registry: DomainRegistry;

  constructor(sessions: SessionService, registry: DomainRegistry) {
    this.sessions = sessions;
    this.registry = registry;
  }

  async reset(input: GymResetInput): Promise<GymResetResult> {
    if (input.taskId !== undefined && input.index !== undefined)
      throw new InputError('give taskId or index, not both');
    const domain = await loadDomain(this.registry, input.domain);
    const split = input.split ?? domain.defaultSplit;
    let index = input.index;
    if (input.taskId !== undefined) {
      const tasks = domain.tasks.get(split) ?? [];
      index = tasks.findIndex((t) => t.id === input.taskId);
      if (index < 0)
        throw new InputError(
          `${domain.name} has no task "${input.taskId}" in split "${split}": see GET /gym/tasks`,
        );
    }
    const strategy = input.customer?.strategy ?? (input.customer?.model === undefined ? 'scripted' : 'llm');
    const live = await this.sessions.create({
      envName: input.domain,
      taskSplit: split,
      userStrategy: strategy,
      ...(index === undefined ? {} : { taskIndex: index }),
      ...(input.seed === undefined ? {} : { seed: input.seed, userSeed: input.seed }),
      ...(input.customer?.model === undefined ? {} : { userModel: input.customer.model }),
      ...(input.maxSteps === undefined ? {} : { maxTurns: input.maxSteps }),
    });
    const id = live.row.id;
    return this.sessions.use(id, async (l) => {
      const started = await this.sessions.start(l);
      return {
        episodeId: id,
        observation: { role: 'customer', content: started.observation },
        tools: agentTools(l.session.domain),
        policy: l.session.domain.policy,
        task: { domain: l.row.domain, split: l.row.split, index: l.row.taskIndex, id: l.row.taskId },
        done: started.done,
      };
    });
  }

  async step(episodeId: string, action: GymAction): Promise<GymStepResult> {
    return this.sessions.use(episodeId, async (live) => {
      const outcome =
        action.type === 'message'
          ? await this.sessions.respond(live, action.content)
          : await this.sessions.tool(live, action.name, action.arguments ?? {});
      return {
        observation: { role: action.type === 'message' ? 'customer' : 'tool', content: outcome.observation },
        ...this.ending(live),
      };
    });
  }

  /** Where the episode stands: its steps, and once done its reward with the breakdown. */
  async state(
    episodeId: string,
  ): Promise<{ steps: number; done: boolean; reward: number | null; task: GymResetResult['task'] }> {
    return this.sessions.use(episodeId, (live) => {
      const { reward, done, info } = this.ending(live);
      return {
        steps: info.steps,
        done,
        reward,
        task: {
          domain: live.row.domain,
          split: live.row.split,
          index: live.row.taskIndex,
          id: live.row.taskId,
        },
      };
    });
  }

  private ending(live: LiveSession): Omit<GymStepResult, 'observation'> {
    const session = live.session;
    if (!session.isDone)
      return { reward: null, done: false, info: { steps: session.turnCount, endReason: null } };
    const final = session.getFinalResult();
    return {
      reward: final.reward.reward ?? null,
      done: true,
      info: {
        steps: session.turnCount,
        endReason: final.endReason,
        reward: final.reward as unknown as Record<string, unknown>,
      },
    };
  }
}
