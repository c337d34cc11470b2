/**
 * List prices of common models, in US dollars per million tokens, for the cost shown with each
 * episode. Taken from the vendors' public price pages; last checked 2025-11-30. Prices change:
 * update the table and this date together. Where a vendor charges more for long prompts (Gemini
 * 2.5 Pro above 200k tokens), the table has the short-prompt price, which is what a customer
 * simulator's prompts are. Cached input is counted at the full input price, so costs are an upper
 * bound for providers that cache.
 */

export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

const p = (inputPerMillion: number, outputPerMillion: number): ModelPrice =>
  Object.freeze({ inputPerMillion, outputPerMillion });

const OPENAI: Record<string, ModelPrice> = {
  'gpt-5': p(1.25, 10),
  'gpt-5-mini': p(0.25, 2),
  'gpt-5-nano': p(0.05, 0.4),
  'gpt-4.1': p(2, 8),
  'gpt-4.1-mini': p(0.4, 1.6),
  'gpt-4.1-nano': p(0.1, 0.4),
  'gpt-4o': p(2.5, 10),
  'gpt-4o-2024-05-13': p(5, 15),
  'gpt-4o-mini': p(0.15, 0.6),
  'gpt-4-turbo': p(10, 30),
  'gpt-4': p(30, 60),
  'gpt-3.5-turbo': p(0.5, 1.5),
  o1: p(15, 60),
  'o1-mini': p(1.1, 4.4),
  o3: p(2, 8),
  'o3-mini': p(1.1, 4.4),
  'o4-mini': p(1.1, 4.4),
};

const ANTHROPIC: Record<string, ModelPrice> = {
  'claude-opus-4-5': p(5, 25),
  'claude-opus-4-1': p(15, 75),
  'claude-opus-4': p(15, 75),
  'claude-sonnet-4-5': p(3, 15),
  'claude-sonnet-4': p(3, 15),
  'claude-haiku-4-5': p(1, 5),
  'claude-3-7-sonnet': p(3, 15),
  'claude-3-5-sonnet': p(3, 15),
  'claude-3-5-haiku': p(0.8, 4),
  'claude-3-opus': p(15, 75),
  'claude-3-haiku': p(0.25, 1.25),
};

const GOOGLE: Record<string, ModelPrice> = {
  'gemini-2.5-pro': p(1.25, 10),
  'gemini-2.5-flash': p(0.3, 2.5),
  'gemini-2.5-flash-lite': p(0.1, 0.4),
  'gemini-2.0-flash': p(0.1, 0.4),
  'gemini-2.0-flash-lite': p(0.075, 0.3),
  'gemini-1.5-pro': p(1.25, 5),
  'gemini-1.5-flash': p(0.075, 0.3),
};

/** Which table a provider's model names are in. Azure deployments of OpenAI models cost what OpenAI's do. */
const TABLES: Record<string, Record<string, ModelPrice>> = {
  openai: OPENAI,
  azure: OPENAI,
  anthropic: ANTHROPIC,
  google: GOOGLE,
};

/**
 * The price of a model, or null when it is not known. A dated snapshot (`gpt-4o-2024-08-06`,
 * `claude-3-5-sonnet-20241022`) or a `-latest`/`-001` variant costs what its family costs unless the table
 * lists it. OpenAI-compatible servers are never priced: Sigma cannot know what they charge.
 */
export function priceOf(provider: string, model: string): ModelPrice | null {
  const table = TABLES[provider];
  if (table === undefined) return null;
  const id = model.toLowerCase().replace(/^models\//, '');
  if (Object.hasOwn(table, id)) return table[id]!;
  const family = id.replace(/-(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}|\d{3}|latest|preview)$/, '');
  return Object.hasOwn(table, family) ? table[family]! : null;
}

/** Dollars for a call's tokens; null when the price is unknown. */
export function costOf(price: ModelPrice | null, inputTokens: number, outputTokens: number): number | null {
  if (price === null) return null;
  return (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
}
