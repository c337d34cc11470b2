import {
  CUSTOMER_STRATEGIES,
  type CustomerStrategy,
  isCustomerStrategy,
  MODEL_STRATEGIES,
  needsModel,
} from '../contracts/customer.ts';
import type { Customer } from '../core/customer/types.ts';
import { InputError } from '../core/errors.ts';
import type { ModelClient } from '../core/model/types.ts';
import {
  configuredProviders,
  createModelClient,
  type Env,
  formatModelSpec,
  type ModelClientOptions,
  type ModelSpec,
  resolveModelSpec,
} from '../llm/index.ts';
import { type CustomerDeps, createCustomer, customerConfig } from '../users/index.ts';

/** The customer model tau-bench users know as the default (`--user-model gpt-4o --user-provider openai`). */
export const DEFAULT_USER_MODEL: ModelSpec = { provider: 'openai', model: 'gpt-4o' };

export interface CustomerChoice {
  userStrategy?: CustomerStrategy | string;
  userModel?: string;
  userProvider?: string;
  userTemperature?: number;
  userSeed?: number;
  /** A ready model client for the customer (tests, custom providers); wins over `userModel`. */
  model?: ModelClient;
  /** Where keys and base URLs are read (default `process.env`). */
  env?: Env;
  /** Options of the model client Sigma creates (timeouts, retries, concurrency). */
  modelOptions?: Omit<ModelClientOptions, 'env'>;
  replay?: CustomerDeps['replay'];
  human?: CustomerDeps['human'];
}

export interface ChosenCustomer {
  customer: Customer;
  /** A plain sentence on why this customer was chosen when the user did not choose it. */
  notice?: string;
}

export const SCRIPTED_NOTICE =
  "No customer model is configured, so the customer is Sigma's scripted customer: it answers from the task's facts without a language model, and before it says goodbye it checks the episode's data against its goal. " +
  'For an LLM customer set OPENAI_API_KEY (or another provider, see .env.example) or name one with --user-model/--user-provider.';

/**
 * The customer an episode gets. An explicit strategy is used as asked (a model strategy needs a model:
 * the named one, else the default `openai:gpt-4o`, whose key must then be set). With no strategy, a
 * named model means `llm`; otherwise `llm` with the default model when OpenAI is configured, and the
 * offline `scripted` customer when it is not, said plainly in `notice`.
 */
export function chooseCustomer(choice: CustomerChoice): ChosenCustomer {
  const env = choice.env ?? process.env;
  const named = choice.model !== undefined || choice.userModel !== undefined;
  let strategy: CustomerStrategy;
  let notice: string | undefined;
  if (choice.userStrategy !== undefined) {
    if (!isCustomerStrategy(choice.userStrategy)) {
      throw new InputError(
        `unknown customer strategy "${choice.userStrategy}": use one of ${CUSTOMER_STRATEGIES.join(', ')}`,
      );
    }
    strategy = choice.userStrategy;
  } else if (named || configuredProviders(env).includes(DEFAULT_USER_MODEL.provider)) {
    strategy = 'llm';
  } else {
    strategy = 'scripted';
    notice = SCRIPTED_NOTICE;
  }
  if (choice.userProvider !== undefined && choice.userModel === undefined && choice.model === undefined) {
    throw new InputError(
      `--user-provider ${choice.userProvider} needs --user-model too (e.g. --user-model gpt-4o --user-provider openai)`,
    );
  }
  if (!needsModel(strategy)) {
    if (named) {
      throw new InputError(
        `the ${strategy} customer uses no model: drop --user-model, or choose a model strategy (${MODEL_STRATEGIES.join(', ')})`,
      );
    }
    if (choice.userTemperature !== undefined) {
      throw new InputError(
        `the ${strategy} customer uses no model, so no temperature: drop --user-temperature, or choose a model strategy`,
      );
    }
    const config = customerConfig(strategy, choice.userSeed === undefined ? {} : { seed: choice.userSeed });
    return {
      customer: createCustomer(config, {
        ...(choice.replay === undefined ? {} : { replay: choice.replay }),
        ...(choice.human === undefined ? {} : { human: choice.human }),
      }),
      ...(notice === undefined ? {} : { notice }),
    };
  }
  const model =
    choice.model ??
    createModelClient(
      choice.userModel === undefined
        ? DEFAULT_USER_MODEL
        : resolveModelSpec({
            model: choice.userModel,
            ...(choice.userProvider === undefined ? {} : { provider: choice.userProvider }),
          }),
      { ...choice.modelOptions, env, role: 'customer' },
    );
  const config = customerConfig(strategy, {
    ...(choice.userTemperature === undefined ? {} : { temperature: choice.userTemperature }),
    ...(choice.userSeed === undefined ? {} : { seed: choice.userSeed }),
  });
  return { customer: createCustomer(config, { model }) };
}

/** `openai:gpt-4o`, or the strategy for customers without a model: for headers and logs. */
export function describeCustomer(customer: Customer): string {
  const { strategy, provider, model } = customer.config;
  if (provider !== undefined && model !== undefined) {
    return `${strategy} (${formatModelSpec({ provider: provider as ModelSpec['provider'], model })})`;
  }
  return strategy;
}
