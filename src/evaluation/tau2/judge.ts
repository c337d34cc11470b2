import type { ConversationMessage, Judge } from '../../core/domain/types.ts';
import { ModelError } from '../../core/errors.ts';
import type { Tau2NlAssertionCheck } from '../../core/flavours/tau2/index.ts';
import type { ChatMessage, ModelClient } from '../../core/model/types.ts';
import { fromJs, pyDumps } from '../../core/python/index.ts';

/** Which wording of the judge's instructions produced a verdict (recorded with each judged result). */
export const NL_JUDGE_PROMPT_VERSION = 'sigma-nl-judge-1';

const SYSTEM = `You are checking a finished customer-service conversation for a quality review.

You receive the conversation (what the agent wrote, what the customer wrote, and every tool the agent called with the result it got) and a numbered list of statements about how the agent was supposed to behave.

For each statement, on its own, decide whether the conversation shows that it holds. Use only what the conversation contains; when it does not show a statement to hold, that statement does not hold.

Reply with one JSON object and nothing else, in exactly this shape:
{"verdicts": [{"statement": 1, "holds": true, "why": "one short sentence"}]}
Give exactly one verdict for every statement, numbered as in the list.`;

/** Tool results longer than this are cut in the transcript the judge reads. */
const MAX_RESULT_CHARS = 2000;

function clip(text: string): string {
  return text.length <= MAX_RESULT_CHARS
    ? text
    : `${text.slice(0, MAX_RESULT_CHARS)} [... ${text.length - MAX_RESULT_CHARS} more characters]`;
}

/** The conversation as the judge reads it: one labelled line (or block) per message and tool call. */
export function judgeTranscript(messages: readonly ConversationMessage[]): string {
  const lines: string[] = [];
  for (const m of messages) {
    if (m.role === 'tool') {
      lines.push(`[tool result${m.error ? ', error' : ''}] ${clip(m.content)}`);
      continue;
    }
    const who = m.role === 'assistant' ? 'agent' : 'customer';
    if (m.content !== null && m.content.trim() !== '') lines.push(`[${who}] ${m.content}`);
    for (const call of m.toolCalls ?? [])
      lines.push(`[${who} calls ${call.name}] ${pyDumps(fromJs(call.arguments))}`);
  }
  return lines.join('\n');
}

/** The judge's request: the instructions, then the transcript and the numbered statements. */
export function judgeRequest(
  messages: readonly ConversationMessage[],
  assertions: readonly string[],
): {
  system: string;
  messages: ChatMessage[];
} {
  const statements = assertions.map((a, i) => `${i + 1}. ${a}`).join('\n');
  return {
    system: SYSTEM,
    messages: [
      {
        role: 'user',
        content: `Conversation:\n${judgeTranscript(messages)}\n\nStatements:\n${statements}`,
      },
    ],
  };
}

/** Which model judged: the provider and the model's name. */
export type JudgeIdentity = Pick<ModelClient, 'provider' | 'model'>;

/**
 * The judge's reply could not be read as one verdict per assertion: the model's fault. `reason` says
 * what is wrong with the reply (results record it); the message also names the model.
 */
export class JudgeReplyError extends ModelError {
  constructor(reason: string, judge: JudgeIdentity) {
    super({ ...judge, kind: 'invalid-response', status: null, attempts: 1, reason });
  }
}

function quote(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > 120 ? `"${one.slice(0, 120)}…"` : `"${one}"`;
}

/**
 * Reads the judge's reply: a JSON object (optionally inside a ```json fence) with one verdict per
 * statement. Throws `JudgeReplyError` saying what is wrong with it otherwise.
 */
export function parseJudgeReply(
  text: string,
  assertions: readonly string[],
  judge: JudgeIdentity,
): Tau2NlAssertionCheck[] {
  let body = text.trim();
  const fence = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i.exec(body);
  if (fence !== null) body = fence[1]!.trim();
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    throw new JudgeReplyError(`the judge's reply is not JSON: ${quote(text)}`, judge);
  }
  const verdicts = (data as { verdicts?: unknown } | null)?.verdicts;
  if (typeof data !== 'object' || data === null || !Array.isArray(verdicts)) {
    throw new JudgeReplyError(`the judge's reply has no "verdicts" list: ${quote(text)}`, judge);
  }
  const byStatement = new Map<number, { holds: boolean; why: string }>();
  verdicts.forEach((v: unknown, i) => {
    const verdict = v as { statement?: unknown; holds?: unknown; why?: unknown } | null;
    const n = verdict?.statement;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > assertions.length) {
      throw new JudgeReplyError(
        `verdict ${i + 1} of the judge's reply names no statement between 1 and ${assertions.length}`,
        judge,
      );
    }
    if (typeof verdict?.holds !== 'boolean') {
      throw new JudgeReplyError(
        `the judge's verdict on statement ${n}: "holds" must be true or false`,
        judge,
      );
    }
    if (byStatement.has(n))
      throw new JudgeReplyError(`the judge's reply gives statement ${n} two verdicts`, judge);
    byStatement.set(n, { holds: verdict.holds, why: typeof verdict.why === 'string' ? verdict.why : '' });
  });
  return assertions.map((assertion, i) => {
    const verdict = byStatement.get(i + 1);
    if (verdict === undefined)
      throw new JudgeReplyError(`the judge's reply gives no verdict on statement ${i + 1}`, judge);
    return { assertion, met: verdict.holds, justification: verdict.why };
  });
}

export interface JudgeOptions {
  temperature?: number;
  seed?: number;
  abortSignal?: AbortSignal;
}

/**
 * Asks a judge model whether each natural-language assertion holds in a conversation (Sigma's own
 * instructions; one call for all assertions). Throws `JudgeReplyError` for a reply it cannot read,
 * and the model client's error when the call fails.
 */
export async function judgeNlAssertions(
  model: ModelClient,
  messages: readonly ConversationMessage[],
  assertions: readonly string[],
  options: JudgeOptions = {},
): Promise<Tau2NlAssertionCheck[]> {
  const request = judgeRequest(messages, assertions);
  const response = await model.complete({
    ...request,
    temperature: options.temperature ?? 0,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
  });
  return parseJudgeReply(response.text, assertions, model);
}

/** `provider:model`, as the judge is recorded in results. */
export function judgeModelName(model: ModelClient): string {
  return `${model.provider}:${model.model}`;
}

/**
 * A judge backed by a model: the criteria written in words are decided by `model` with Sigma's own
 * instructions, one call for all of them. Handed to a session (or `evaluateTau2`) as its judge.
 */
export function modelJudge(model: ModelClient, options: Omit<JudgeOptions, 'abortSignal'> = {}): Judge {
  return {
    model: judgeModelName(model),
    async judge(request) {
      try {
        const checks = await judgeNlAssertions(model, request.messages, request.assertions, {
          ...options,
          ...(request.abortSignal === undefined ? {} : { abortSignal: request.abortSignal }),
        });
        return { model: judgeModelName(model), checks };
      } catch (error) {
        // An unreadable reply is recorded as what is wrong with it (the model is named beside it).
        if (error instanceof JudgeReplyError) throw new Error(error.reason, { cause: error });
        throw error;
      }
    },
  };
}
