import type { Domain } from '../core/domain/types.ts';
import {
  buildAirlineDomain,
  generateAirlineDatabase,
  generateAirlineTasks,
} from '../domains/airline/generate/index.ts';
import {
  buildRetailDomain,
  generateRetailDatabase,
  generateRetailTasks,
} from '../domains/retail/generate/index.ts';

/** A domain Sigma generates itself: its own data, tasks, policy and customer guidelines. */
export interface BuiltInDomain {
  name: string;
  description: string;
  /** The seed and task count of the shipped domain; `sigma generate` makes variants. */
  seed: number;
  tasks: number;
  build(): Domain;
}

export const BUILT_IN_SEED = 1;

/**
 * The domains playable with nothing installed: generated in memory on first use (about a quarter of a
 * second each), from a fixed seed, so every installation plays the same tasks.
 */
export const BUILT_IN_DOMAINS: readonly BuiltInDomain[] = [
  {
    name: 'retail',
    description: 'online store: 500 customers, 1000 orders, 50 products; Sigma-generated',
    seed: BUILT_IN_SEED,
    tasks: 200,
    build() {
      const db = generateRetailDatabase({ seed: this.seed });
      const tasks = generateRetailTasks({ seed: this.seed, count: this.tasks, db });
      return { ...buildRetailDomain(db, tasks), source: { layout: 'sigma', path: '(built-in)' } };
    },
  },
  {
    name: 'airline',
    description: 'airline: 500 customers, 300 flights, 2000 reservations; Sigma-generated',
    seed: BUILT_IN_SEED,
    tasks: 100,
    build() {
      const db = generateAirlineDatabase({ seed: this.seed });
      const tasks = generateAirlineTasks({ seed: this.seed, count: this.tasks, db });
      return buildAirlineDomain(db, { tasks, path: '(built-in)' });
    },
  },
];
