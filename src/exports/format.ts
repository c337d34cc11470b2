import type { z } from 'zod';
import type { Trajectory } from '../contracts/trajectory.ts';

/** The formats `sigma export --format` writes. */
export const EXPORT_FORMATS = [
  'trl-sft',
  'trl-dpo',
  'trl-kto',
  'grpo',
  'openai-sft',
  'openai-dpo',
  'customer-sft',
  'tau2-results',
  'raw',
] as const;

export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

/** How rows are made: what `sigma export` takes besides the selection. */
export interface RowOptions {
  /** `trl-sft`: one row per conversation, or one per agent turn with the history as the prompt. */
  granularity: 'episode' | 'turn';
  /** Put the policy first as the system message (agent-side formats). */
  system: boolean;
  /** Learn only from turns a person decided (`openai-sft` weights, `trl-sft` turns). */
  humanOnly: boolean;
  /** `trl-dpo`/`openai-dpo`: also pair episodes of the same task and prefix with different rewards. */
  pairsAcrossEpisodes: boolean;
  /** `customer-sft`: the customer strategies whose episodes are used (a person: `human`). */
  customerStrategies: readonly string[];
}

/** Rows for one JSON-lines format; `rows` is called once per selected trajectory, in order. */
export interface RowMaker {
  rows(t: Trajectory): Iterable<unknown>;
  /** Why a trajectory gave no row, when it did not (counted in the manifest). */
  readonly skipped: Map<string, number>;
}

export interface JsonLinesFormat {
  kind: 'jsonl';
  name: ExportFormatName;
  /** One line for the dataset card. */
  summary: string;
  /** Whether its rows are the agent's side (the hidden goal must never appear in them). */
  agentSide: boolean;
  schema: z.ZodType;
  /** Rules of the format's consumer beyond the schema: the first broken one, or undefined. */
  check?(row: unknown): string | undefined;
  create(options: RowOptions): RowMaker;
}

export function countSkip(skipped: Map<string, number>, reason: string): void {
  skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
}
