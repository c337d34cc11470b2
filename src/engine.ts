// Sigma's engine, shipped as `sigma-simulator/engine`: re-exports only. It is what the public API
// (`sigma-simulator`) is built from: the Python value model, episode state, tool dispatch, the reward,
// the model layer's parts and the customers' building blocks. Less stable than the public API.

export { assembleDomain, type DomainParts, findToolKit, pickToolKit } from './core/domain/assemble.ts';
export { renderUserScenario } from './core/domain/loaders/index.ts';
export type { ConversationMessage, EnvFunction, ScoreInput } from './core/domain/types.ts';
export { Episode, type EpisodeTurn, type ScoreOptions, type StepResult } from './core/episode/episode.ts';
export { sigmaFlavour } from './core/flavours/sigma/index.ts';
export {
  expectedState,
  expectedStateHash,
  outputSaid,
  type RewardBreakdown,
  type RewardResult,
  type TauBenchRewardInfo,
  tauBenchFlavour,
  tauBenchReward,
} from './core/flavours/tau-bench/index.ts';
export {
  type Tau2Breakdown,
  type Tau2Message,
  type Tau2NlOutcome,
  type Tau2RewardResult,
  tau2Criteria,
  tau2ExpectedState,
  tau2Flavour,
  tau2MessagesFromActions,
  tau2Reward,
} from './core/flavours/tau2/index.ts';
export { compareCodePoints, type DumpsOptions, dumpString, pyDumps } from './core/python/dumps.ts';
export { floatRepr } from './core/python/float-repr.ts';
export { add, compare, isNum, mul, neg, sub, sum, toFloat } from './core/python/num.ts';
export { JsonSyntaxError, parsePyJson } from './core/python/parse.ts';
export { hashablePairRepr, hashableRepr, scalarRepr, strRepr, tupleRepr } from './core/python/repr.ts';
export { pyRound } from './core/python/round.ts';
export {
  cloneValue,
  deepFreeze,
  dictKeys,
  dictSet,
  fromJs,
  isArrayIndexKey,
  isDict,
  KEY_ORDER,
  MAX_NESTING,
  type PyDict,
  type PyNum,
  type PyValue,
  sameValue,
  setKeyOrder,
  toJs,
} from './core/python/value.ts';
export { BaseData, type Table } from './core/state/base-data.ts';
export { diffStates, type FieldChange, type RecordDiff, sameState } from './core/state/compare.ts';
export { tauBenchStateHash } from './core/state/hash.ts';
export { type Db, State, type StateSnapshot } from './core/state/state.ts';
export { tau2StateHash } from './core/state/tau2-hash.ts';
export { callTool, type ToolCallResult } from './core/tools/dispatch.ts';
export { argList, argString, keyError, lookup, ToolError } from './core/tools/tool.ts';
export { type ValidateOptions, validateValue } from './core/tools/validate.ts';
export {
  type AirlineDatabase,
  generateAirlineDatabase,
  generateAirlineTasks,
} from './domains/airline/generate/index.ts';
export {
  generateRetailDatabase,
  generateRetailTasks,
  type RetailDatabase,
} from './domains/retail/generate/index.ts';
export { classifyFailure, type Failure, isRetryableStatus } from './llm/classify-failure.ts';
export { ConcurrencyLimits, DEFAULT_CONCURRENCY, sharedConcurrencyLimits } from './llm/concurrency.ts';
export { createLanguageModel } from './llm/language-model.ts';
export { DEFAULT_TIMEOUT_MS, type RetryEvent } from './llm/model-client.ts';
export { formatModelSpec } from './llm/model-spec.ts';
export { costOf, type ModelPrice, priceOf } from './llm/prices.ts';
export { configuredProviders, type ProviderConfig, readProviderConfig } from './llm/provider-config.ts';
export {
  isProviderName,
  modelEnvironmentVariables,
  PROVIDERS,
  type ProviderInfo,
  providerList,
} from './llm/providers.ts';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryDelayMs } from './llm/retry-policy.ts';
export { BUILT_IN_DOMAINS, BUILT_IN_SEED, type BuiltInDomain } from './registry/built-in.ts';
export { domainsHome } from './registry/data-home.ts';
export {
  type ChosenCustomer,
  chooseCustomer,
  DEFAULT_USER_MODEL,
  describeCustomer,
  SCRIPTED_NOTICE,
} from './session/customer-choice.ts';
export { PERSONA_SPLIT } from './session/persona-file.ts';
export { type RecordedStep, ReplayMismatch, replayInto, trajectorySteps } from './session/replay.ts';
export { ReplayingCustomer } from './session/replaying-customer.ts';
export { customerGoal } from './users/goal.ts';
export { oneMessage } from './users/message-text.ts';
export { ModelCustomer, type Written } from './users/model-customer.ts';
export { parseReact, type ReactParse } from './users/react-customer.ts';
export { parseVerdict, type Verdict } from './users/review-verdict.ts';
export { type Rejection, ReviewedCustomer } from './users/reviewed-customer.ts';
export { readIdentity } from './users/scripted/identity.ts';
export { SCRIPTED_MAX_REPLIES, SCRIPTED_MAX_UNCLEAR } from './users/scripted/scripted-customer.ts';
export { currentPromptVersion, PROMPT_VERSIONS } from './users/strategies.ts';
export { customerTurnsFromTraj } from './users/trajectory-turns.ts';
