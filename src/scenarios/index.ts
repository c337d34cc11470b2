// Scenarios: generating persona files (by a model or from Sigma's task programs) and checking them.

export {
  type Batch,
  type BatchOptions,
  type BatchSummary,
  generateScenarios,
  scenarioIntent,
} from './batch.ts';
export { appearsIn, checkScenario, type ScenarioCheck } from './check.ts';
export { type WrittenScenarioDomain, writeScenarioDomain } from './domain-folder.ts';
export { type GeneratedScenario, type GenerateScenarioOptions, generateScenario } from './generate.ts';
export {
  DEFAULT_ATTEMPTS,
  type ModelScenario,
  type ModelScenarioOptions,
  modelScenario,
} from './model-scenario.ts';
export { type OfflineOptions, offlineDrafter, offlineScenario } from './offline.ts';
export { inspirationTasks, proposalSchema } from './prompt.ts';
export { SCENARIO_PROMPT_VERSION, type ScenarioMeta, scenarioText, scenarioValue } from './scenario.ts';
