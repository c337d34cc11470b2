import type { Annotation } from '../../contracts/annotation.ts';
import { type Tau2Message, Tau2ResultsSchema, type Tau2SimulationRun } from '../../contracts/tau2-results.ts';
import type { Trajectory } from '../../contracts/trajectory.ts';
import type { Domain, Task } from '../../core/domain/types.ts';
import { InputError } from '../../core/errors.ts';
import { toJs } from '../../core/python/index.ts';
import { argumentsObject, conversation, policyOf } from '../chat.ts';
import { countSkip } from '../format.ts';

/** How Sigma's endings read in tau2's `TerminationReason` (as Sigma's tau2 flavour scores them). */
const TERMINATION = {
  'user-stop': 'user_stop',
  transfer: 'user_stop',
  'turn-limit': 'max_steps',
  abandoned: 'agent_error',
} as const;

/** tau2's defaults for what Sigma's record does not hold (its `DEFAULT_MAX_ERRORS`, Sigma's turn cap). */
const MAX_STEPS = 100;
const MAX_ERRORS = 10;

export interface Tau2Context {
  sigmaVersion: string;
  /** The domain a trajectory was played on, for its task as tau2 writes it; else rebuilt from the record. */
  domain?: (name: string) => Promise<Domain | undefined>;
}

/**
 * A tau2-bench `results.json` written as a stream: `simulations` one by one as trajectories come, then
 * the tasks they played and the run's `info`. One domain per file (tau2's `info` names one).
 */
export class Tau2ResultsWriter {
  readonly skipped = new Map<string, number>();
  rows = 0;
  private readonly tasks = new Map<string, unknown>();
  private readonly trials = new Map<string, number>();
  private first: Trajectory | undefined;
  private readonly context: Tau2Context;

  constructor(context: Tau2Context) {
    this.context = context;
  }

  begin(): string {
    return `{"timestamp": ${JSON.stringify(new Date().toISOString())}, "simulations": [`;
  }

  /** `notes`: the trajectory's reviewers' notes, written as tau2's `review` and `info.notes`. */
  async add(t: Trajectory, notes: readonly Annotation[] = []): Promise<string | undefined> {
    if (t.endReason === null || t.endedAt === null) {
      countSkip(this.skipped, 'not ended');
      return undefined;
    }
    if (this.first !== undefined && this.first.domain.name !== t.domain.name)
      throw new InputError(
        `tau2-results holds one domain, and the selection has "${this.first.domain.name}" and "${t.domain.name}": add --domain`,
      );
    this.first ??= t;
    if (!this.tasks.has(t.task.id)) this.tasks.set(t.task.id, await this.taskOf(t));
    const trial = this.trials.get(t.task.id) ?? 0;
    this.trials.set(t.task.id, trial + 1);
    const run = simulationRun(t, trial, notes);
    const text = `${this.rows === 0 ? '\n' : ',\n'}${JSON.stringify(run)}`;
    this.rows++;
    return text;
  }

  end(): string {
    const t = this.first;
    const info = {
      git_commit: `sigma-simulator@${this.context.sigmaVersion}`,
      num_trials: Math.max(0, ...this.trials.values()),
      max_steps: MAX_STEPS,
      max_errors: MAX_ERRORS,
      user_info: {
        implementation: `sigma-${t?.customer.strategy ?? 'none'}-customer`,
        llm:
          t?.customer.model === undefined
            ? null
            : `${t.customer.provider ?? ''}${t.customer.provider ? ':' : ''}${t.customer.model}`,
        llm_args: t?.customer.temperature === undefined ? null : { temperature: t.customer.temperature },
      },
      agent_info: { implementation: 'sigma-agent-seat', llm: agentModel(t), llm_args: null },
      environment_info: {
        domain_name: t?.domain.name ?? '',
        policy: t === undefined ? '' : policyOf(t),
        tool_defs: null,
      },
      seed: t?.customer.seed ?? null,
    };
    return `\n], "tasks": ${JSON.stringify([...this.tasks.values()])}, "info": ${JSON.stringify(info)}}\n`;
  }

  private async taskOf(t: Trajectory): Promise<unknown> {
    const domain = await this.context.domain?.(t.domain.name);
    const task = domain?.tasks.get(t.task.split)?.[t.task.index];
    if (task !== undefined && task.id === t.task.id && task.evaluationCriteria !== undefined)
      return tau2Task(task);
    return {
      id: t.task.id,
      description: null,
      user_scenario: { persona: null, instructions: t.persona ?? t.task.instruction },
      initial_state: null,
      evaluation_criteria: {
        actions: t.task.actions.map((a, i) => ({
          action_id: `${t.task.id}_${i}`,
          name: a.name,
          arguments: a.kwargs,
          info: null,
        })),
        communicate_info: t.task.outputs,
        nl_assertions: null,
        reward_basis: ['DB', 'COMMUNICATE'],
      },
    };
  }
}

function tau2Task(task: Task): unknown {
  return {
    id: task.id,
    description: null,
    user_scenario: toJs(task.userScenario ?? null),
    initial_state: null,
    evaluation_criteria: toJs(task.evaluationCriteria ?? null),
  };
}

