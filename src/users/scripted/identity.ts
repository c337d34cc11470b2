/** The facts an agent asks a customer for to find their account or booking. */
export type IdentityField = 'userId' | 'name' | 'zip' | 'email' | 'orderId' | 'reservationId';

export interface Identity {
  userId?: string;
  name?: string;
  zip?: string;
  email?: string;
  /** Order ids as the data writes them (`#W2378156`). */
  orderIds: string[];
  reservationIds: string[];
  /** Fields the goal says the customer does not remember or know. */
  forgotten: IdentityField[];
}

const USER_ID = /\b[a-z]+(?:_[a-z]+)+_\d{3,}\b/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const ZIP_LABELLED = /\bzip(?:\s*code)?\s*(?:is\s*)?:?\s*(\d{5})\b/i;
const ZIP_IN_IDENTITY =
  /\b(?:you are|you're|live|lives|living|reside|residing|from|located|in)\b[^.]*?\b(\d{5})\b/i;
// "You name is" (sic) is how many tau-bench and tau2 retail goals say it.
const NAME =
  /\b(?:[Yy]ou are|[Yy]ou're|[Yy]our? name is|[Nn]ame:)\s+(?:an?\s+[a-z\s]+?\s+(?:called|named)\s+)?([A-Z][a-z]+(?:\s[A-Z][a-z]+){0,2})\b/;
const ORDER_ID = /#W\d{5,}\b/g;
/** A reservation id: six capitals and digits, in a sentence about a reservation. */
const RESERVATION_ID = /\b[A-Z0-9]{6}\b/g;
const RESERVATION_TALK = /\b(?:reservations?|confirmation|booking)\b/i;
const FORGETS =
  /\b(?:do not|don't|does not|doesn't|cannot|can't|can not|not)\s+(?:remember(?:ed)?|recall(?:ed)?|know|known|have)\b[^.]*/gi;

/** Words that follow "You are" but are not a name. */
const NOT_NAMES = new Set(['In', 'Now', 'Not', 'Also', 'Currently', 'User']);

/**
 * Who the customer is, read from the task: its user id (the task's own, or one in the text), name,
 * zip code, email, order and reservation ids, and what the goal says they have forgotten.
 */
export function readIdentity(text: string, userId: string | undefined): Identity {
  const identity: Identity = { orderIds: [], reservationIds: [], forgotten: [] };
  const id = userId ?? USER_ID.exec(text)?.[0];
  if (id !== undefined) identity.userId = id;
  const email = EMAIL.exec(text)?.[0];
  if (email !== undefined) identity.email = email;
  const zip = ZIP_LABELLED.exec(text)?.[1] ?? ZIP_IN_IDENTITY.exec(text)?.[1];
  if (zip !== undefined) identity.zip = zip;
  const name = readName(text, id);
  if (name !== undefined) identity.name = name;
  identity.orderIds = unique(text.match(ORDER_ID) ?? []);
  identity.reservationIds = unique(
    text
      .split(/(?<=[.!?])\s+|\n+/)
      .filter((sentence) => RESERVATION_TALK.test(sentence))
      .flatMap((sentence) => sentence.match(RESERVATION_ID) ?? [])
      .filter((v) => /[A-Z]/.test(v)),
  );
  for (const clause of text.match(FORGETS) ?? []) {
    const lower = clause.toLowerCase();
    if (lower.includes('email')) identity.forgotten.push('email');
    if (/\b(?:reservation|confirmation|booking)\b/.test(lower)) identity.forgotten.push('reservationId');
    if (/\border (?:id|number)\b/.test(lower)) identity.forgotten.push('orderId');
    if (/\buser ?id\b/.test(lower)) identity.forgotten.push('userId');
    if (/\bzip\b/.test(lower)) identity.forgotten.push('zip');
  }
  identity.forgotten = unique(identity.forgotten).filter((field) => {
    const value = identity[field as keyof Identity];
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
  return identity;
}

/** The name in the text, completed from a `first_last_1234` user id when the text gives less. */
function readName(text: string, userId: string | undefined): string | undefined {
  const fromId = userId === undefined ? undefined : nameFromUserId(userId);
  const match = NAME.exec(text)?.[1];
  const words = match?.split(/\s+/).filter((w) => !NOT_NAMES.has(w)) ?? [];
  if (words.length === 0) return fromId;
  const stated = words.join(' ');
  if (words.length === 1 && fromId?.startsWith(`${stated} `)) return fromId;
  return stated;
}

function nameFromUserId(userId: string): string | undefined {
  const parts = userId.split('_').filter((p) => !/^\d+$/.test(p));
  if (parts.length < 2) return undefined;
  return parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join(' ');
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
