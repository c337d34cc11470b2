// Who plays the agent: re-exports only.
export {
  applyDecision,
  type Decided,
  type Decision,
  type Draft,
  decide,
  draft,
  draftFor,
} from './copilot.ts';
export { type AskAgent, checkAction, HumanAgent } from './human-agent.ts';
export { LlmAgent, type LlmAgentOptions } from './llm-agent.ts';
export { modelMessages, readModelAnswer } from './model-answer.ts';
export { DEFAULT_MAX_STEPS, type PlayOptions, type PlayResult, playEpisode } from './play-episode.ts';
export { LLM_AGENT_PROMPT_VERSIONS } from './prompts.ts';
export { ReplayAgent } from './replay-agent.ts';
export {
  type AgentSeat,
  agentTools,
  authorOf,
  type CopilotSeat,
  contextOf,
  performAction,
  type SeatOutcome,
} from './seat.ts';
export {
  type Agent,
  type AgentConfig,
  type AgentContext,
  type AgentKind,
  type AgentTool,
  type AgentTurn,
  agentLabel,
} from './types.ts';
