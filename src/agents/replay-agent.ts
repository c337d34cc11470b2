import type { ProposedAction, Trajectory, TrajectoryMessage } from '../contracts/trajectory.ts';
import { ConflictError, InputError } from '../core/errors.ts';
import { ZERO_USAGE } from '../core/model/types.ts';
import type { Agent, AgentConfig, AgentContext, AgentTurn } from './types.ts';

/**
 * The `replay` agent: gives back the agent turns of a recorded conversation (a Sigma trajectory's
 * assistant messages), in order. Which turn comes next is read from the conversation it is given — the
 * n-th agent turn after n - 1 of them — so it follows an undo or a rollback. No model is involved.
 */
export class ReplayAgent implements Agent {
  readonly config: AgentConfig = { kind: 'replay', promptVersion: 'replay-1' };
  private readonly turns: ReadonlyArray<{ action: ProposedAction; raw: string }>;

  /** From a trajectory, or its messages. */
  constructor(recording: Pick<Trajectory, 'messages'> | readonly TrajectoryMessage[]) {
    const messages = 'messages' in recording ? recording.messages : recording;
    this.turns = messages.flatMap((m) => (m.role === 'assistant' ? [turnOf(m)] : []));
    if (this.turns.length === 0)
      throw new InputError('the replay agent needs a recording with at least one agent turn');
  }

  /** Agent turns in the recording. */
  get length(): number {
    return this.turns.length;
  }

  async next(context: AgentContext): Promise<AgentTurn> {
    const played = context.history.filter((m) => m.role === 'assistant').length;
    const turn = this.turns[played];
    if (turn === undefined) {
      throw new ConflictError(
        `the recording has run out: it has ${this.turns.length} agent turn(s), and all of them have been played`,
      );
    }
    return { action: turn.action, raw: turn.raw, usage: ZERO_USAGE };
  }
}

function turnOf(m: Extract<TrajectoryMessage, { role: 'assistant' }>): {
  action: ProposedAction;
  raw: string;
} {
  const call = m.tool_calls?.[0];
  if (call !== undefined) {
    return {
      action: { type: 'tool_call', name: call.function.name, arguments: call.function.arguments },
      raw: JSON.stringify({ content: m.content, tool_calls: m.tool_calls }),
    };
  }
  if (m.content === null || m.content.trim() === '')
    throw new InputError(`recorded agent message ${m.id} is empty: it has neither text nor a tool call`);
  return { action: { type: 'reply', content: m.content }, raw: m.content };
}
