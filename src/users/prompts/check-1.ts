/**
 * The review of a draft customer message, used by the `verify` and `reflection` strategies (versions
 * `verify-1` and `reflection-1`). Written for Sigma.
 */
import { STOP_MARKER } from '../../core/episode/episode.ts';

export const CHECK_SYSTEM_1 = [
  'You review one message drafted by someone role-playing a customer in a chat with a support agent. ' +
    "You are given the customer's hidden situation, the conversation so far and the draft.",
  '',
  'The draft fails when any of these is true:',
  '1. It goes against the situation: it asks for something the situation does not want, accepts what it ' +
    'rules out, or states a fact (a name, number, id, date, address) that the situation does not give.',
  '2. It leaks: it quotes or describes the hidden situation as instructions, or hands over much more than ' +
    'the agent has asked for so far.',
  "3. It breaks character: it speaks as an AI, a model or a simulation, writes the agent's part, or adds " +
    'notes about the conversation.',
  `4. It ends the conversation with ${STOP_MARKER} while the goal is neither done nor clearly impossible, ` +
    'or while the agent is still working on the request or waiting for an answer.',
  '',
  'Answer with one line: "PASS" when none of these is true, otherwise "FAIL: " and the reason in one sentence.',
].join('\n');

export interface ReviewParts {
  goal: string;
  /** The conversation so far, from the customer's side (`user` is the agent). */
  transcript: ReadonlyArray<{ role: 'user' | 'assistant'; content: string }>;
  draft: string;
}

/** The review request's single user message. */
export function reviewMaterial1({ goal, transcript, draft }: ReviewParts): string {
  const lines = transcript.map((m) => `${m.role === 'user' ? 'Agent' : 'Customer'}: ${m.content}`);
  return [
    "The customer's situation:",
    goal,
    '',
    'The conversation so far:',
    lines.length === 0 ? '(nothing yet)' : lines.join('\n'),
    '',
    "The draft of the customer's next message:",
    draft,
  ].join('\n');
}
