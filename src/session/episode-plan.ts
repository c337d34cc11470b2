import type { Domain } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import { applyPersona, PERSONA_SPLIT, parsePersonaText } from './persona-file.ts';
import { pickTask, type TaskChoice } from './pick-task.ts';

/** What an episode is asked to play: a task of the domain, or a custom goal (persona text or file). */
export interface EpisodeChoice extends TaskChoice {
  /** A custom goal that replaces the task's: the episode then has no ground truth. */
  persona?: string;
  /** A persona file's content (see `PersonaFile`): its goal, records and optional ground truth. */
  personaFileText?: string;
  /** Names the persona file in errors (its path, or how it was given). */
  personaFileSource?: string;
}

/** What an episode plays, decided: the domain (with a persona file's records), the task, its goal. */
export interface EpisodePlan {
  domain: Domain;
  split: string;
  taskIndex: number;
  /** Set when the episode is unscored: the customer's goal replaces the task's. */
  persona?: string;
  /** The persona file's content when it plays one: kept with the episode, so a resume rebuilds it. */
  scenario?: string;
}

/**
 * Refuses options that cannot go together, before anything is loaded: a persona and a persona file; a
 * persona file with a task index or split (it is its own task).
 */
export function checkEpisodeChoice(options: {
  persona?: unknown;
  personaFile?: unknown;
  taskIndex?: unknown;
  taskSplit?: unknown;
}): void {
  if (options.persona !== undefined && options.personaFile !== undefined)
    throw new InputError('give a persona or a persona file, not both');
  if (
    options.personaFile !== undefined &&
    (options.taskIndex !== undefined || options.taskSplit !== undefined)
  )
    throw new InputError('a persona file is its own task: drop taskIndex and taskSplit');
}

/**
 * Decides what an episode plays, the same way in the library, the terminal and the server: a persona
 * file is its own one-task split (scored only when it gives a ground truth); otherwise the task is the one
 * named or drawn (`pickTask`), with the persona text, if any, as an unscored goal.
 */
export function planEpisode(domain: Domain, choice: EpisodeChoice): EpisodePlan {
  if (choice.personaFileText !== undefined) {
    const file = parsePersonaText(choice.personaFileText, choice.personaFileSource);
    const unscored = file.groundTruth === undefined ? { persona: file.instruction } : {};
    return {
      domain: applyPersona(domain, file).domain,
      split: PERSONA_SPLIT,
      taskIndex: 0,
      ...unscored,
      scenario: choice.personaFileText,
    };
  }
  if (choice.persona !== undefined && (typeof choice.persona !== 'string' || choice.persona.trim() === ''))
    throw new InputError("the persona is empty: write the customer's goal, or leave it out");
  const { split, taskIndex } = pickTask(domain, choice);
  return { domain, split, taskIndex, ...(choice.persona === undefined ? {} : { persona: choice.persona }) };
}
