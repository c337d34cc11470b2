/**
 * Prompt texts of the `react` customer (think, then reply), version `react-1`: the `llm-1` brief plus an
 * answer format. Written for Sigma.
 */
import { type BriefParts, customerBrief1 } from './llm-1.ts';

export const REACT_1 = 'react-1';

/** Parse failures allowed per message before the customer gives up: 3 attempts in all. */
export const REACT_1_ATTEMPTS = 3;

export function reactBrief1(parts: BriefParts): string {
  return [
    customerBrief1(parts),
    '',
    'Answer format. First think, then write your message, using exactly these two labels:',
    'Thought: <a few sentences, to yourself: where the conversation stands, what your situation asks of ' +
      'you now, and what to say>',
    'Reply: <the message the agent will read>',
    'The agent sees only what follows "Reply:". Write nothing after the reply.',
  ].join('\n');
}

/** What the model is told after an answer that could not be read, before it tries again. */
export function reactFormatReminder1(problem: string): string {
  return (
    `Your last answer could not be used: ${problem}. Answer again with a line starting "Thought:" ` +
    'and then a line starting "Reply:" followed by your message to the agent.'
  );
}
