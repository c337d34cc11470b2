import type { TrajectoryMessage } from '../../contracts/trajectory.ts';
import type { CustomerConfig } from '../../core/customer/types.ts';
import type { Action } from '../../core/domain/types.ts';
import { STOP_MARKER } from '../../core/episode/episode.ts';
import type { ModelUsage } from '../../core/model/types.ts';
import { fromJs, type PyValue, pyDumps } from '../../core/python/index.ts';
import type { RecordDiff } from '../../core/state/index.ts';
import type { FinalResult } from '../../session/index.ts';
import { pc } from '../colour.ts';
import { renderDiff } from './diff-table.ts';
import { oneLine, prettyObservation } from './pretty.ts';
import { wrapText } from './wrap.ts';

/** The lines that introduce an episode: domain, task, customer, and whether the goal is shown. */
export interface EpisodeHeader {
  env: string;
  origin: string | undefined;
  split: string;
  /** The domain's default split (a replay hint names the split only when it is another). */
  defaultSplit: string;
  taskIndex: number;
  taskCount: number;
  taskId: string;
  /** The task was drawn at random (no --task-index). */
  drawn: boolean;
  customer: CustomerConfig;
  /** A custom persona replaces the task (`text`: unscored) or is the task (`file`). */
  persona: 'text' | 'file' | undefined;
  goal: string | undefined;
  notice: string | undefined;
  copilot: string | undefined;
}

export function customerLabel(config: CustomerConfig): string {
  return config.provider !== undefined && config.model !== undefined
    ? `${config.strategy} (${config.provider}:${config.model})`
    : config.strategy;
}

/** The header, each line wrapped at spaces to fit `columns`. */
export function renderHeader(h: EpisodeHeader, columns: number = process.stdout.columns ?? 100): string {
  const wrap = (text: string) => wrapText(text, columns);
  const where = h.origin === undefined ? h.env : `${h.env} (${h.origin})`;
  const task =
    h.persona === 'text'
      ? 'custom persona (no ground truth: unscored)'
      : h.persona === 'file'
        ? `persona file (${h.taskId})`
        : `task ${h.taskIndex} of ${h.taskCount} in "${h.split}" (${h.taskId})`;
  const lines = [pc.bold(wrap(`Sigma · ${where} · ${task} · customer: ${customerLabel(h.customer)}`))];
  if (h.drawn && h.persona === undefined)
    lines.push(
      pc.dim(
        wrap(
          `Task drawn at random: --task-index ${h.taskIndex}${h.split === h.defaultSplit ? '' : ` --task-split ${h.split}`} plays it again.`,
        ),
      ),
    );
  if (h.copilot !== undefined)
    lines.push(pc.dim(wrap(`Copilot: ${h.copilot} (/copilot <what you want to do>).`)));
  if (h.notice !== undefined) lines.push(pc.yellow(wrap(h.notice)));
  lines.push(
    h.goal === undefined
      ? pc.dim(wrap("The customer's goal is hidden; play with --show-goal to see it (practice only)."))
      : wrap(`Goal: ${h.goal}`).replace(/^Goal:/, pc.magenta('Goal:')),
  );
  return lines.join('\n');
}

/** The customer's words, with the stop marker shown as what it means. */
export function renderCustomer(text: string): string {
  const stopped = text.includes(STOP_MARKER);
  const words = text.replaceAll(STOP_MARKER, '').trim();
  const tail = stopped ? ` ${pc.dim('[the customer ends the conversation]')}` : '';
  return `${pc.cyan(pc.bold('customer ›'))} ${words}${tail}`;
}

export function renderAgent(text: string): string {
  return `${pc.green(pc.bold('agent ›'))} ${text}`;
}

export function renderCall(name: string, args: string): string {
  return `${pc.blue('→')} ${pc.bold(name)} ${args}`;
}

export function renderObservation(text: string, width = 100): string {
  const body = prettyObservation(text, width);
  const colour = text.startsWith('Error:') ? pc.red : (s: string) => s;
  return `${pc.blue('←')} ${colour(body.replaceAll('\n', '\n  '))}`;
}

/** The conversation so far, long tool results cut to one line. */
export function renderHistory(messages: readonly TrajectoryMessage[]): string {
  const lines: string[] = [];
  for (const m of messages) {
    if (m.role === 'user') lines.push(renderCustomer(m.content));
    else if (m.role === 'assistant') {
      const call = m.tool_calls?.[0];
      if (call !== undefined) lines.push(renderCall(call.function.name, call.function.arguments));
      else lines.push(renderAgent(m.content ?? ''));
    } else if (m.role === 'tool') lines.push(`${pc.blue('←')} ${oneLine(m.content, 160)}`);
  }
  return lines.length === 0 ? pc.dim('(nothing yet)') : lines.join('\n');
}

