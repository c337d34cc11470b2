import Table from 'cli-table3';
import type { Domain, Task } from '../../core/domain/types.ts';
import { InputError } from '../../core/errors.ts';
import { readIdentity } from '../../users/index.ts';
import { tableStyle } from '../colour.ts';
import { oneLine } from './pretty.ts';

const IDENTITY =
  /^(?:[Yy]ou are [A-Z][\w'-]* [A-Z]|[Yy]our (?:user ?id|name|zip code|email)(?: address)? is\b|[Mm]y name\b)/;
const LEADING_ID = /^your user id is \S+?,\s*(?:and\s+)?/i;

function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[A-Z"'(])/);
}

/**
 * A task's goal in one short line, cut to `width` characters: the reason for the call when the
 * instruction names one (tau2 and Sigma airline scenarios), else the first sentence that says what the
 * customer wants (sentences that only say who the customer is are skipped).
 */
export function goalSummary(task: Task, width: number): string {
  const reason = /^\s*reason for (?:the )?call:\s*(.+)$/im.exec(task.instruction);
  if (reason !== null) return oneLine(sentences(reason[1]!)[0] ?? reason[1]!, width);
  const all = sentences(task.instruction);
  for (const sentence of all) {
    const rest = sentence.replace(LEADING_ID, '');
    if (rest !== sentence && rest !== '') return oneLine(rest[0]!.toUpperCase() + rest.slice(1), width);
    if (!IDENTITY.test(sentence)) return oneLine(sentence, width);
  }
  return oneLine(all[0] ?? '', width);
}

/**
 * Who the customer of a task is, for the table: its user id, or (tau2 tasks have none) the user id or
 * name its instruction gives.
 */
export function customerLabel(task: Task): string {
  if (task.userId !== undefined) return task.userId;
  const identity = readIdentity(task.instruction, undefined);
  return identity.userId ?? identity.name ?? '';
}

/** The tasks of a split, checked to exist. */
export function tasksOf(
  domain: Domain,
  split: string | undefined,
): { split: string; tasks: readonly Task[] } {
  const name = split ?? domain.defaultSplit;
  const tasks = domain.tasks.get(name);
  if (tasks === undefined) {
    throw new InputError(
      `domain "${domain.name}" has no task split "${name}"; it has: ${[...domain.tasks.keys()].join(', ')}`,
    );
  }
  return { split: name, tasks };
}

/** The task table: index, id, customer, goal summary, sized to the terminal's width. */
export function renderTaskTable(
  tasks: readonly Task[],
  columns: number = process.stdout.columns ?? 120,
): string {
  const idWidth = Math.min(24, Math.max(4, ...tasks.map((t) => t.id.length)) + 2);
  const customers = tasks.map(customerLabel);
  const userWidth = Math.min(28, Math.max(10, ...customers.map((c) => c.length)) + 2);
  const goalWidth = Math.max(30, Math.min(90, columns - idWidth - userWidth - 8 - 10));
  const table = new Table({
    head: ['#', 'id', 'customer', 'goal'],
    style: tableStyle(),
    colWidths: [7, idWidth, userWidth, goalWidth + 2],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  tasks.forEach((task, index) => {
    table.push([
      index,
      oneLine(task.id, idWidth - 2),
      oneLine(customers[index]!, userWidth - 2),
      goalSummary(task, goalWidth),
    ]);
  });
  return table.toString();
}
