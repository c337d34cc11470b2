import { resolve } from 'node:path';
import { DEBUG_VARIABLE, modelDebugLog } from '../llm/index.ts';

export const DEBUG_FLAG_HELP =
  'log every model prompt and reply (customer, copilot agent, judge), keys redacted, to FILE or stderr (as DEBUG_SIMULATOR=1|FILE)';

/**
 * `--debug [FILE]`: sets `DEBUG_SIMULATOR` for every model client the command makes (stderr without a
 * file), and checks now that the file can be written.
 */
export function applyDebugFlag(value: string | boolean | undefined): void {
  if (value === undefined || value === false) return;
  process.env[DEBUG_VARIABLE] = value === true ? '1' : resolve(value);
  modelDebugLog(process.env);
}
