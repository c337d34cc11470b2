import { CustomerSftRowSchema, type TrlMessage } from '../../contracts/export-rows.ts';
import type { Trajectory } from '../../contracts/trajectory.ts';
import { conversation, rowSource } from '../chat.ts';
import { countSkip, type JsonLinesFormat, type RowMaker, type RowOptions } from '../format.ts';
import { checkTrlMessages } from '../rules.ts';

/** The system message of a customer-side row: the customer's goal, in Sigma's words. */
export function customerBrief(t: Trajectory): string {
  const goal = t.persona ?? t.task.instruction;
  return `You are a customer writing to the customer service of ${t.domain.name}. Stay in character and pursue this goal, revealing details only when asked:\n\n${goal}`;
}

/**
 * The customer's side as the target, to train customer simulators: the customer's goal as system, the
 * agent's words as `user`, the customer's as `assistant` (tool calls and results are the agent's
 * business and left out). Only episodes whose customer was a person, or one of the strategies asked
 * for, are used; the customer's side may carry the hidden goal.
 */
export const customerSft: JsonLinesFormat = {
  kind: 'jsonl',
  name: 'customer-sft',
  summary:
    'Customer-side SFT rows (`messages`: the goal as system, the agent as user, the customer as assistant)',
  agentSide: false,
  schema: CustomerSftRowSchema,
  check: (row) => checkTrlMessages((row as { messages: unknown[] }).messages),
  create(options: RowOptions): RowMaker {
    const skipped = new Map<string, number>();
    return {
      skipped,
      *rows(t: Trajectory) {
        if (!options.customerStrategies.includes(t.customer.strategy)) {
          countSkip(skipped, `customer strategy ${t.customer.strategy} not asked for`);
          return;
        }
        const messages: TrlMessage[] = [{ role: 'system', content: customerBrief(t) }];
        for (const m of conversation(t)) {
          if (m.role === 'user') messages.push({ role: 'assistant', content: m.content });
          else if (m.role === 'assistant' && (m.tool_calls ?? []).length === 0 && m.content)
            messages.push({ role: 'user', content: m.content });
        }
        if (messages.length < 3) {
          countSkip(skipped, 'the customer never answered the agent');
          return;
        }
        yield { messages, strategy: t.customer.strategy, source: rowSource(t, 'episode') };
      },
    };
  },
};
