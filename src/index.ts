// Sigma's public library API: re-exports only.

export {
  type Agent,
  type AgentConfig,
  type AgentContext,
  type AgentSeat,
  type AgentTurn,
  applyDecision,
  type CopilotSeat,
  type Decision,
  type Draft,
  decide,
  draft,
  draftFor,
  HumanAgent,
  LlmAgent,
  playEpisode,
  ReplayAgent,
} from './agents/index.ts';
export {
  type Proposal,
  type ProposedAction,
  type Trajectory,
  type TrajectoryMessage,
  TrajectorySchema,
} from './contracts/trajectory.ts';
export type {
  Customer,
  CustomerConfig,
  CustomerContext,
  CustomerMemory,
  CustomerStrategy,
} from './core/customer/types.ts';
export { assembleDomain, type DomainParts, findToolKit, pickToolKit } from './core/domain/assemble.ts';
export { type DomainExtension, extendDomain } from './core/domain/extend.ts';
export type {
  EpisodeScore,
  Flavour,
  FlavourName,
  Judge,
  JudgeRequest,
  JudgeVerdict,
} from './core/domain/flavour.ts';
export { type GroundTruthReplay, replayGroundTruth } from './core/domain/ground-truth.ts';
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
  type Layout,
  RESPOND_ACTION,
  type Task,
  type ToolKit,
} from './core/domain/types.ts';
export { type EndReason, Episode, STOP_MARKER, type StepResult } from './core/episode/episode.ts';
export { ConflictError, DataError, InputError, NotFoundError, SigmaError } from './core/errors.ts';
export {
  expectedState,
  expectedStateHash,
  outputSaid,
  type RewardBreakdown,
  type RewardResult,
  type TauBenchRewardInfo,
  tauBenchReward,
} from './core/flavours/tau-bench/index.ts';
export type {
  ModelClient,
  ModelRequest,
  ModelResponse,
  ModelToolCall,
  ModelUsage,
} from './core/model/types.ts';
export * from './core/python/index.ts';
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
export {
  type AirlineDatabase,
  buildAirlineDomain,
  generateAirlineDatabase,
  generateAirlineTasks,
  writeAirlineDomain,
} from './domains/airline/generate/index.ts';
export {
  buildRetailDomain,
  generateRetailDatabase,
  generateRetailTasks,
  type RetailDatabase,
  writeRetailDomain,
} from './domains/retail/generate/index.ts';
export { builtInToolKits } from './domains/toolkits.ts';
export { DomainCatalog } from './evaluation/domains.ts';
export {
  isTauBenchVectors,
  type ParityReport,
  parityAgrees,
  runTauBenchParity,
} from './evaluation/parity.ts';
export * from './llm/index.ts';
export * from './registry/index.ts';
export * from './session/index.ts';
export { guessDomain, type RescoreReport, rescoreTrajectories } from './session/rescore.ts';
export * from './users/index.ts';
export { VERSION } from './version.ts';
