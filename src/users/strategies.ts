import type { CustomerStrategy } from '../contracts/customer.ts';
import type { CustomerConfig } from '../core/customer/types.ts';

// The list of strategies, and which need a model, are defined in `contracts/customer.ts`.

/**
 * The behaviour versions each strategy knows, oldest first. A model strategy's version names its
 * prompt texts (and its attempt limits); the others name their rules, so a recorded episode says
 * exactly how its customer behaved. A new wording is a new version: old ones are kept as they were.
 */
export const PROMPT_VERSIONS: Readonly<Record<CustomerStrategy, readonly string[]>> = Object.freeze({
  llm: ['llm-1'],
  react: ['react-1'],
  verify: ['verify-1'],
  reflection: ['reflection-1'],
  scripted: ['scripted-1', 'scripted-2'],
  replay: ['replay-1'],
  human: ['human-1'],
});

/** The newest version of a strategy's prompts and rules. */
export function currentPromptVersion(strategy: CustomerStrategy): string {
  return PROMPT_VERSIONS[strategy].at(-1)!;
}

/** A configuration for a strategy at its newest version; `options` adds model, temperature or seed. */
export function customerConfig(
  strategy: CustomerStrategy,
  options: Omit<CustomerConfig, 'strategy' | 'promptVersion'> & { promptVersion?: string } = {},
): CustomerConfig {
  return { strategy, ...options, promptVersion: options.promptVersion ?? currentPromptVersion(strategy) };
}
