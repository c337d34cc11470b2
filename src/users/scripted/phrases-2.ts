import { STOP_MARKER } from '../../core/episode/episode.ts';

/** The further phrases of the scripted customer's version `scripted-2` (its own wording). */
export const PHRASES_2 = {
  /** The agent said it is done, but the data is not as the customer wants it. */
  notDone: [
    "I'm afraid it doesn't look done on my side yet. ",
    "Sorry, I don't think that has gone through. ",
    'Are you sure? As far as I can tell nothing has changed yet. ',
  ],
  /** The agent moved on (or asked for anything else) while the request is still open. */
  stillOpen: ['Before we finish: ', 'I still need help with my request: ', 'My request is still open: '],
  /** A first refusal: the customer asks once more. */
  pushBack: [
    'I understand, but could you please check again whether there is any way? ',
    'Is there really nothing you can do? ',
  ],
  /** A refusal repeated: the customer accepts it and leaves. */
  acceptRefusal: [`Alright, I understand it cannot be done. Thank you anyway. ${STOP_MARKER}`],
  /** The answer to an open question ("How can I help?"). */
  openAnswer: ['', 'Thanks. '],
};

/**
 * An open question that invites the customer to say what they need ("How can I help you?",
 * "What can I do for you today?").
 */
export const INVITATION =
  /\b(?:how (?:can|may|could|might) (?:i|we) (?:help|assist)|what can (?:i|we) do for you|what (?:do you need|brings you|would you like)|how can i be of (?:help|assistance))\b/i;