function agentModel(t: Trajectory | undefined): string | null {
  const models = new Set((t?.proposals ?? []).map((p) => p.model));
  return models.size === 1 ? [...models][0]! : null;
}

function simulationRun(t: Trajectory, trial: number, notes: readonly Annotation[]): Tau2SimulationRun {
  const messages: Tau2Message[] = [];
  const turns = new Map<string, number>();
  for (const m of conversation(t)) {
    const turn_idx = messages.length;
    turns.set(m.id, turn_idx);
    if (m.role === 'user')
      messages.push({
        role: 'user',
        content: m.content,
        tool_calls: null,
        turn_idx,
        timestamp: null,
        cost: null,
      });
    else if (m.role === 'assistant') {
      const calls = m.tool_calls ?? [];
      messages.push({
        role: 'assistant',
        content: calls.length === 0 ? (m.content ?? '') : m.content,
        tool_calls:
          calls.length === 0
            ? null
            : calls.map((c) => ({
                id: c.id,
                name: c.function.name,
                arguments: argumentsObject(t, c.function.arguments),
                requestor: 'assistant' as const,
              })),
        turn_idx,
        timestamp: null,
        cost: null,
      });
    } else if (m.role === 'tool')
      messages.push({
        id: m.tool_call_id,
        role: 'tool',
        content: m.content,
        requestor: 'assistant',
        error: m.content.startsWith('Error'),
        turn_idx,
        timestamp: null,
      });
  }
  const start = t.startedAt;
  const end = t.endedAt ?? t.startedAt;
  return {
    id: t.id,
    task_id: t.task.id,
    timestamp: end,
    start_time: start,
    end_time: end,
    duration: Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000),
    termination_reason: TERMINATION[t.endReason ?? 'abandoned'],
    agent_cost: t.usage.agent.costUsd,
    user_cost: t.usage.customer.costUsd,
    reward_info: rewardInfo(t),
    messages,
    trial,
    seed: t.customer.seed ?? null,
    mode: 'half_duplex',
    ...(notes.length === 0 ? {} : reviewOf(t, trial, notes, turns)),
  };
}

/**
 * Reviewers' notes as tau2 keeps them: `review` (tau2's `Review`, one `ReviewError` per note that names
 * an error source or type, at the `turn_idx` of the message it is on), and in `info.notes` each note as
 * tau2's `SimulationNote` (its `error_source` and `error_type` are tau2's enums, which Sigma's notes
 * use), with the ratings beside them (tau2 has no rating field).
 */
function reviewOf(
  t: Trajectory,
  trial: number,
  notes: readonly Annotation[],
  turns: ReadonlyMap<string, number>,
): Pick<Tau2SimulationRun, 'review' | 'info'> {
  const errors = notes
    .filter((n) => n.errorSource !== undefined || n.errorType !== undefined)
    .map((n) => ({
      // tau2's ReviewError has no "system" source: a system fault is "unknown" to it.
      source: n.errorSource === 'agent' || n.errorSource === 'user' ? n.errorSource : ('unknown' as const),
      error_type: n.errorType ?? null,
      error_tags: [n.errorType ?? n.errorSource!],
      severity: null,
      turn_idx: n.messageId === undefined ? null : (turns.get(n.messageId) ?? null),
      reasoning: n.text ?? '',
      correct_behavior: null,
    }));
  const summary = notes
    .map((n) =>
      [n.rating === undefined ? '' : `[${n.rating}]`, n.text ?? '', `(${n.author})`]
        .filter(Boolean)
        .join(' '),
    )
    .join('\n');
  return {
    review: {
      summary,
      agent_error: notes.some((n) => n.errorSource === 'agent'),
      user_error: notes.some((n) => n.errorSource === 'user'),
      critical_user_error: false,
      has_errors: errors.length > 0,
      errors,
      cost: null,
    },
    info: {
      notes: notes.map((n) => ({
        id: n.id,
        note: n.text ?? '',
        author_email: n.author,
        created_at: n.createdAt,
        simulation_id: t.id,
        task_id: t.task.id,
        trial,
        source_results_file: null,
        simulation_file: null,
        error_source: n.errorSource ?? null,
        error_type: n.errorType ?? null,
      })),
      ratings: notes.flatMap((n) => (n.rating === undefined ? [] : [{ note_id: n.id, rating: n.rating }])),
    },
  };
}

/** tau2 domains record tau2's own `RewardInfo`; for others, the reward with Sigma's breakdown as `info`. */
function rewardInfo(t: Trajectory): Tau2SimulationRun['reward_info'] {
  const r = t.reward;
  if (r === null || r.reward === null) return null;
  const info = r.info;
  if (info !== null && typeof info.reward === 'number' && ('db_check' in info || 'reward_basis' in info))
    return info as Tau2SimulationRun['reward_info'];
  return { reward: r.reward, info: { sigma: { info: r.info, breakdown: r.breakdown } } };
}

export { Tau2ResultsSchema };
