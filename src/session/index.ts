// Episodes as users drive them: the SimulatorCore library API and the session under it.
export {
  type ChosenCustomer,
  type CustomerChoice,
  chooseCustomer,
  DEFAULT_USER_MODEL,
  describeCustomer,
  SCRIPTED_NOTICE,
} from './customer-choice.ts';
export { applyPersona, PERSONA_SPLIT, type PersonaFile, readPersonaFile } from './persona-file.ts';
export { SimulatorCore, type SimulatorCoreOptions } from './simulator-core.ts';
export {
  DEFAULT_MAX_TURNS,
  type FinalResult,
  type SessionSetup,
  SIMULATOR_EVENTS,
  type SimulatorEvents,
  SimulatorSession,
  type StepOutcome,
} from './simulator-session.ts';
