import Table from 'cli-table3';
import type { ModelUsage } from '../../core/model/types.ts';
import type { RunSummary } from '../../runs/index.ts';
import { pc, tableStyle } from '../colour.ts';

function money(usage: ModelUsage): string {
  return usage.costUsd === null ? 'unknown' : `$${usage.costUsd.toFixed(4)}`;
}

function tokens(usage: ModelUsage): string {
  return `${usage.inputTokens} in / ${usage.outputTokens} out`;
}

/** The run's summary as the terminal shows it: per-task rewards, pass^k, terminations and cost. */
export function renderSummary(summary: RunSummary): string {
  const lines: string[] = [];
  const a = summary.attempts;
  lines.push(
    `${pc.bold(`Run ${summary.runId}`)} · ${summary.env} (${summary.split}) · agent ${summary.agent} · customer ${summary.customer} · ${summary.status}`,
  );
  lines.push(
    `attempts: ${a.finished} of ${a.planned} finished${a.pending > 0 ? `, ${a.pending} pending` : ''}; ${a.retried} re-queued after provider faults (not scored)`,
  );
  const tasks = new Table({
    style: tableStyle(),
    head: ['task', ...Array.from({ length: summary.trials }, (_, i) => `trial ${i}`), 'passed'],
  });
  for (const task of summary.byTask) {
    tasks.push([
      String(task.taskIndex),
      ...task.rewards.map((r) => (r === null ? '·' : r.toFixed(2))),
      `${task.successes}/${task.rewards.filter((r) => r !== null).length}`,
    ]);
  }
  lines.push(tasks.toString());
  const pass = new Table({ style: tableStyle(), head: ['k', 'pass^k', '95% interval', 'tasks'] });
  for (const [k, value] of Object.entries(summary.passHatK)) {
    const interval = summary.passHatKInterval[k]!;
    pass.push([
      k,
      value.toFixed(3),
      `${interval.low.toFixed(3)}–${interval.high.toFixed(3)}`,
      String(interval.tasks),
    ]);
  }
  lines.push(pass.toString());
  const ends = Object.entries(summary.terminations)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  lines.push(`terminations: ${ends === '' ? 'none yet' : ends}`);
  const c = summary.cost;
  lines.push(
    `tokens: agent ${tokens(c.agent)}, customer ${tokens(c.customer)}; cost: agent ${money(c.agent)}, customer ${money(c.customer)}, total ${money(c.total)}`,
  );
  return `${lines.join('\n')}\n`;
}
