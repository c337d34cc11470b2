import { OpenAiSftRowSchema } from '../../contracts/export-rows.ts';
import type { Trajectory } from '../../contracts/trajectory.ts';
import { conversation, decidedByPerson, functionTools, openAiMessage, policyOf } from '../chat.ts';
import { countSkip, type JsonLinesFormat, type RowMaker, type RowOptions } from '../format.ts';
import { checkOpenAiSft } from '../rules.ts';

/**
 * OpenAI's chat fine-tuning JSONL: `messages` with tool calls as JSON text and `tool_call_id` on
 * results, `tools`, `parallel_tool_calls: false`. With `humanOnly`, turns a model wrote get `weight: 0`
 * (kept as context, not learned); a conversation with nothing left to learn is skipped.
 */
export const openAiSft: JsonLinesFormat = {
  kind: 'jsonl',
  name: 'openai-sft',
  summary: 'OpenAI chat fine-tuning rows (`messages`, `tools`, `parallel_tool_calls`, per-turn `weight`)',
  agentSide: true,
  schema: OpenAiSftRowSchema,
  check: checkOpenAiSft,
  create(options: RowOptions): RowMaker {
    const skipped = new Map<string, number>();
    return {
      skipped,
      *rows(t: Trajectory) {
        const messages = options.system ? [{ role: 'system' as const, content: policyOf(t) }] : [];
        let learned = 0;
        const out = [
          ...messages,
          ...conversation(t).map((m) => {
            if (m.role !== 'assistant') return openAiMessage(m);
            const weight = options.humanOnly && !decidedByPerson(m) ? 0 : 1;
            learned += weight;
            return openAiMessage(m, weight);
          }),
        ];
        if (learned === 0) {
          countSkip(skipped, options.humanOnly ? 'no turn a person decided' : 'no agent turn');
          return;
        }
        yield { messages: out, tools: functionTools(t), parallel_tool_calls: false };
      },
    };
  },
};
