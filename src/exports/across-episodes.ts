import type { Trajectory, TrajectoryMessage } from '../contracts/trajectory.ts';
import { type AgentMessage, conversation } from './chat.ts';
import type { PreferencePair } from './pairs.ts';

/**
 * Pairs across episodes (opt-in): two episodes of the same task that began alike and ended with
 * different rewards. Where their conversations first differ, and the agent acts there in both, the
 * action of the episode that earned 1 is chosen over the one that earned 0, with the shared history as
 * the prompt. Abandoned episodes are left out. The first few episodes of each reward are kept per task
 * and opening, so memory grows with the number of distinct tasks, not of episodes.
 */
export class AcrossEpisodes {
  /** Episodes kept per task, opening and reward: enough to pair alike starts, bounded by tasks. */
  static readonly KEPT = 4;
  private readonly kept = new Map<string, { won: Trajectory[]; lost: Trajectory[] }>();

  *pairs(t: Trajectory): Generator<PreferencePair> {
    const reward = t.reward?.reward;
    // An abandoned episode scores 0 because the player stopped, not because of an action.
    if ((reward !== 1 && reward !== 0) || t.endReason === 'abandoned') return;
    const opening = conversation(t)[0];
    if (opening === undefined) return;
    const key = JSON.stringify([t.domain.name, t.task.split, t.task.id, t.persona, opening.content]);
    const seen = this.kept.get(key) ?? { won: [], lost: [] };
    this.kept.set(key, seen);
    for (const other of reward === 1 ? seen.lost : seen.won) {
      const [won, lost] = reward === 1 ? [t, other] : [other, t];
      const pair = divergence(won, lost);
      if (pair !== undefined) yield { ...pair, kind: 'across-episodes', other: other.id };
    }
    const mine = reward === 1 ? seen.won : seen.lost;
    if (mine.length < AcrossEpisodes.KEPT) mine.push(t);
  }
}

function sameMessage(a: TrajectoryMessage, b: TrajectoryMessage): boolean {
  if (a.role !== b.role || a.content !== b.content) return false;
  if (a.role === 'assistant' && b.role === 'assistant')
    return (
      JSON.stringify(a.tool_calls?.map((c) => c.function) ?? null) ===
      JSON.stringify(b.tool_calls?.map((c) => c.function) ?? null)
    );
  return true;
}

function divergence(
  won: Trajectory,
  lost: Trajectory,
): { prompt: TrajectoryMessage[]; chosen: AgentMessage; rejected: AgentMessage } | undefined {
  const a = conversation(won);
  const b = conversation(lost);
  let i = 0;
  while (i < a.length && i < b.length && sameMessage(a[i]!, b[i]!)) i++;
  const chosen = a[i];
  const rejected = b[i];
  if (chosen?.role !== 'assistant' || rejected?.role !== 'assistant') return undefined;
  return { prompt: a.slice(0, i), chosen, rejected };
}
