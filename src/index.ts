// Sigma's public library API: re-exports only, each by name. The engine's internals and the Python
// value model are in `sigma-simulator/engine`; test doubles are in `sigma-simulator/testing`. What is
// here: the trajectory contract, errors, domains and their loaders, the registry, customers, model
// clients, SimulatorCore and its session, parity and re-scoring, the generators of Sigma's domains, and
// the export of trajectories as training data.

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
  type Annotation,
  type AnnotationInput,
  AnnotationInputSchema,
  type AnnotationPatch,
  ERROR_SOURCES,
  ERROR_TYPES,
  type ErrorSource,
  type ErrorType,
  RATINGS,
  type Rating,
} from './contracts/annotation.ts';
export {
  CUSTOMER_STRATEGIES,
  CustomerStrategySchema,
  isCustomerStrategy,
  MODEL_STRATEGIES,
  type ModelStrategy,
  needsModel,
  SELECTABLE_STRATEGIES,
} from './contracts/customer.ts';
export { SESSION_EVENTS, type SessionEventName } from './contracts/events.ts';
export {
  type Author,
  type Proposal,
  type ProposedAction,
  type ToolCall,
  TRAJECTORY_SCHEMA_VERSION,
  type Trajectory,
  type TrajectoryMessage,
  type TrajectoryReward,
  TrajectorySchema,
} from './contracts/trajectory.ts';
export type {
  Customer,
  CustomerConfig,
  CustomerContext,
  CustomerMemory,
  CustomerStrategy,
} from './core/customer/types.ts';
export { type DomainExtension, extendDomain } from './core/domain/extend.ts';
export { type GroundTruthReplay, replayGroundTruth } from './core/domain/ground-truth.ts';
export {
  type DomainFolder,
  detectLayout,
  findDomainFolders,
  loadDomainFolder,
  loadDomains,
} from './core/domain/loaders/index.ts';
export type {
  EndReason,
  EpisodeScore,
  Flavour,
  FlavourName,
  Judge,
  JudgeRequest,
  JudgeVerdict,
} from './core/domain/types.ts';
export {
  type Action,
  type Domain,
  type DomainSource,
  type Layout,
  RESPOND_ACTION,
  type Task,
  type ToolKit,
} from './core/domain/types.ts';
export { STOP_MARKER } from './core/episode/episode.ts';
export {
  AgentError,
  CancelledError,
  ConfigurationError,
  ConflictError,
  DataError,
  InputError,
  InternalError,
  isOperationalError,
  ModelError,
  type ModelFailureKind,
  NotFoundError,
  SigmaError,
  StorageError,
} from './core/errors.ts';
export type {
  ModelClient,
  ModelRequest,
  ModelResponse,
  ModelToolCall,
  ModelUsage,
} from './core/model/types.ts';
export type { PyDict, PyValue } from './core/python/value.ts';
export type { JsonSchema, ToolDefinition } from './core/tools/tool.ts';
export { buildAirlineDomain, writeAirlineDomain } from './domains/airline/generate/index.ts';
export { buildRetailDomain, writeRetailDomain } from './domains/retail/generate/index.ts';
export { builtInToolKits } from './domains/toolkits.ts';
export {
  isTauBenchVectors,
  type ParityReport,
  parityAgrees,
  runTauBenchParity,
} from './evaluation/parity.ts';
export { modelJudge } from './evaluation/tau2/judge.ts';
export { isTau2Vectors, runTau2Parity, type Tau2ParityReport } from './evaluation/tau2-parity.ts';
export {
  type AnnotationsLike,
  type CheckReport,
  checkExport,
  EXPORT_FORMATS,
  type ExportFilters,
  type ExportFormatName,
  type ExportOptions,
  type ExportResult,
  type ExportSink,
  exportTrajectories,
} from './exports/index.ts';
export { type LoadDotEnvOptions, type LoadedDotEnv, loadDotEnv } from './llm/dot-env.ts';
export {
  createModelClient,
  createModelClientFromLanguageModel,
  type ModelClientOptions,
} from './llm/model-client.ts';
export { type ModelSpec, resolveModelSpec } from './llm/model-spec.ts';
export { type Env, hasAnyModelConfigured } from './llm/provider-config.ts';
export { PROVIDER_NAMES, type ProviderName } from './llm/providers.ts';
export { dataHome } from './registry/data-home.ts';
export {
  checkDomainName,
  type DomainEntry,
  type DomainOrigin,
  DomainRegistry,
  type RegistryOptions,
} from './registry/registry.ts';
export {
  type BatchSummary,
  checkScenario,
  type GeneratedScenario,
  type GenerateScenarioOptions,
  generateScenario,
  generateScenarios,
  type ScenarioCheck,
} from './scenarios/index.ts';
export type { CustomerChoice } from './session/customer-choice.ts';
export { applyPersona, type PersonaFile, readPersonaFile } from './session/persona-file.ts';
export { resumeSession } from './session/replay.ts';
export { guessDomain, type RescoreReport, rescoreTrajectories } from './session/rescore.ts';
export { SimulatorCore, type SimulatorCoreOptions } from './session/simulator-core.ts';
export {
  DEFAULT_MAX_TURNS,
  type FinalResult,
  type SessionSetup,
  SIMULATOR_EVENTS,
  type SimulatorEvents,
  SimulatorSession,
  type StepOutcome,
} from './session/simulator-session.ts';
export { type CustomerDeps, createCustomer } from './users/create-customer.ts';
export { type AskHuman, HumanCustomer } from './users/human-customer.ts';
export { LlmCustomer } from './users/llm-customer.ts';
export { ReactCustomer } from './users/react-customer.ts';
export { ReflectionCustomer } from './users/reflection-customer.ts';
export { ReplayCustomer } from './users/replay-customer.ts';
export { ScriptedCustomer } from './users/scripted/scripted-customer.ts';
export { customerConfig } from './users/strategies.ts';
export { VerifyCustomer } from './users/verify-customer.ts';
export { VERSION } from './version.ts';
