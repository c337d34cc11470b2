import { OpenAiDpoRowSchema, TrlDpoRowSchema } from '../../contracts/export-rows.ts';
import type { Trajectory } from '../../contracts/trajectory.ts';
import { AcrossEpisodes } from '../across-episodes.ts';
import { functionTools, openAiMessage, openAiMessages, rowSource, trlMessage, trlMessages } from '../chat.ts';
import { countSkip, type JsonLinesFormat, type RowMaker, type RowOptions } from '../format.ts';
import { decisionPairs, type PreferencePair } from '../pairs.ts';
import { checkOpenAiDpo, checkTrlPreference } from '../rules.ts';

function pairMaker(options: RowOptions, row: (t: Trajectory, pair: PreferencePair) => unknown): RowMaker {
  const skipped = new Map<string, number>();
  const across = options.pairsAcrossEpisodes ? new AcrossEpisodes() : undefined;
  return {
    skipped,
    *rows(t: Trajectory) {
      let made = 0;
      for (const pair of decisionPairs(t)) {
        made++;
        yield row(t, pair);
      }
      for (const pair of across?.pairs(t) ?? []) {
        made++;
        yield row(t, pair);
      }
      if (made === 0) countSkip(skipped, 'no preference pair');
    },
  };
}

/**
 * TRL's conversational preference rows: `prompt` (the history, the policy first), `chosen` and
 * `rejected` (one assistant message each), `tools`, and `source.kind`: what made the pair.
 */
export const trlDpo: JsonLinesFormat = {
  kind: 'jsonl',
  name: 'trl-dpo',
  summary:
    'TRL conversational preference rows (`prompt`, `chosen`, `rejected`, `tools`) from decisions people made',
  agentSide: true,
  schema: TrlDpoRowSchema,
  check: checkTrlPreference,
  create: (options) =>
    pairMaker(options, (t, pair) => ({
      prompt: trlMessages(t, pair.prompt, options.system),
      chosen: [trlMessage(t, pair.chosen)],
      rejected: [trlMessage(t, pair.rejected)],
      tools: functionTools(t),
      source: rowSource(t, pair.kind, pair.other),
    })),
};

/** OpenAI's preference fine-tuning rows: `input` (messages, tools), `preferred_output`, `non_preferred_output`. */
export const openAiDpo: JsonLinesFormat = {
  kind: 'jsonl',
  name: 'openai-dpo',
  summary: 'OpenAI preference fine-tuning rows (`input`, `preferred_output`, `non_preferred_output`)',
  agentSide: true,
  schema: OpenAiDpoRowSchema,
  check: checkOpenAiDpo,
  create: (options) =>
    pairMaker(options, (t, pair) => ({
      input: {
        messages: openAiMessages(t, pair.prompt, options.system),
        tools: functionTools(t),
        parallel_tool_calls: false,
      },
      preferred_output: [openAiMessage(pair.chosen)],
      non_preferred_output: [openAiMessage(pair.rejected)],
    })),
};