/** The ground-truth actions, numbered, each call wrapped under its number to fit `columns`. */
export function renderActions(actions: readonly Action[], columns = 100): string {
  if (actions.length === 0) return pc.dim('  (none: the task needs no change to the data)');
  return actions
    .map((a, i) => {
      const number = `  ${i + 1}. `;
      const call = `${a.name} ${pyDumps(a.kwargs as PyValue, { ensureAscii: false })}`;
      return wrapText(call, columns, number, ' '.repeat(number.length + 2));
    })
    .join('\n');
}

function tokens(n: number): string {
  return n.toLocaleString('en-US');
}

export function renderUsage(label: string, usage: ModelUsage): string {
  if (usage.inputTokens === 0 && usage.outputTokens === 0) return `  ${label}: no model calls`;
  const cost = usage.costUsd === null ? 'cost unknown' : `$${usage.costUsd.toFixed(4)}`;
  return `  ${label}: ${tokens(usage.inputTokens)} tokens in, ${tokens(usage.outputTokens)} out, ${cost}`;
}

const ENDINGS: Record<string, string> = {
  'user-stop': 'the customer ended the conversation',
  transfer: 'the agent transferred the customer to a human',
  'turn-limit': 'the cap on agent actions was reached',
  abandoned: 'the episode was abandoned',
};

export function endingText(reason: string | null): string {
  return reason === null ? 'not ended' : (ENDINGS[reason] ?? reason);
}

export function formatReward(reward: number | null): string {
  if (reward === null) return 'no ground truth';
  return Number.isInteger(reward) ? reward.toFixed(1) : String(reward);
}

type Breakdown = NonNullable<FinalResult['reward']['breakdown']>;

function isTauBench(
  b: Breakdown,
): b is { stateMatch: boolean; expectedStateHash: string; outputs: Record<string, boolean> } {
  return typeof b.stateMatch === 'boolean' && typeof b.outputs === 'object' && b.outputs !== null;
}

function yesNo(ok: boolean): string {
  return ok ? pc.green('yes') : pc.red('no');
}

function renderTauBenchBreakdown(b: { stateMatch: boolean; outputs: Record<string, boolean> }): string[] {
  const lines = [`  state match: ${yesNo(b.stateMatch)}`];
  const outputs = Object.entries(b.outputs);
  if (outputs.length === 0) lines.push('  required outputs: none');
  for (const [output, said] of outputs)
    lines.push(
      `  required output ${JSON.stringify(output)}: ${said ? pc.green('said') : pc.red('not said')}`,
    );
  return lines;
}

interface Tau2Part {
  status?: unknown;
  inBasis?: unknown;
  checks?: unknown;
  judgeModel?: unknown;
  note?: unknown;
  error?: unknown;
}

type Check = Record<string, unknown>;

function compact(value: unknown): string {
  return pyDumps(fromJs(value ?? {}), { ensureAscii: false });
}

function statusText(part: Tau2Part): string {
  const status = String(part.status);
  const coloured =
    status === 'met' ? pc.green(status) : status === 'not met' ? pc.red(status) : pc.yellow(status);
  return `${coloured}${part.inBasis === false ? pc.dim(" (not counted in this task's reward)") : ''}`;
}

/** tau2's criteria: the data, each ground-truth action matched or not, what had to be said, assertions. */
function renderTau2Breakdown(b: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const part = (name: string) => (b[name] ?? {}) as Tau2Part;
  const checks = (p: Tau2Part) => (Array.isArray(p.checks) ? (p.checks as Check[]) : []);
  const shown = (p: Tau2Part) => p.status !== undefined && p.status !== 'nothing to check';
  const db = part('db');
  if (shown(db)) lines.push(`  state match: ${statusText(db)}`);
  const actions = part('actions');
  if (shown(actions)) {
    const list = checks(actions);
    const matched = list.filter((c) => c.matched === true).length;
    lines.push(`  action match: ${matched} of ${list.length} — ${statusText(actions)}`);
    for (const c of list) {
      const action = (c.action ?? {}) as { name?: unknown; arguments?: unknown };
      const mark = c.matched === true ? pc.green('✓') : pc.red('✗');
      lines.push(`    ${mark} ${String(action.name)} ${compact(action.arguments)}`);
    }
  }
  const communicate = part('communicate');
  if (shown(communicate)) {
    lines.push(`  information to communicate: ${statusText(communicate)}`);
    for (const c of checks(communicate))
      lines.push(`    ${c.met === true ? pc.green('✓') : pc.red('✗')} ${JSON.stringify(c.info)}`);
  }
  const env = part('envAssertions');
  if (shown(env)) {
    lines.push(`  environment assertions: ${statusText(env)}`);
    for (const c of checks(env)) {
      const a = (c.assertion ?? {}) as { funcName?: unknown; arguments?: unknown };
      lines.push(
        `    ${c.met === true ? pc.green('✓') : pc.red('✗')} ${String(a.funcName)} ${compact(a.arguments)}`,
      );
    }
  }
  const nl = part('nlAssertions');
  if (shown(nl)) {
    const by = typeof nl.judgeModel === 'string' ? ` by ${nl.judgeModel}` : '';
    const why =
      typeof nl.note === 'string' ? ` (${nl.note})` : typeof nl.error === 'string' ? ` (${nl.error})` : '';
    lines.push(`  natural-language assertions: ${statusText(nl)}${by}${why}`);
    for (const c of checks(nl))
      lines.push(
        `    ${c.met === true ? pc.green('✓') : pc.red('✗')} ${String(c.assertion ?? c.nl_assertion ?? '')}`,
      );
  }
  return lines;
}

