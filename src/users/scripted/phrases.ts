import { STOP_MARKER } from '../../core/episode/episode.ts';
import type { Identity, IdentityField } from './identity.ts';

/**
 * The scripted customer's fixed wordings (version `scripted-1`). Where there are several, one is
 * picked from the seed and the turn, so the same seed always gives the same conversation.
 */
export const PHRASES = {
  greeting: ['Hi!', 'Hello.', 'Hi there.'],
  yes: ['Yes, please go ahead.', 'Yes, that is right. Please proceed.', 'Yes, please do.'],
  thanksBye: [
    `No, that is all. Thank you! ${STOP_MARKER}`,
    `That is everything, thanks for your help. ${STOP_MARKER}`,
  ],
  transferBye: [`Okay, thank you. ${STOP_MARKER}`],
  refusalBye: [`I see. Thank you anyway. ${STOP_MARKER}`],
  alsoRequest: ['Thank you. One more thing: ', 'Thanks. There is also something else: '],
  unclear: ["Sorry, I am not sure what you need from me. Here is what I'm after: ", 'To repeat my request: '],
  giveUp: [`I don't think we are getting anywhere, so I will leave it here. Thank you. ${STOP_MARKER}`],
  timeUp: [`I have to go now. Thank you for your time. ${STOP_MARKER}`],
  repeat: ['As I said, '],
  acknowledge: ['Okay, thank you.', 'Alright, thanks.', 'I see, thank you.'],
} as const;

export function pick(options: readonly string[], seed: number, turn: number): string {
  // FNV-1a over the seed and turn: a fixed, platform-independent choice.
  let hash = 0x811c9dc5;
  for (const char of `${seed}:${turn}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return options[hash % options.length]!;
}

const LABELS: Record<IdentityField, string> = {
  userId: 'my user id',
  name: 'my name',
  zip: 'my zip code',
  email: 'my email',
  orderId: 'the order id',
  reservationId: 'the reservation id',
};

/**
 * The answer to a request for identity facts: the ones the customer has, an honest "I don't have" for
 * the rest, and when something asked is missing, the name and zip (or user id) not given yet instead,
 * so the agent can still find the account. Also says which fields it gave.
 */
export function identityAnswer(
  identity: Identity,
  asked: readonly IdentityField[],
  alreadyGiven: readonly IdentityField[] = [],
): { text: string; given: IdentityField[] } {
  const values = (field: IdentityField): string[] => {
    if (field === 'orderId') return identity.orderIds;
    if (field === 'reservationId') return identity.reservationIds;
    const value = identity[field];
    return value === undefined ? [] : [value];
  };
  const missing = asked.filter((field) => values(field).length === 0);
  const given = asked.filter((field) => values(field).length > 0);
  if (missing.length > 0) {
    for (const field of ['name', 'zip', 'userId'] as const) {
      if (!asked.includes(field) && !alreadyGiven.includes(field) && values(field).length > 0)
        given.push(field);
    }
  }
  const parts: string[] = [];
  if (missing.length > 0) {
    const what = missing.map((f) => LABELS[f]).join(' or ');
    const forgot = missing.every((f) => identity.forgotten.includes(f));
    parts.push(forgot ? `I don't remember ${what}.` : `I don't have ${what} at hand.`);
  }
  if (given.length > 0) {
    const said = given.map((field) => {
      const known = values(field);
      return `${LABELS[field]}${known.length > 1 ? 's are' : ' is'} ${known.join(' and ')}`;
    });
    const list = said.length === 1 ? said[0]! : `${said.slice(0, -1).join(', ')} and ${said.at(-1)}`;
    parts.push(`${missing.length > 0 ? 'But ' : ''}${list}.`);
  }
  const text = parts.join(' ');
  return { text: text.charAt(0).toUpperCase() + text.slice(1), given };
}
