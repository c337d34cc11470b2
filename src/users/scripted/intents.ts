import type { IdentityField } from './identity.ts';

/** What an agent's message asks of the customer, as far as a script can tell. */
export interface AgentIntent {
  /** Identity facts asked for, in a fixed order. */
  asks: IdentityField[];
  /**
   * Asks for a go-ahead: `explicit` when it says "proceed", "go ahead" or offers "yes"; `named` when it
   * only says "confirm" (which may also mean "confirm your email"); null otherwise.
   */
  confirm: 'explicit' | 'named' | null;
  /** A plain yes/no question ("Shall I book it?"). */
  yesNo: boolean;
  /** Reports the request as done with nothing else asked, or asks whether there is anything else. */
  wrapUp: boolean;
  /** Hands the customer over to a person. */
  transfer: boolean;
  /** Says it cannot do what was asked, and asks nothing. */
  refusal: boolean;
  /** Asks the customer anything at all (a question, or "please provide..."). */
  asking: boolean;
}

const ASK_PATTERNS: ReadonlyArray<[IdentityField, RegExp]> = [
  ['userId', /\buser\s*-?\s*id\b|\baccount (?:id|number)\b/i],
  ['name', /\b(?:your|full|first|last) name\b|\bname and\b/i],
  ['zip', /\bzip\b|\bpostal code\b|\bpost ?code\b/i],
  ['email', /\be-?mail\b/i],
  ['orderId', /\border (?:id|number|#)|\bwhich order\b|\border ids\b/i],
  [
    'reservationId',
    /\breservation (?:id|number|code)|\bconfirmation (?:number|code)|\bbooking (?:reference|id|number)|\bwhich reservation\b/i,
  ],
];

const ASKING =
  /\?|\b(?:please (?:provide|share|give|tell|send|confirm|let me know)|could you|can you|would you|may i (?:have|get)|let me know|i(?:'ll| will)? need)\b/i;
const EXPLICIT_CONFIRM = /\bproceed\b|\bgo ahead\b|\(yes\b|\byes\s*\/\s*no\b|["'“‘]yes["'”’]/i;
const NAMED_CONFIRM = /\bconfirm\b/i;
const YES_NO_START =
  /^(?:shall|should|do you want|would you like|can i|may i|is (?:that|this|everything)|does (?:that|this)|are you|ok|okay)\b/i;
const OPEN_QUESTION = /\b(?:which|what|when|where|how|or)\b/i;
const ANYTHING_ELSE =
  /\banything else\b|\bsomething else\b|\bany other (?:questions?|requests?|concerns?)\b/i;
const DONE =
  /\b(?:has|have) been (?:successfully )?(?:cancell?ed|exchanged|returned|modified|updated|changed|booked|processed|completed|placed|submitted|upgraded|downgraded|refunded|added|removed)\b|\bsuccessfully\b|\byou(?:'re| are) all set\b/i;
const TRANSFER = /\btransferr?(?:ing|ed)? you\b|\b(?:to|with) a human agent\b/i;
const REFUSAL = /\b(?:unable to|cannot|can't|can not|not able to|not possible|not allowed|not eligible)\b/i;

/** Reads an agent's message for what it asks. The checks are plain patterns, so the result is fixed. */
export function readIntent(message: string): AgentIntent {
  const questions = message
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().replace(/^[\s*\-\d.)]+/, ''))
    .filter((s) => s.endsWith('?'));
  const asking = ASKING.test(message);
  const otherQuestions = questions.filter((q) => !ANYTHING_ELSE.test(q));
  return {
    asks: asking ? ASK_PATTERNS.filter(([, pattern]) => pattern.test(message)).map(([field]) => field) : [],
    confirm: !asking
      ? null
      : EXPLICIT_CONFIRM.test(message)
        ? 'explicit'
        : NAMED_CONFIRM.test(message)
          ? 'named'
          : null,
    yesNo: questions.some((q) => YES_NO_START.test(q) && !OPEN_QUESTION.test(q)),
    wrapUp: ANYTHING_ELSE.test(message) || (DONE.test(message) && otherQuestions.length === 0),
    transfer: TRANSFER.test(message),
    refusal: REFUSAL.test(message) && !asking,
    asking,
  };
}
