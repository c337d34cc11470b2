export { retailPolicy, retailUserGuidelines } from './content.ts';
export {
  generateRetailDatabase,
  RETAIL_TABLES,
  type RetailDatabase,
  type RetailDatabaseOptions,
  retailTables,
} from './database.ts';
export { buildRetailDomain } from './domain.ts';
export { checkRetailDatabase } from './invariants.ts';
export { generateRetailTasks, type RetailTaskOptions } from './tasks/generate-tasks.ts';
export type { RetailTask } from './tasks/types.ts';
export { validateRetailTask } from './tasks/validate.ts';
export { type WriteRetailDomainOptions, writeRetailDomain } from './write-domain.ts';
