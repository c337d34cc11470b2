import type { CustomerContext } from '../../core/customer/types.ts';
import { isDict } from '../../core/python/index.ts';
import { toFirstPerson } from './first-person.ts';
import { type Identity, readIdentity } from './identity.ts';

/** What the scripted customer knows, read once from the task; kept in its memory as plain data. */
export interface ScriptedFacts {
  identity: Identity;
  /** The reason for the call, said in the opening message. */
  opening: string;
  /** The other sentences of the goal, said when the agent's question is about them. */
  details: string[];
  /** Indexes of the details that are further requests, raised when the agent asks for anything else. */
  requests: number[];
}

/** A sentence that only says who the customer is ("You are Yusuf Rossi in 19122."). */
const IDENTITY_START =
  /^(?:you are|you're|your (?:user ?id|name|email(?: address)?|zip(?: code)?|id) is|(?:your )?(?:reservation|confirmation|booking) (?:id|number|code) is)\b/i;
/** Where the customer's own business starts in a sentence that opens with who they are. */
const AFTER_IDENTITY = /\byou\s+(?!are\b|live\b|lives\b|living\b|reside\b)[a-z]/i;
/** A sentence about playing the part rather than about the customer's business. */
const META =
  /^(?:if|when|whenever|once|after)\b[^,]*\bagent\b|\b(?:reactive to|to the agent|the agent to|make the agent|instructions?|paraphrase)\b|^(?:tell|mention|make sure|try to|do not|don't|insist|ask|say|be|remember|first,? try)\b/i;
const ASKS = /\b(?:want|wants|wish|would like|'d like|need|needs|hope|looking|trying|received)\b/i;
const NEGATED_ASK = /\b(?:not|n't|never)\s+(?:want|wish|need)/i;
const ABOUT_TALKING = /\b(?:reveal|say|speak|talk|share|tell|mention|provide)\b/i;
const FURTHER = /\b(?:also|additionally|as well|another)\b/i;
const ACTION =
  /\b(?:want|wish|would like|'d like|need)s?\s+(?:to\s+)?(?:also\s+)?(cancel|return|exchange|modify|change|update|book|upgrade|downgrade|add|remove|refund|switch|buy)\b/i;

const GENERIC_OPENING = 'I need some help with my account, please.';

/**
 * Reads the scripted customer's facts from its context: from a custom persona, a tau2 user scenario
 * (reason for the call, known and unknown info) or a tau-bench instruction. Sentences addressed to the
 * customer ("You want to...") become the customer's own ("I want to..."); sentences about how to
 * treat the agent are left out, since a script cannot follow them.
 */
export function readFacts(context: CustomerContext): ScriptedFacts {
  const { primary, secondary } = sources(context);
  const text = [...primary, ...secondary].join('\n');
  const identity = readIdentity(text, context.persona === undefined ? context.task.userId : undefined);
  const values = [identity.userId, identity.name, identity.email, identity.zip].filter(
    (v) => v !== undefined,
  );
  const said = (lines: string[]) =>
    lines
      .flatMap(sentences)
      .flatMap((s) => own(s, values))
      .map(toFirstPerson);
  const main = said(primary);
  const openingIndex = main.findIndex(isRequest);
  const opening = main[openingIndex === -1 ? 0 : openingIndex] ?? GENERIC_OPENING;
  const rest = main.filter((s) => s !== opening);
  // A later sentence is a request of its own when it says so ("also") or asks for another kind of
  // action; otherwise it details the opening request ("the bottle for a bigger one").
  const actions = new Set([actionOf(opening)]);
  const requests: number[] = [];
  rest.forEach((sentence, index) => {
    if (!isRequest(sentence)) return;
    const action = actionOf(sentence);
    if (FURTHER.test(sentence) || (action !== undefined && !actions.has(action))) requests.push(index);
    actions.add(action);
  });
  return { identity, opening, details: [...rest, ...said(secondary)], requests };
}

function actionOf(sentence: string): string | undefined {
  return ACTION.exec(sentence)?.[1]?.toLowerCase();
}

function sources(context: CustomerContext): { primary: string[]; secondary: string[] } {
  if (context.persona !== undefined && context.persona.trim() !== '')
    return { primary: [context.persona], secondary: [] };
  const scenario = context.task.userScenario;
  const instructions = isDict(scenario) ? scenario.instructions : undefined;
  if (isDict(instructions)) {
    const part = (field: string) =>
      typeof instructions[field] === 'string' ? [instructions[field] as string] : [];
    return {
      primary: part('reason_for_call'),
      secondary: [...part('known_info'), ...part('unknown_info'), ...part('task_instructions')],
    };
  }
  if (typeof instructions === 'string') return { primary: [instructions], secondary: [] };
  return { primary: [context.task.instruction], secondary: [] };
}

function sentences(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+(?=["'(#]?[A-Z])/))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The part of a sentence the customer would say: none of it when it is about the agent or only identity. */
function own(sentence: string, identity: readonly string[]): string[] {
  if (META.test(sentence)) return [];
  const isIdentity = IDENTITY_START.test(sentence) && identity.some((value) => sentence.includes(value));
  if (!isIdentity || isPersonality(sentence)) return [sentence];
  const business = AFTER_IDENTITY.exec(sentence.slice(1));
  if (business === null) return [];
  const rest = sentence.slice(business.index + 1);
  return [rest.charAt(0).toUpperCase() + rest.slice(1)];
}

/** "You are polite but firm.": how the customer is, not who; kept as a detail. */
function isPersonality(sentence: string): boolean {
  return /^[Yy]ou(?: are|'re)\s+(?:a|an|not|now|into|in|willing|happy|fine|ok|okay|[a-z-]+,|[a-z-]+ and|[a-z-]+\.)/.test(
    sentence,
  );
}

function isRequest(sentence: string): boolean {
  return ASKS.test(sentence) && !NEGATED_ASK.test(sentence) && !ABOUT_TALKING.test(sentence);
}
