// The model layer: named models over the AI SDK, with timeouts, retries, per-provider limits and cost.
export { classifyFailure, type Failure, isRetryableStatus } from './classify-failure.ts';
export { ConcurrencyLimits, DEFAULT_CONCURRENCY, sharedConcurrencyLimits } from './concurrency.ts';
export { type LoadDotEnvOptions, type LoadedDotEnv, loadDotEnv } from './dot-env.ts';
export { createLanguageModel } from './language-model.ts';
export {
  createModelClient,
  createModelClientFromLanguageModel,
  DEFAULT_TIMEOUT_MS,
  type ModelClientOptions,
  type RetryEvent,
} from './model-client.ts';
export { DEBUG_VARIABLE, type ModelDebugLog, modelDebugLog, redact } from './model-debug.ts';
export { formatModelSpec, type ModelSpec, resolveModelSpec } from './model-spec.ts';
export { costOf, type ModelPrice, priceOf } from './prices.ts';
export {
  configuredProviders,
  type Env,
  hasAnyModelConfigured,
  type ProviderConfig,
  readProviderConfig,
} from './provider-config.ts';
export {
  isProviderName,
  modelEnvironmentVariables,
  PROVIDER_NAMES,
  PROVIDERS,
  type ProviderInfo,
  type ProviderName,
  providerList,
} from './providers.ts';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryDelayMs } from './retry-policy.ts';
