/**
 * The text a model customer is given, for one reply only, when a person asks it to answer the agent's
 * last message again with a note ("be less cooperative"). Written for Sigma; version `regenerate-1`:
 * changing a word here means a new version, with this file kept as it is.
 */
export const REGENERATE_1 = 'regenerate-1';

/** Added to the system prompt for the regenerated reply; without a note, nothing is added. */
export function regenerationNote1(note: string): string {
  return [
    'The person running this simulation asked you to write your last message again, with this note. ' +
      'Follow it for this message while staying the same customer with the same situation:',
    '<note>',
    note,
    '</note>',
  ].join('\n');
}
