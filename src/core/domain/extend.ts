import type { PyDict, PyValue } from '../python/index.ts';
import { BaseData } from '../state/index.ts';
import type { Domain, Task } from './types.ts';

export interface DomainExtension {
  /** Records to add, by table: they join the table after its own records. */
  records?: ReadonlyMap<string, ReadonlyArray<[string, PyDict]>>;
  /** Tasks to add, by split (a split of that name is replaced). */
  tasks?: ReadonlyMap<string, readonly Task[]>;
}

/**
 * A copy of a domain with extra records and tasks, for one episode's own data (a persona file's
 * customer and orders, say). It shares tools, policy and texts with the original, which is unchanged;
 * its base data is new, so states and ground truths of the two never mix.
 */
export function extendDomain(domain: Domain, extension: DomainExtension): Domain {
  const extra = extension.records ?? new Map<string, ReadonlyArray<[string, PyDict]>>();
  const tables: Array<[string, Array<[string, PyValue]>]> = [];
  for (const [name, table] of domain.base.tables) {
    const rows: Array<[string, PyValue]> = table.ids.map((id) => [id, table.records.get(id)!]);
    for (const [id, record] of extra.get(name) ?? []) rows.push([id, record]);
    tables.push([name, rows]);
  }
  const tasks = new Map(domain.tasks);
  for (const [split, list] of extension.tasks ?? []) tasks.set(split, list);
  return { ...domain, base: BaseData.fromTables(tables), tasks };
}
