import { assembleDomain } from '../../../core/domain/assemble.ts';
import type { Domain, Task } from '../../../core/domain/types.ts';
import { sigmaFlavour } from '../../../core/flavours/sigma/index.ts';
import { dictKeys, type PyDict, type PyValue } from '../../../core/python/index.ts';
import { airlineToolKit } from '../toolkit.ts';
import { airlinePolicy, airlineUserGuidelines } from './content.ts';
import type { AirlineDatabase } from './database.ts';

export interface AirlineDomainParts {
  tasks?: ReadonlyArray<Task & { split?: string }>;
  policy?: string;
  userGuidelines?: string;
  /** Where the domain comes from, for messages (default '(generated airline)'). */
  path?: string;
}

function rows(table: PyDict): Array<[string, PyValue]> {
  return dictKeys(table).map((id) => [id, table[id]!]);
}

/**
 * An in-memory domain over a generated airline database with the airline tools, Sigma's flavour and
 * texts: the same domain `loadDomainFolder` gives for the written folder. The database's records
 * become the domain's frozen base data.
 */
export function buildAirlineDomain(db: AirlineDatabase, parts: AirlineDomainParts = {}): Domain {
  const tasks = new Map<string, Task[]>();
  for (const task of parts.tasks ?? []) {
    const split = task.split ?? 'test';
    tasks.set(split, [...(tasks.get(split) ?? []), task]);
  }
  return assembleDomain({
    name: 'airline',
    flavour: sigmaFlavour,
    source: { layout: 'sigma', path: parts.path ?? '(generated airline)' },
    tables: [
      ['flights', rows(db.flights)],
      ['reservations', rows(db.reservations)],
      ['users', rows(db.users)],
    ],
    tools: airlineToolKit.tools,
    policy: parts.policy ?? airlinePolicy(),
    userGuidelines: parts.userGuidelines ?? airlineUserGuidelines(),
    tasks,
    defaultSplit: 'test',
  });
}
