import type { Task } from '../../core/domain/types.ts';
import { isDict } from '../../core/python/index.ts';
import { pc } from '../colour.ts';
import { renderActions } from './render.ts';
import { customerLabel } from './task-table.ts';
import { wrapText } from './wrap.ts';

export interface TaskDetailOptions {
  domain: string;
  split: string;
  index: number;
  count: number;
  /** Also list the ground-truth actions (`--show-actions`). */
  showActions: boolean;
  /** Columns to lay the text out in. */
  columns: number;
}

/**
 * One task in full, for `sigma tasks --task-index N`: who the customer is, the whole goal (the
 * instruction the simulated customer follows), what the agent must say, and, when asked, the
 * ground-truth actions.
 */
export function renderTaskDetail(task: Task, o: TaskDetailOptions): string {
  const width = Math.max(40, o.columns);
  const lines = [pc.bold(`${o.domain} · task ${o.index} of ${o.count} in "${o.split}" (${task.id})`)];
  const customer = customerLabel(task);
  if (customer !== '') lines.push(`${pc.bold('Customer:')} ${customer}`);
  lines.push(pc.bold('Goal:'), wrapText(task.instruction.trim(), width, '  '));
  if (task.outputs.length > 0) {
    lines.push(pc.bold('The agent must say:'));
    for (const output of task.outputs) lines.push(wrapText(JSON.stringify(output), width, '  - ', '    '));
  }
  if (o.showActions) {
    lines.push(pc.bold(`Ground-truth actions (${task.actions.length}):`));
    lines.push(renderActions(task.actions, width));
    // tau2: what else its criteria check, written in words.
    const criteria = isDict(task.evaluationCriteria) ? task.evaluationCriteria : {};
    const nl = Array.isArray(criteria.nl_assertions) ? criteria.nl_assertions : [];
    if (nl.length > 0) {
      lines.push(pc.bold('Natural-language assertions:'));
      for (const a of nl) lines.push(wrapText(String(a), width, '  - ', '    '));
    }
  } else {
    const n = task.actions.length;
    lines.push(
      pc.dim(
        `${n} ground-truth action${n === 1 ? '' : 's'}: --show-actions lists them (they give the task away).`,
      ),
    );
  }
  return lines.join('\n');
}
