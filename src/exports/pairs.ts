import type { ProposedAction, Trajectory, TrajectoryMessage } from '../contracts/trajectory.ts';
import { type AgentMessage, conversation, sameAction } from './chat.ts';

/**
 * Preference pairs from what a person decided, each with where it came from:
 * - `proposal-rejected`: a copilot's draft the person rejected, against what they did instead there;
 * - `proposal-edited`: the draft against the person's edit of it;
 * - `undo` / `rollback`: an agent action that was taken back, against the one that replaced it.
 * A turn taken back and done again the same way (to have the customer answer again) is no pair: the
 * agent's action did not change. Pairs across episodes are made in `across-episodes.ts`.
 */
export interface PreferencePair {
  kind: 'proposal-rejected' | 'proposal-edited' | 'undo' | 'rollback' | 'across-episodes';
  /** The conversation before the choice (without the policy). */
  prompt: TrajectoryMessage[];
  chosen: AgentMessage;
  rejected: AgentMessage;
  /** `across-episodes`: the trajectory of the other action. */
  other?: string;
}

/** A proposed action as an agent message of the record's shape. */
export function proposedMessage(
  action: ProposedAction,
  id: string,
  author: AgentMessage['author'],
): AgentMessage {
  if (action.type === 'reply') return { id, role: 'assistant', content: action.content, author };
  return {
    id,
    role: 'assistant',
    content: null,
    tool_calls: [
      { id: `${id}-call`, type: 'function', function: { name: action.name, arguments: action.arguments } },
    ],
    author,
  };
}

/**
 * The conversation up to and including message `id` as it stood then: from the final messages, or,
 * when `id` was itself taken back later, from the taken-back turns that held it.
 */
export function prefixThrough(t: Trajectory, id: string): TrajectoryMessage[] | undefined {
  const final = conversation(t);
  const at = final.findIndex((m) => m.id === id);
  if (at >= 0) return final.slice(0, at + 1);
  for (const entry of t.takenBack ?? []) {
    const inEntry = entry.messages.findIndex((m) => m.id === id);
    if (inEntry < 0) continue;
    const before = prefixThrough(t, entry.after);
    return before === undefined ? undefined : [...before, ...entry.messages.slice(0, inEntry + 1)];
  }
  return undefined;
}

/** The agent action the final conversation has right after message `id`, if any. */
function finalActionAfter(t: Trajectory, id: string): AgentMessage | undefined {
  const final = conversation(t);
  const at = final.findIndex((m) => m.id === id);
  const next = at >= 0 ? final[at + 1] : undefined;
  return next?.role === 'assistant' ? next : undefined;
}

export function* decisionPairs(t: Trajectory): Generator<PreferencePair> {
  for (const [i, p] of (t.proposals ?? []).entries()) {
    const rejected = proposedMessage(p.proposal, `proposal-${i}`, 'model');
    const lastId = p.context.at(-1)?.id;
    if (lastId === undefined) continue;
    if (p.decision === 'edited' && p.final !== undefined) {
      const chosen = proposedMessage(p.final, `proposal-${i}-final`, 'model-edited');
      if (!sameAction(chosen, rejected))
        yield { kind: 'proposal-edited', prompt: p.context, chosen, rejected };
    } else if (p.decision === 'rejected') {
      const chosen = finalActionAfter(t, lastId);
      const prompt = prefixThrough(t, lastId);
      if (chosen !== undefined && prompt !== undefined && !sameAction(chosen, rejected))
        yield { kind: 'proposal-rejected', prompt, chosen, rejected };
    }
  }
  for (const entry of t.takenBack ?? []) {
    const rejected = entry.messages[0];
    if (rejected?.role !== 'assistant') continue;
    const chosen = finalActionAfter(t, entry.after);
    const prompt = prefixThrough(t, entry.after);
    if (chosen === undefined || prompt === undefined || sameAction(chosen, rejected)) continue;
    yield { kind: entry.by, prompt, chosen, rejected };
  }
}
