import type { Customer } from '../core/customer/types.ts';
import type { Domain } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import { createModelClient, type Env, isProviderName, type ModelClientOptions } from '../llm/index.ts';
import { checkDomainName, type DomainRegistry } from '../registry/index.ts';
import { chooseCustomer } from '../session/customer-choice.ts';
import { applyPersona, PERSONA_SPLIT, parsePersonaText } from '../session/persona-file.ts';
import { pickTask } from '../session/pick-task.ts';
import { SimulatorSession } from '../session/simulator-session.ts';
import type { SessionRow, SessionSetupRecord } from '../store/index.ts';
import { createCustomer, customerConfig, isCustomerStrategy, needsModel } from '../users/index.ts';
import { DeferredModelClient } from './deferred-model-client.ts';
import { DomainLoadFailure } from './http-errors.ts';
import { ReplayingCustomer } from './replaying-customer.ts';

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
  maxTurns?: number;
}

/** Everything a new session is made of, decided once and stored, so it can be built again. */
export interface ResolvedSetup {
  domainName: string;
  /** The domain it plays (with a persona file's records, when it has one). */
  domain: Domain;
  split: string;
  taskIndex: number;
  setup: SessionSetupRecord;
  customer: Customer;
  notice?: string;
}

/**
 * Checks a request the way `SimulatorCore` checks its options, draws the task when none is named
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
  const setup: SessionSetupRecord = { customer: { strategy: 'scripted' } };
  if (input.persona !== undefined && input.personaFile !== undefined)
    throw new InputError('give a persona or a persona file, not both');
  if (input.persona !== undefined) {
    if (input.persona.trim() === '')
      throw new InputError("the persona is empty: write the customer's goal, or leave it out");
    setup.persona = input.persona;
  }
  if (input.personaFile !== undefined) {
    if (input.taskIndex !== undefined || input.taskSplit !== undefined)
      throw new InputError('a persona file is its own task: drop taskIndex and taskSplit');
    setup.personaFile =
      typeof input.personaFile === 'string' ? input.personaFile : JSON.stringify(input.personaFile);
  }
  if (input.maxTurns !== undefined) setup.maxTurns = input.maxTurns;
  const { domain, split, taskIndex } = chooseTask(base, setup, input);
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
    domain,
    split,
    taskIndex,
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
): Promise<{ domain: Domain; customer: Customer }> {
  let domain = await loadDomain(registry, row.domain);
  if (row.setup.personaFile !== undefined) {
    domain = applyPersona(domain, parsePersonaText(row.setup.personaFile, 'personaFile')).domain;
  }
  return { domain, customer: rebuildCustomer(row.setup.customer, env, modelOptions) };
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
    createModelClient({ provider, model }, { ...modelOptions, env }),
  );
  return createCustomer(config, { model: client });
}

/** A session object for a setup; its customer is wrapped so a stored session can be replayed into it. */
export function newSession(
  id: string,
  domain: Domain,
  split: string,
  taskIndex: number,
  setup: SessionSetupRecord,
  customer: Customer,
): { session: SimulatorSession; customer: ReplayingCustomer } {
  const wrapper = new ReplayingCustomer(customer);
  let persona = setup.persona;
  if (setup.personaFile !== undefined) {
    // As SimulatorCore does: a persona file without ground truth is unscored, like a persona text.
    const file = parsePersonaText(setup.personaFile, 'personaFile');
    if (file.groundTruth === undefined) persona = file.instruction;
  }
  const session = new SimulatorSession(
    {
      domain,
      split,
      taskIndex,
      customer: wrapper,
      ...(persona === undefined ? {} : { persona }),
      ...(setup.maxTurns === undefined ? {} : { maxTurns: setup.maxTurns }),
    },
    id,
  );
  return { session, customer: wrapper };
}

function chooseTask(
  domain: Domain,
  setup: SessionSetupRecord,
  input: CreateSessionInput,
): { domain: Domain; split: string; taskIndex: number } {
  if (setup.personaFile !== undefined) {
    const persona = parsePersonaText(setup.personaFile, 'personaFile');
    return { domain: applyPersona(domain, persona).domain, split: PERSONA_SPLIT, taskIndex: 0 };
  }
  // The same choice as SimulatorCore's, so a seed picks the same task in the library and the server.
  return { domain, ...pickTask(domain, input) };
}

/** The fields that have a value (the options objects here take absent, not undefined). */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) out[key as keyof T] = value as T[keyof T];
  return out;
}
