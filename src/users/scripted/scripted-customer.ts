import type { Customer, CustomerConfig, CustomerContext, CustomerMemory } from '../../core/customer/types.ts';
import { STOP_MARKER } from '../../core/episode/episode.ts';
import { ConflictError } from '../../core/errors.ts';
import { type ModelUsage, ZERO_USAGE } from '../../core/model/types.ts';
import { checkMemory, copyMemory, type MemoryMessage } from '../memory.ts';
import { readFacts, type ScriptedFacts } from './facts.ts';
import type { IdentityField } from './identity.ts';
import { readIntent } from './intents.ts';
import { identityAnswer, PHRASES, pick } from './phrases.ts';
import { INVITATION, PHRASES_2 } from './phrases-2.ts';
import { keywords, overlap } from './relevance.ts';

/** Replies after which the scripted customer leaves (version `scripted-1`). */
export const SCRIPTED_MAX_REPLIES = 30;
/** Replies in a row that match nothing, after which it gives up. */
export const SCRIPTED_MAX_UNCLEAR = 3;
/** Details it offers at most in one reply. */
const MAX_DETAILS = 3;

/** Where the scripted customer is in the conversation; kept in its memory as plain data. */
interface ScriptedState {
  facts: ScriptedFacts;
  /** Indexes into `facts.details` already said (further requests included). */
  saidDetails: number[];
  /** Identity facts already given. */
  given: IdentityField[];
  replies: number;
  unclearInARow: number;
  stopped: boolean;
  /** `scripted-2`: refusals heard so far, and how often the open request was restated. */
  refusals?: number;
  restated?: number;
}

/**
 * The `scripted` customer. It is not a language model: a fixed program that answers from the task's
 * facts — who the customer is (user id, name, zip, email, order or reservation ids), what they want
 * (the reason for the call), and the other sentences of the goal, said in the first person when the
 * agent's question is about them. It says yes when asked to confirm, raises further requests when
 * asked for anything else, and ends with `###STOP###` once the agent reports the request done, hands
 * over to a person or refuses, or after a bounded number of replies. Same task, seed and agent
 * messages give the same replies. It lets a person play any task offline, and tests run without keys.
 */
export class ScriptedCustomer implements Customer {
  readonly config: CustomerConfig;
  private messages: MemoryMessage[] = [];
  private state: ScriptedState | undefined;
  /** `scripted-2`: whether the episode's data is as the goal wants it (from the session). */
  private goalReached: (() => boolean) | undefined;

  constructor(config: CustomerConfig) {
    this.config = config;
  }

  async start(context: CustomerContext): Promise<string> {
    const facts = readFacts(context);
    this.goalReached = context.goalReached;
    this.state = { facts, saidDetails: [], given: [], replies: 0, unclearInARow: 0, stopped: false };
    const opening = `${pick(PHRASES.greeting, this.seed, 0)} ${facts.opening}`;
    this.messages = [{ role: 'assistant', content: opening }];
    return opening;
  }

  attach(context: CustomerContext): void {
    this.goalReached = context.goalReached;
  }

  async reply(agentMessage: string): Promise<string> {
    const state = this.state;
    if (state === undefined)
      throw new ConflictError('the scripted customer has not started: call start() first');
    state.replies++;
    const text = state.stopped
      ? STOP_MARKER
      : this.config.promptVersion === 'scripted-1'
        ? this.answer(state, agentMessage)
        : this.answer2(state, agentMessage);
    if (text.includes(STOP_MARKER)) state.stopped = true;
    this.messages.push({ role: 'user', content: agentMessage }, { role: 'assistant', content: text });
    return text;
  }

  memory(): CustomerMemory {
    return copyMemory({
      strategy: 'scripted',
      messages: this.messages,
      usage: ZERO_USAGE,
      extra: this.state === undefined ? {} : { state: this.state },
    });
  }

  restore(memory: CustomerMemory): void {
    const copy = checkMemory(memory, 'scripted');
    this.messages = copy.messages;
    this.state = copy.extra?.state as ScriptedState | undefined;
  }

  usage(): ModelUsage {
    return ZERO_USAGE;
  }

  private get seed(): number {
    return this.config.seed ?? 0;
  }

  private answer(state: ScriptedState, message: string): string {
    const turn = state.replies;
    const say = (options: readonly string[]) => pick(options, this.seed, turn);
    if (state.replies > SCRIPTED_MAX_REPLIES) return say(PHRASES.timeUp);
    const intent = readIntent(message);
    const { facts } = state;
    const clear = (text: string) => {
      state.unclearInARow = 0;
      return text;
    };
    if (intent.transfer) return say(PHRASES.transferBye);
    if (intent.wrapUp) {
      const next = facts.requests.find((i) => !state.saidDetails.includes(i));
      if (next === undefined) return say(PHRASES.thanksBye);
      state.saidDetails.push(next);
      return clear(`${say(PHRASES.alsoRequest)}${facts.details[next]}`);
    }
    if (intent.confirm === 'explicit') return clear(say(PHRASES.yes));
    if (intent.asks.length > 0) {
      const answer = identityAnswer(facts.identity, intent.asks, state.given);
      state.given.push(...answer.given.filter((field) => !state.given.includes(field)));
      // When the customer has none of what was asked, the rest of the message may still be about them.
      const more = answer.given.length === 0 ? this.tell(state, message) : '';
      return clear(more === '' ? answer.text : `${answer.text} ${more}`);
    }
    if (intent.confirm === 'named') return clear(say(PHRASES.yes));
    if (intent.refusal) return say(PHRASES.refusalBye);
    // A statement that asks nothing ("One moment.", "There are 10 options.") needs no more than a nod.
    if (!intent.asking) return say(PHRASES.acknowledge);
    const fresh = this.tell(state, message);
    if (fresh !== '') return clear(fresh);
    if (intent.yesNo) return clear(say(PHRASES.yes));
    state.unclearInARow++;
    if (state.unclearInARow >= SCRIPTED_MAX_UNCLEAR) return say(PHRASES.giveUp);
    const again = this.relevant(state, message, true)[0];
    if (again !== undefined) return `${say(PHRASES.repeat)}${lowerFirst(facts.details[again]!)}`;
    return `${say(PHRASES.unclear)}${facts.opening}`;
  }

