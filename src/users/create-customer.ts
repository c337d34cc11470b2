import {
  CUSTOMER_STRATEGIES,
  isCustomerStrategy,
  type ModelStrategy,
  needsModel,
} from '../contracts/customer.ts';
import type { Customer, CustomerConfig } from '../core/customer/types.ts';
import { InputError } from '../core/errors.ts';
import type { ModelClient } from '../core/model/types.ts';
import { type AskHuman, HumanCustomer } from './human-customer.ts';
import { LlmCustomer } from './llm-customer.ts';
import { ReactCustomer } from './react-customer.ts';
import { ReflectionCustomer } from './reflection-customer.ts';
import { ReplayCustomer } from './replay-customer.ts';
import { ScriptedCustomer } from './scripted/scripted-customer.ts';
import { PROMPT_VERSIONS } from './strategies.ts';
import { VerifyCustomer } from './verify-customer.ts';

/** What the strategies need besides their configuration. */
export interface CustomerDeps {
  /** The model that plays `llm`, `react`, `verify` and `reflection`. */
  model?: ModelClient;
  /** The customer turns to replay (see `customerTurnsFromTraj`). */
  replay?: { turns: readonly string[] };
  /** How the `human` customer asks the person for each message. */
  human?: { ask: AskHuman };
}

const NAME_A_MODEL =
  'name one with --user-model and --user-provider (e.g. --user-model gpt-4o --user-provider openai) ' +
  'or as one string such as openai:gpt-4o';

/**
 * Builds the customer a configuration describes, after checking it. The customer's `config` is what
 * gets recorded with the episode: for a model strategy it names the model actually used.
 */
export function createCustomer(config: CustomerConfig, deps: CustomerDeps = {}): Customer {
  const strategy: unknown = config?.strategy;
  if (!isCustomerStrategy(strategy)) {
    throw new InputError(
      `unknown customer strategy ${JSON.stringify(strategy)}: use one of ${CUSTOMER_STRATEGIES.join(', ')}`,
    );
  }
  const versions = PROMPT_VERSIONS[strategy];
  if (!versions.includes(config.promptVersion)) {
    throw new InputError(
      `the ${strategy} customer has no prompt version ${JSON.stringify(config.promptVersion)}: use ${versions.join(' or ')}`,
    );
  }
  if (config.temperature !== undefined && !(Number.isFinite(config.temperature) && config.temperature >= 0)) {
    throw new InputError(`the customer temperature must be a number >= 0, got ${String(config.temperature)}`);
  }
  if (config.seed !== undefined && !Number.isSafeInteger(config.seed)) {
    throw new InputError(`the customer seed must be a whole number, got ${String(config.seed)}`);
  }
  if (!needsModel(strategy)) {
    const unused = (['provider', 'model', 'temperature'] as const).filter((key) => config[key] !== undefined);
    if (unused.length > 0) {
      throw new InputError(
        `the ${strategy} customer uses no model: remove ${unused.join(', ')} from its configuration (it would be recorded but not used)`,
      );
    }
  }
  switch (strategy) {
    case 'llm':
    case 'react':
    case 'verify':
    case 'reflection':
      return modelCustomer(strategy, config, deps.model);
    case 'scripted':
      return new ScriptedCustomer({ ...config });
    case 'replay':
      if (deps.replay === undefined) {
        throw new InputError(
          'the replay customer needs the recorded conversation whose customer turns it replays',
        );
      }
      return new ReplayCustomer({ ...config }, deps.replay.turns);
    case 'human':
      if (deps.human === undefined) {
        throw new InputError('the human customer needs a way to ask the person (a terminal or the web page)');
      }
      return new HumanCustomer({ ...config }, deps.human.ask);
  }
}

function modelCustomer(
  strategy: ModelStrategy,
  config: CustomerConfig,
  model: ModelClient | undefined,
): Customer {
  if (model === undefined) throw new InputError(`the ${strategy} customer needs a model: ${NAME_A_MODEL}`);
  for (const key of ['provider', 'model'] as const) {
    if (config[key] !== undefined && config[key] !== model[key]) {
      throw new InputError(
        `the customer configuration names ${key} "${config[key]}" but the model client is ${model.provider}:${model.model}`,
      );
    }
  }
  const recorded: CustomerConfig = { ...config, provider: model.provider, model: model.model };
  if (strategy === 'llm') return new LlmCustomer(recorded, model);
  if (strategy === 'react') return new ReactCustomer(recorded, model);
  if (strategy === 'verify') return new VerifyCustomer(recorded, model);
  return new ReflectionCustomer(recorded, model);
}
