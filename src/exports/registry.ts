import type { ExportFormatName, JsonLinesFormat } from './format.ts';
import { customerSft } from './formats/customer-sft.ts';
import { openAiDpo, trlDpo } from './formats/dpo.ts';
import { grpo } from './formats/grpo.ts';
import { openAiSft } from './formats/openai-sft.ts';
import { raw } from './formats/raw.ts';
import { trlKto } from './formats/trl-kto.ts';
import { trlSft } from './formats/trl-sft.ts';

/** Every JSON-lines format by name (`tau2-results` is one JSON document, written apart). */
export const JSONL_FORMATS: Readonly<Record<Exclude<ExportFormatName, 'tau2-results'>, JsonLinesFormat>> = {
  'trl-sft': trlSft,
  'trl-dpo': trlDpo,
  'trl-kto': trlKto,
  grpo,
  'openai-sft': openAiSft,
  'openai-dpo': openAiDpo,
  'customer-sft': customerSft,
  raw,
};

/** What each format's card says of how rows were chosen. */
export const CARD_RULES: Record<ExportFormatName, string> = {
  'trl-sft':
    "One row per conversation (or per agent turn with `--granularity turn`); the policy is the system message; tool calls carry their arguments as objects. The customer's hidden goal is never in a row.",
  'trl-dpo':
    'Pairs come from what a person decided: a copilot draft rejected (against what they did instead) or edited (against the edit), an agent action undone or rolled back (against what replaced it), and with `--pairs-across-episodes` two episodes of one task and opening with rewards 1 and 0 (at the first agent action where they differ). `source.kind` names the origin of each row.',
  'trl-kto':
    'Desirable: agent turns a person wrote or edited, copilot drafts a person accepted, whole episodes with reward 1. Undesirable: drafts a person rejected or changed, whole episodes with reward 0. Unscored episodes and undecided model turns give no row.',
  grpo: "One row per task and opening: the policy and the customer's opening as the prompt, and `scoring.session`, the body of `POST /sessions` that plays a completion in Sigma for its reward (see `examples/grpo-reward.py`).",
  'openai-sft':
    'One conversation per line; tool-call arguments are JSON text and tool results name their call; with `--human-only`, turns a model wrote have `weight: 0`.',
  'openai-dpo': "The pairs of `trl-dpo`, in OpenAI's preference shape.",
  'customer-sft':
    "The customer's side as the target: the agent's words as `user`, the customer's as `assistant`, the customer's goal as system (customer-side rows may carry it). Only episodes whose customer was a person or a strategy asked for.",
  'tau2-results':
    "A tau2-bench `results.json`: one simulation per conversation with tau2's messages, `reward_info` and `termination_reason`.",
  raw: 'The canonical trajectories as recorded; each line carries its `schemaVersion`.',
};
