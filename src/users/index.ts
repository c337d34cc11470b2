// The simulated customers: re-exports only.
export { type CustomerDeps, createCustomer } from './create-customer.ts';
export { customerGoal } from './goal.ts';
export { type AskHuman, HumanCustomer } from './human-customer.ts';
export { LlmCustomer } from './llm-customer.ts';
export { oneMessage } from './message-text.ts';
export { ModelCustomer, type Written } from './model-customer.ts';
export { parseReact, ReactCustomer, type ReactParse } from './react-customer.ts';
export { ReflectionCustomer } from './reflection-customer.ts';
export { ReplayCustomer } from './replay-customer.ts';
export { parseVerdict, type Verdict } from './review-verdict.ts';
export { type Rejection, ReviewedCustomer } from './reviewed-customer.ts';
export { readIdentity } from './scripted/identity.ts';
export {
  SCRIPTED_MAX_REPLIES,
  SCRIPTED_MAX_UNCLEAR,
  ScriptedCustomer,
} from './scripted/scripted-customer.ts';
export { currentPromptVersion, customerConfig, PROMPT_VERSIONS } from './strategies.ts';
export { customerTurnsFromTraj } from './trajectory-turns.ts';
export { VerifyCustomer } from './verify-customer.ts';
