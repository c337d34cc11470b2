import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DataError, InputError } from '../../errors.ts';
import type { Domain, Layout, ToolKit } from '../types.ts';
import { isFolder } from './files.ts';
import { loadSigmaFolder, TOOL_MODULES } from './sigma.ts';
import { loadTauBenchFolder } from './tau-bench.ts';
import { loadTau2Folder } from './tau2.ts';

export { renderUserScenario } from './tau2.ts';

/** Which layout a folder holds, or null when it is not a domain folder. */
export function detectLayout(dir: string): Layout | null {
  if (!isFolder(dir)) return null;
  const files = readdirSync(dir);
  if (files.some((f) => /^tasks_[A-Za-z0-9_-]+\.json$/.test(f))) return 'tau-bench';
  const has = (f: string) => files.includes(f);
  if (has('db.json') && (TOOL_MODULES.some(has) || has('domain.json') || has('user_guidelines.md')))
    return 'sigma';
  if (has('db.json') || has('tasks.json') || has('split_tasks.json')) return 'tau2';
  return null;
}

/** The absolute path of a folder the user named; a missing path or a file is their mistake. */
function checkFolder(path: string): string {
  const dir = resolve(path);
  if (isFolder(dir)) return dir;
  if (existsSync(dir))
    throw new InputError(`${path} is a file: give the domain's folder (or a folder of domain folders)`);
  throw new InputError(`${path}: no such folder`);
}

/** Loads one domain folder of any supported layout, detected from its files. */
export async function loadDomainFolder(path: string, toolkits: readonly ToolKit[]): Promise<Domain> {
  const dir = checkFolder(path);
  switch (detectLayout(dir)) {
    case 'tau-bench':
      return loadTauBenchFolder(dir, toolkits);
    case 'tau2':
      return loadTau2Folder(dir, toolkits);
    case 'sigma':
      return loadSigmaFolder(dir, toolkits);
    default:
      throw new DataError(
        dir,
        'not a domain folder: expected tasks_<split>.json (tau-bench), db.json + tasks.json (tau2), ' +
          `or db.json + tasks.json + policy.md + user_guidelines.md + ${TOOL_MODULES[0]} (Sigma)`,
      );
  }
}

export interface DomainFolder {
  name: string;
  dir: string;
  layout: Layout;
}

/**
 * The domain folders at a path: the folder itself when it is one, else the domain folders inside it
 * (as `../shared/data/tau-bench` holds `retail/` and `airline/`). Nothing is loaded yet.
 */
export function findDomainFolders(path: string): DomainFolder[] {
  const dir = checkFolder(path);
  const own = detectLayout(dir);
  if (own !== null) return [{ name: basename(dir), dir, layout: own }];
  const found: DomainFolder[] = [];
  for (const f of readdirSync(dir).sort()) {
    const layout = detectLayout(join(dir, f));
    if (layout !== null) found.push({ name: f, dir: join(dir, f), layout });
  }
  if (found.length === 0)
    throw new DataError(dir, 'holds no domain folder (tau-bench, tau2 or Sigma layout)');
  return found;
}

/** Loads every domain folder at a path (see `findDomainFolders`); any that fails to load is an error. */
export async function loadDomains(path: string, toolkits: readonly ToolKit[]): Promise<Domain[]> {
  return Promise.all(findDomainFolders(path).map((f) => loadDomainFolder(f.dir, toolkits)));
}
