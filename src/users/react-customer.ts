import { ModelError } from '../core/errors.ts';
import type { ChatMessage } from '../core/model/types.ts';
import { ModelCustomer, type Written } from './model-customer.ts';
import type { BriefParts } from './prompts/llm-1.ts';
import { REACT_1_ATTEMPTS, reactBrief1, reactFormatReminder1 } from './prompts/react-1.ts';

const THOUGHT = /^[\s*#]*thought[\s*]*:[\s*]*/im;
const REPLY = /^[\s*#]*reply[\s*]*:[\s*]*/gim;

export type ReactParse = { thought: string; reply: string } | { problem: string };

/**
 * Reads a think-then-reply answer: the message is what follows the last `Reply:` label, the thought
 * what precedes it. A missing label or an empty message is a problem to send back to the model.
 */
export function parseReact(text: string): ReactParse {
  const labels = [...text.matchAll(REPLY)];
  const last = labels.at(-1);
  if (last === undefined) return { problem: 'it has no line starting "Reply:"' };
  const reply = text.slice(last.index + last[0].length).trim();
  if (reply === '') return { problem: 'nothing follows "Reply:"' };
  const before = text.slice(0, last.index);
  const thought = THOUGHT.exec(before);
  return {
    thought: (thought === null ? before : before.slice(thought.index + thought[0].length)).trim(),
    reply,
  };
}

/**
 * The `react` customer: the model thinks, then replies. The thought stays in the model's own view of
 * the conversation (so it can build on it); only the reply reaches the agent. An answer that cannot be
 * read is sent back with a reminder of the format, a bounded number of times.
 */
export class ReactCustomer extends ModelCustomer {
  protected brief(parts: BriefParts): string {
    return reactBrief1(parts);
  }

  protected async write(conversation: readonly ChatMessage[]): Promise<Written> {
    const messages = [...conversation];
    let problem = '';
    for (let attempt = 1; attempt <= REACT_1_ATTEMPTS; attempt++) {
      const text = await this.complete({ system: this.system, messages });
      const parsed = parseReact(text);
      if ('reply' in parsed) {
        const said = this.said(parsed.reply, attempt);
        return { kept: `Thought: ${parsed.thought}\nReply: ${said}`, said };
      }
      problem = parsed.problem;
      messages.push(
        { role: 'assistant', content: text },
        { role: 'user', content: reactFormatReminder1(problem) },
      );
    }
    throw new ModelError({
      provider: this.model.provider,
      model: this.model.model,
      kind: 'invalid-response',
      status: null,
      attempts: REACT_1_ATTEMPTS,
      reason: `the react customer's answer could not be read (${problem}) in ${REACT_1_ATTEMPTS} attempts`,
    });
  }
}
