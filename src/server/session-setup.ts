import { isCustomerStrategy, needsModel } from '../contracts/customer.ts';
import type { Customer } from '../core/customer/types.ts';
import type { Domain } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import {
  createModelClient,
  type Env,
  isProviderName,
  type ModelClientOptions,
  resolveModelSpec,
} from '../llm/index.ts';
import { checkDomainName, type DomainRegistry } from '../registry/index.ts';
import { chooseCustomer } from '../session/customer-choice.ts';
import { checkEpisodeChoice, type EpisodePlan, planEpisode } from '../session/episode-plan.ts';
import { ReplayingCustomer } from '../session/replaying-customer.ts';
import { SimulatorSession } from '../session/simulator-session.ts';
import type { SessionRow, SessionSetupRecord } from '../store/index.ts';
import { createCustomer, customerConfig } from '../users/index.ts';
import { DeferredModelClient } from './deferred-model-client.ts';
import { DomainLoadFailure } from './http-errors.ts';
import { generatedScenario } from './scenario-source.ts';

/** Options of the customers' model clients (timeouts, retries); where keys are read is `env`. */
export type ModelOptions = Omit<ModelClientOptions, 'env'>;

/**
 * A domain of the registry by name. An unknown name is the client's mistake (`InputError`); a domain
 * that fails to load is the server's (its folder is broken): the detail, which names files on this
 * machine, goes to the server log, and the client learns only which domain failed.
 */
export async function loadDomain(registry: DomainRegistry, name: string): Promise<Domain> {
  const entry = registry.entry(checkDomainName(name));
  try {
    return await registry.get(entry.name);
  } catch (error) {
    throw new DomainLoadFailure(entry.name, { cause: error });
  }
}

/** What `POST /sessions` asks for (validated by the API schema first). */
export interface CreateSessionInput {
  envName: string;
  taskIndex?: number;
  taskSplit?: string;
  seed?: number;
  userStrategy?: string;
  userModel?: string;
  userProvider?: string;
  userTemperature?: number;
  userSeed?: number;
  persona?: string;
  /** A persona file's content: its JSON text, or the parsed object. */
  personaFile?: string | Record<string, unknown>;
  /** Play a newly generated scenario (stored as the session's persona file). */
  generateScenario?: boolean;
  /** With `generateScenario`: what the scenario is about. */
  describe?: string;
  maxTurns?: number;
  /** The copilot's model for the session's drafts (`provider:model`, or with `agentProvider`). */
  agentModel?: string;
  agentProvider?: string;
}

/** Everything a new session is made of, decided once and stored, so it can be built again. */
export interface ResolvedSetup extends EpisodePlan {
  domainName: string;
  setup: SessionSetupRecord;
  customer: Customer;
  notice?: string;
}

/**
 * Checks a request as `SimulatorCore` checks its options, draws the task when none is named
 * (reproducibly with `seed`), and builds the customer (a model customer without a key fails here).
 */
export async function resolveSetup(
  registry: DomainRegistry,
  input: CreateSessionInput,
  env: Env,
  modelOptions: ModelOptions = {},
): Promise<ResolvedSetup> {
  const domainName = checkDomainName(input.envName);
  const base = await loadDomain(registry, domainName);
  checkEpisodeChoice(input);
  const setup: SessionSetupRecord = { customer: { strategy: 'scripted' } };
  if (input.persona !== undefined) setup.persona = input.persona;
  if (input.generateScenario === true || input.describe !== undefined) {
    setup.personaFile = await generatedScenario(registry, domainName, input, env);
  }
  if (input.personaFile !== undefined) {
    setup.personaFile =
      typeof input.personaFile === 'string' ? input.personaFile : JSON.stringify(input.personaFile);
  }
  if (input.maxTurns !== undefined) setup.maxTurns = input.maxTurns;
  if (input.agentProvider !== undefined && input.agentModel === undefined)
    throw new InputError(
      'agentProvider needs agentModel too (e.g. "agentModel": "gpt-4o", "agentProvider": "openai")',
    );
  if (input.agentModel !== undefined) {
    const spec = resolveModelSpec({
      model: input.agentModel,
      ...(input.agentProvider === undefined ? {} : { provider: input.agentProvider }),
    });
    setup.agent = { provider: spec.provider, model: spec.model };
  }
  // The same choice as SimulatorCore's, so a seed picks the same task in the library and the server.
  const { seed: _drawn, ...choice } = input;
  const plan = planEpisode(base, {
    ...(setup.personaFile === undefined ? input : choice),
    ...personaFileOf(setup),
  });
  const chosen = chooseCustomer({
    ...definedOnly({
      userStrategy: input.userStrategy,
      userModel: input.userModel,
      userProvider: input.userProvider,
      userTemperature: input.userTemperature,
      userSeed: input.userSeed,
    }),
    env,
    modelOptions,
  });
  const { strategy, provider, model, temperature, seed, promptVersion } = chosen.customer.config;
  setup.customer = { strategy, ...definedOnly({ provider, model, temperature, seed, promptVersion }) };
  return {
    domainName,
    ...plan,
    setup,
    customer: chosen.customer,
    ...(chosen.notice === undefined ? {} : { notice: chosen.notice }),
  };
}

