// Sigma's public library API: re-exports only.
export { assembleDomain, type DomainParts, findToolKit, pickToolKit } from './core/domain/assemble.ts';
export {
  type DomainFolder,
  detectLayout,
  findDomainFolders,
  loadDomainFolder,
  loadDomains,
  renderUserScenario,
} from './core/domain/loaders/index.ts';
export {
  type Action,
  type Domain,
  type DomainSource,
  type Flavour,
  type Layout,
  RESPOND_ACTION,
  type Task,
  type ToolKit,
} from './core/domain/types.ts';
export { type EndReason, Episode, STOP_MARKER, type StepResult } from './core/episode/episode.ts';
export { ConflictError, DataError, InputError, NotFoundError, SigmaError } from './core/errors.ts';
export * from './core/python/index.ts';
export {
  expectedState,
  expectedStateHash,
  outputSaid,
  type RewardBreakdown,
  type RewardResult,
  type TauBenchRewardInfo,
  tauBenchReward,
} from './core/reward/tau-bench.ts';
export * from './core/state/index.ts';
export { callTool, type ToolCallResult } from './core/tools/dispatch.ts';
export {
  argList,
  argString,
  type JsonSchema,
  keyError,
  lookup,
  type ToolDefinition,
  ToolError,
} from './core/tools/tool.ts';
export { type ValidateOptions, validateValue } from './core/tools/validate.ts';
export { builtInToolKits } from './domains/toolkits.ts';
export { DomainCatalog } from './evaluation/domains.ts';
export {
  isTauBenchVectors,
  type ParityReport,
  parityAgrees,
  runTauBenchParity,
} from './evaluation/parity.ts';
export { guessDomain, type RescoreReport, rescoreTrajectories } from './evaluation/rescore.ts';
export { VERSION } from './version.ts';