/** The labels of the end screen's data table: the data the episode left against the expected data. */
export const END_SCREEN_DIFF = {
  before: 'left by the episode',
  after: 'expected',
  added: 'missing: only expected',
  removed: 'unexpected: not in the expected data',
};

/** The labels of `/changes`: the data before the episode against the data now. */
export const CHANGES_DIFF = {
  before: 'before the episode',
  after: 'now',
  added: 'new record',
  removed: 'removed record',
};

/** A line of the end screen wrapped to the terminal, under its own indent. */
function fitLine(line: string, columns: number): string {
  const indent = /^\s*/.exec(line)![0];
  return wrapText(line.trimStart(), columns, indent, `${indent}    `);
}

/** The end screen: reward and why, the data against the expected data, the ground truth, usage. */
export function renderFinal(
  result: FinalResult,
  options: { hasGroundTruth: boolean; columns?: number },
): string {
  const columns = options.columns ?? process.stdout.columns ?? 100;
  const { reward } = result;
  const lines: string[] = [];
  lines.push(pc.bold(`── Episode over: ${endingText(result.endReason)} ──`));
  const value = formatReward(reward.reward);
  const colour = reward.reward === null ? pc.yellow : reward.reward >= 1 ? pc.green : pc.red;
  const provisional = reward.provisional === true ? pc.yellow(' (provisional)') : '';
  lines.push(`${pc.bold('Reward:')} ${colour(pc.bold(value))}${provisional}`);
  if (reward.note !== undefined) lines.push(pc.dim(wrapText(reward.note, columns, '  ')));
  if (reward.breakdown !== null)
    lines.push(
      ...(isTauBench(reward.breakdown)
        ? renderTauBenchBreakdown(reward.breakdown)
        : renderTau2Breakdown(reward.breakdown)
      ).map((line) => fitLine(line, columns)),
    );
  if (options.hasGroundTruth) {
    if (result.stateDiff.length === 0)
      lines.push(`${pc.bold('Data:')} the data left matches the expected data.`);
    else {
      lines.push(`${pc.bold('Data:')} ${result.stateDiff.length} record(s) differ from the expected data:`);
      lines.push(renderDiff(result.stateDiff, END_SCREEN_DIFF, columns));
    }
    lines.push(pc.bold('Ground-truth actions:'));
    lines.push(renderActions(result.expectedActions, columns));
  } else lines.push(pc.dim('No ground truth: the data is not compared.'));
  lines.push(pc.bold('Usage:'));
  lines.push(renderUsage('customer', result.usage.customer));
  lines.push(renderUsage('agent (copilot)', result.usage.agent));
  return lines.join('\n');
}

/**
 * The diff as JSON-friendly data: which records differ, each field with what was `left` and what was
 * `expected`. A side the record or field does not have is left out, so a missing field and a field
 * holding None (`null`) stay distinct.
 */
export function diffAsJson(diffs: readonly RecordDiff[]): unknown[] {
  const side = (key: 'left' | 'expected', v: PyValue | undefined) =>
    v === undefined ? {} : { [key]: JSON.parse(pyDumps(v)) };
  const change = (path: ReadonlyArray<string | number>, left?: PyValue, expected?: PyValue) => ({
    path,
    ...side('left', left),
    ...side('expected', expected),
  });
  return diffs.map((d) => ({
    table: d.table,
    id: d.id,
    kind: d.kind === 'added' ? 'missing' : d.kind === 'removed' ? 'unexpected' : 'changed',
    changes:
      d.kind === 'changed'
        ? d.changes.map((c) => change(c.path, c.before, c.after))
        : [change([], d.before, d.after)],
  }));
}

export function actionsAsJson(actions: readonly Action[]): unknown[] {
  return actions.map((a) => ({ name: a.name, kwargs: JSON.parse(pyDumps(a.kwargs as PyValue)) }));
}
