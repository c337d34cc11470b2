import { assembleDomain } from '../../../core/domain/assemble.ts';
import type { Domain, Task } from '../../../core/domain/types.ts';
import { sigmaFlavour } from '../../../core/flavours/sigma/index.ts';
import { retailToolKit } from '../toolkit.ts';
import { retailPolicy, retailUserGuidelines } from './content.ts';
import { type RetailDatabase, retailTables } from './database.ts';

/** A task with the split it belongs to (generated tasks carry one). */
type SplitTask = Task & { split?: string };

/**
 * A Sigma-flavoured retail domain over a generated database, with the retail tools, Sigma's policy
 * and user guidelines, and the given tasks grouped by split. Its base data freezes the database's
 * records.
 */
export function buildRetailDomain(db: RetailDatabase, tasks: readonly SplitTask[] = []): Domain {
  const bySplit = new Map<string, Task[]>();
  for (const task of tasks) {
    const split = task.split ?? 'test';
    bySplit.set(split, [...(bySplit.get(split) ?? []), task]);
  }
  return assembleDomain({
    name: 'retail',
    flavour: sigmaFlavour,
    source: { layout: 'sigma', path: '(generated)' },
    tables: retailTables(db),
    tools: retailToolKit.tools,
    policy: retailPolicy(),
    userGuidelines: retailUserGuidelines(),
    tasks: bySplit,
    defaultSplit: 'test',
  });
}
