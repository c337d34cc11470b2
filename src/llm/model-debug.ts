import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.ts';
import type { ModelRequest, ModelToolCall } from '../core/model/types.ts';
import type { Env } from './provider-config.ts';
import { PROVIDERS } from './providers.ts';

/**
 * Where a model client writes what it sends and gets back, for debugging: every prompt (system,
 * messages, tool names) and every reply or failure, with the keys of the environment redacted.
 */
export interface ModelDebugLog {
  write(text: string): void;
}

/** The environment variable that turns the log on: `1` (stderr) or a file to append to. */
export const DEBUG_VARIABLE = 'DEBUG_SIMULATOR';

const OFF = /^(|0|false|no|off)$/i;
const STDERR = /^(1|true|yes|on|stderr)$/i;

/**
 * The debug log `DEBUG_SIMULATOR` asks for, or undefined: `1` (or `true`, `stderr`) writes to stderr;
 * any other value but `0`/`false` is a file the log is appended to (checked now, so a bad path is an
 * error before any model is called).
 */
export function modelDebugLog(env: Env): ModelDebugLog | undefined {
  const value = (env[DEBUG_VARIABLE] ?? '').trim();
  if (OFF.test(value)) return undefined;
  const secrets = secretsOf(env);
  if (STDERR.test(value)) return { write: (text) => process.stderr.write(redact(text, secrets)) };
  const path = resolve(value);
  try {
    appendFileSync(path, '');
  } catch (error) {
    throw new InputError(
      `${DEBUG_VARIABLE}=${value}: cannot write the model debug log there (${(error as Error).message}); use 1 for stderr, or a file in a folder that exists`,
    );
  }
  return { write: (text) => appendFileSync(path, redact(text, secrets)) };
}

/** The values of every provider's key variable set in `env` (short values are not keys). */
export function secretsOf(env: Env): string[] {
  const names = Object.values(PROVIDERS).flatMap((p) => [p.keyVariable, p.optionalKeyVariable]);
  return names
    .flatMap((name) => (name == null ? [] : [env[name]?.trim() ?? '']))
    .filter((value) => value.length >= 8);
}

/** Text with the given secrets, and anything shaped like an API key or a bearer token, replaced. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  return out
    .replace(/\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/g, 'Bearer [redacted]')
    .replace(/\bsk-[A-Za-z0-9_-]{12,}/g, '[redacted]');
}

let calls = 0;

/** A number for each logged call of the process, to pair a request with its replies. */
export function nextDebugCall(): number {
  calls += 1;
  return calls;
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

function callText(call: ModelToolCall): string {
  return `→ ${call.name} ${call.arguments}`;
}

/** A request as the log shows it: who is asking which model, then the prompt in full. */
export function describeRequest(call: number, who: string, request: ModelRequest): string {
  const lines = [`[sigma debug] model call ${call} · ${who} · ${new Date().toISOString()}`];
  if (request.system !== undefined) lines.push('  system:', indent(request.system));
  lines.push('  messages:');
  for (const m of request.messages) {
    if (m.role === 'tool') lines.push(`    [tool result ${m.name}]`, indent(indent(m.content)));
    else {
      lines.push(`    [${m.role}]`);
      if (m.content !== '') lines.push(indent(indent(m.content)));
      if ('toolCalls' in m) for (const c of m.toolCalls) lines.push(indent(indent(callText(c))));
    }
  }
  if (request.tools !== undefined && request.tools.length > 0)
    lines.push(`  tools: ${request.tools.map((t) => t.name).join(', ')}`);
  const settings = [
    request.temperature === undefined ? '' : `temperature ${request.temperature}`,
    request.seed === undefined ? '' : `seed ${request.seed}`,
  ].filter(Boolean);
  if (settings.length > 0) lines.push(`  settings: ${settings.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export interface DebugReply {
  text: string;
  toolCalls: ModelToolCall[];
  inputTokens: number;
  outputTokens: number;
}

/** One attempt's answer: its text and tool calls, or why it failed. */
export function describeOutcome(
  call: number,
  attempt: number,
  ms: number,
  outcome: { reply: DebugReply } | { failure: string },
): string {
  const head = `[sigma debug] model call ${call}, attempt ${attempt}, ${ms} ms`;
  if ('failure' in outcome) return `${head}: failed: ${outcome.failure}\n`;
  const { reply } = outcome;
  const lines = [`${head}: reply (${reply.inputTokens} tokens in, ${reply.outputTokens} out)`];
  if (reply.text !== '') lines.push(indent(reply.text));
  for (const c of reply.toolCalls) lines.push(indent(callText(c)));
  if (reply.text === '' && reply.toolCalls.length === 0) lines.push('    (empty)');
  return `${lines.join('\n')}\n`;
}
