import { z } from 'zod';

/**
 * The customer strategies: how the simulated customer is played. This list is the one definition;
 * the trajectory record, the API's schemas, the CLI's options, the customers' factory and the core's
 * `CustomerStrategy` type derive from it. In the order they are listed to users.
 */
export const CUSTOMER_STRATEGIES = Object.freeze([
  'llm',
  'react',
  'verify',
  'reflection',
  'scripted',
  'replay',
  'human',
] as const);

export const CustomerStrategySchema = z.enum(CUSTOMER_STRATEGIES);

export type CustomerStrategy = (typeof CUSTOMER_STRATEGIES)[number];

/** The strategies played by a language model; the others need none. */
export const MODEL_STRATEGIES = Object.freeze(['llm', 'react', 'verify', 'reflection'] as const);

export type ModelStrategy = (typeof MODEL_STRATEGIES)[number];

/**
 * The strategies a user picks by name (`--user-strategy`, the API's `userStrategy`): the model ones and
 * `scripted`. A `replay` or `human` customer is set up by the program that replays or asks a person.
 */
export const SELECTABLE_STRATEGIES = Object.freeze([...MODEL_STRATEGIES, 'scripted'] as const);

export const SelectableStrategySchema = z.enum(SELECTABLE_STRATEGIES);

export function isCustomerStrategy(value: unknown): value is CustomerStrategy {
  return typeof value === 'string' && (CUSTOMER_STRATEGIES as readonly string[]).includes(value);
}

export function needsModel(strategy: CustomerStrategy): strategy is ModelStrategy {
  return (MODEL_STRATEGIES as readonly string[]).includes(strategy);
}