  /**
   * Version `scripted-2`: like version 1, but it does not leave while its goal is open. Told that the
   * work is done, or asked for anything else, it checks the episode's data against its goal (when the
   * session offers the check): if the data is not as it wants, it says so and restates its request,
   * worded another way each time. It asks once more after a refusal and accepts a second one. An open
   * question ("How can I help?") gets its request.
   */
  private answer2(state: ScriptedState, message: string): string {
    const turn = state.replies;
    const say = (options: readonly string[]) => pick(options, this.seed, turn);
    if (state.replies > SCRIPTED_MAX_REPLIES) return say(PHRASES.timeUp);
    const intent = readIntent(message);
    const { facts } = state;
    const clear = (text: string) => {
      state.unclearInARow = 0;
      return text;
    };
    if (intent.transfer) return say(PHRASES.transferBye);
    const open = this.goalReached?.() === false && (state.refusals ?? 0) === 0;
    if (intent.wrapUp) {
      const next = facts.requests.find((i) => !state.saidDetails.includes(i));
      if (next !== undefined) {
        state.saidDetails.push(next);
        return clear(`${say(PHRASES.alsoRequest)}${facts.details[next]}`);
      }
      if (open) {
        const claimed = !ANYTHING_ELSE_ONLY.test(message);
        return clear(`${say(claimed ? PHRASES_2.notDone : PHRASES_2.stillOpen)}${this.restate(state)}`);
      }
      return say(PHRASES.thanksBye);
    }
    if (intent.confirm === 'explicit') return clear(say(PHRASES.yes));
    if (intent.asks.length > 0) {
      const answer = identityAnswer(facts.identity, intent.asks, state.given);
      state.given.push(...answer.given.filter((field) => !state.given.includes(field)));
      const more = answer.given.length === 0 ? this.tell(state, message) : '';
      return clear(more === '' ? answer.text : `${answer.text} ${more}`);
    }
    if (intent.confirm === 'named') return clear(say(PHRASES.yes));
    if (intent.refusal) {
      state.refusals = (state.refusals ?? 0) + 1;
      if (state.refusals >= 2) return say(PHRASES_2.acceptRefusal);
      return clear(`${say(PHRASES_2.pushBack)}${this.restate(state)}`);
    }
    if (INVITATION.test(message)) return clear(`${say(PHRASES_2.openAnswer)}${this.restate(state)}`);
    if (!intent.asking) return say(PHRASES.acknowledge);
    const fresh = this.tell(state, message);
    if (fresh !== '') return clear(fresh);
    if (intent.yesNo) return clear(say(PHRASES.yes));
    state.unclearInARow++;
    // It does not give up on an unclear agent while its goal is open: it says what it wants again.
    if (state.unclearInARow >= SCRIPTED_MAX_UNCLEAR && !open) return say(PHRASES.giveUp);
    return `${say(PHRASES.unclear)}${this.restate(state)}`;
  }

  /**
   * The open request said again, worded another way each time: the opening, then with the details
   * already given, then the opening again.
   */
  private restate(state: ScriptedState): string {
    const n = (state.restated ?? 0) + 1;
    state.restated = n;
    const { facts } = state;
    const said = state.saidDetails.filter((i) => !facts.requests.includes(i)).map((i) => facts.details[i]!);
    if (n % 2 === 0 && said.length > 0) return `${facts.opening} To be precise: ${said.join(' ')}`;
    if (n % 2 === 0) return `In other words: ${lowerFirst(facts.opening)}`;
    return facts.opening;
  }

  /** The details not said yet that the agent's message is about, marked as said; '' when none. */
  private tell(state: ScriptedState, message: string): string {
    const fresh = this.relevant(state, message, false);
    state.saidDetails.push(...fresh);
    return fresh.map((i) => state.facts.details[i]!).join(' ');
  }

  /** Details that share words with the agent's message, best first then in goal order. */
  private relevant(state: ScriptedState, message: string, alreadySaid: boolean): number[] {
    const asked = keywords(message);
    const scored = state.facts.details
      .map((detail, index) => ({ index, score: overlap(asked, keywords(detail)) }))
      .filter((d) => d.score > 0 && state.saidDetails.includes(d.index) === alreadySaid);
    const best = scored.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, MAX_DETAILS);
    return best.map((d) => d.index).sort((a, b) => a - b);
  }
}

function lowerFirst(text: string): string {
  return /^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

/** A message that only asks for anything else, without claiming that the work is done. */
const ANYTHING_ELSE_ONLY = /^\W*(?:is there )?anything else[^.!]*\?\W*$/i;
