import { TrlSftRowSchema, TrlSftTurnRowSchema } from '../../contracts/export-rows.ts';
import type { Trajectory } from '../../contracts/trajectory.ts';
import { conversation, decidedByPerson, functionTools, rowSource, trlMessages } from '../chat.ts';
import { countSkip, type JsonLinesFormat, type RowMaker, type RowOptions } from '../format.ts';
import { checkTrlMessages } from '../rules.ts';

/**
 * TRL's conversational SFT format with tools: `messages` (the policy as system, the customer as user,
 * the agent's turns as assistant with `tool_calls`, `tool` results) and `tools`. With `turn`
 * granularity, a row per agent turn: `prompt` (the history) and `completion` (the turn).
 */
export const trlSft: JsonLinesFormat = {
  kind: 'jsonl',
  name: 'trl-sft',
  summary: 'TRL conversational SFT rows (`messages`, `tools`), or prompt/completion rows per agent turn',
  agentSide: true,
  schema: TrlSftRowSchema.or(TrlSftTurnRowSchema),
  check: (row) => {
    const r = row as { messages?: unknown[]; prompt?: unknown[]; completion?: unknown[] };
    return checkTrlMessages(r.messages ?? [...(r.prompt ?? []), ...(r.completion ?? [])]);
  },
  create(options: RowOptions): RowMaker {
    const skipped = new Map<string, number>();
    return {
      skipped,
      *rows(t: Trajectory) {
        const messages = conversation(t);
        const tools = functionTools(t);
        if (!messages.some((m) => m.role === 'assistant')) {
          countSkip(skipped, 'no agent turn');
          return;
        }
        if (options.granularity === 'episode') {
          yield {
            messages: trlMessages(t, messages, options.system),
            tools,
            source: rowSource(t, 'episode'),
          };
          return;
        }
        for (const [i, m] of messages.entries()) {
          if (m.role !== 'assistant' || (options.humanOnly && !decidedByPerson(m))) continue;
          yield {
            prompt: trlMessages(t, messages.slice(0, i), options.system),
            completion: trlMessages(t, [m], false),
            tools,
            source: rowSource(t, 'turn'),
          };
        }
      },
    };
  },
};
