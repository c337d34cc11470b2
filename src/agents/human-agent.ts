import { type ProposedAction, ProposedActionSchema } from '../contracts/trajectory.ts';
import { InputError } from '../core/errors.ts';
import { ZERO_USAGE } from '../core/model/types.ts';
import type { Agent, AgentConfig, AgentContext, AgentTurn } from './types.ts';

/** Asks a person for the agent's next action (a terminal prompt, a web page, an API request). */
export type AskAgent = (context: AgentContext) => Promise<ProposedAction>;

/**
 * The `human` agent: the bridge to a person, who chooses every action through `ask`. What they give is
 * checked (a message with text, or a tool call with a name and JSON text arguments).
 */
export class HumanAgent implements Agent {
  readonly config: AgentConfig = { kind: 'human', promptVersion: 'human-1' };
  private readonly ask: AskAgent;

  constructor(ask: AskAgent) {
    this.ask = ask;
  }

  async next(context: AgentContext): Promise<AgentTurn> {
    const action = checkAction(await this.ask(context));
    const raw = action.type === 'reply' ? action.content : `${action.name} ${action.arguments}`;
    return { action, raw, usage: ZERO_USAGE };
  }
}

/** An action as the contracts define it, with something in it; an `InputError` says what is wrong. */
export function checkAction(value: unknown): ProposedAction {
  const parsed = ProposedActionSchema.safeParse(value);
  if (!parsed.success) {
    throw new InputError(
      'an action is {"type": "reply", "content": "<text>"} or {"type": "tool_call", "name": "<tool>", "arguments": "<JSON text>"}',
    );
  }
  const action = parsed.data;
  if (action.type === 'reply' && action.content.trim() === '')
    throw new InputError('the message to the customer is empty');
  if (action.type === 'tool_call' && action.name.trim() === '')
    throw new InputError('the tool name is empty');
  return action;
}