/**
 * The domain and a fresh customer of a stored session, to replay it: the customer exactly as recorded
 * (strategy, prompt version, model, temperature, seed). A model customer's client is made on its first
 * call, so a server without the model's key still shows the session (see `DeferredModelClient`).
 */
export async function rebuildSetup(
  registry: DomainRegistry,
  row: SessionRow,
  env: Env,
  modelOptions: ModelOptions = {},
): Promise<{ plan: EpisodePlan; customer: Customer }> {
  const base = await loadDomain(registry, row.domain);
  const plan = planEpisode(base, {
    taskSplit: row.split,
    taskIndex: row.taskIndex,
    ...(row.setup.persona === undefined ? {} : { persona: row.setup.persona }),
    ...personaFileOf(row.setup),
  });
  return { plan, customer: rebuildCustomer(row.setup.customer, env, modelOptions) };
}

/** A stored persona file's content, as `planEpisode` takes it. */
function personaFileOf(setup: SessionSetupRecord): { personaFileText?: string; personaFileSource?: string } {
  if (setup.personaFile === undefined) return {};
  return { personaFileText: setup.personaFile, personaFileSource: 'personaFile' };
}

function rebuildCustomer(c: SessionSetupRecord['customer'], env: Env, modelOptions: ModelOptions): Customer {
  if (!isCustomerStrategy(c.strategy)) throw new InputError(`unknown customer strategy "${c.strategy}"`);
  const config = customerConfig(c.strategy, {
    ...definedOnly({ temperature: c.temperature, seed: c.seed, promptVersion: c.promptVersion }),
  });
  if (!needsModel(c.strategy)) return createCustomer(config);
  const { provider, model } = c;
  if (provider === undefined || model === undefined || !isProviderName(provider))
    throw new InputError(`the stored ${c.strategy} customer names no known model (${provider}:${model})`);
  const client = new DeferredModelClient(provider, model, () =>
    createModelClient({ provider, model }, { ...modelOptions, env, role: 'customer' }),
  );
  return createCustomer(config, { model: client });
}

/** A session object for a plan; its customer is wrapped so a stored session can be replayed into it. */
export function newSession(
  id: string,
  plan: EpisodePlan,
  maxTurns: number | undefined,
  customer: Customer,
): { session: SimulatorSession; customer: ReplayingCustomer } {
  const wrapper = new ReplayingCustomer(customer);
  const { domain, split, taskIndex, persona, scenario } = plan;
  const session = new SimulatorSession(
    {
      domain,
      split,
      taskIndex,
      customer: wrapper,
      ...(persona === undefined ? {} : { persona }),
      ...(scenario === undefined ? {} : { scenario }),
      ...(maxTurns === undefined ? {} : { maxTurns }),
    },
    id,
  );
  return { session, customer: wrapper };
}

/** The fields that have a value (the options objects here take absent, not undefined). */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) out[key as keyof T] = value as T[keyof T];
  return out;
}
