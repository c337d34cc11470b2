import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type DomainFolder, findDomainFolders, loadDomainFolder } from '../core/domain/loaders/index.ts';
import type { Domain, Layout, ToolKit } from '../core/domain/types.ts';
import { DataError, InputError } from '../core/errors.ts';
import { builtInToolKits } from '../domains/toolkits.ts';
import { BUILT_IN_DOMAINS, type BuiltInDomain } from './built-in.ts';
import { dataHome, domainsHome } from './data-home.ts';

/** Where a domain comes from. */
export type DomainOrigin = 'folder' | 'fetched' | 'built-in';

export interface DomainEntry {
  /** The name `--env` takes: `retail`, `retail@tau-bench`, or a folder's name. */
  name: string;
  origin: DomainOrigin;
  /** The folder's layout; built-in domains are generated in Sigma's own. */
  layout: Layout;
  /** The folder it loads from (none for built-in domains). */
  path: string | null;
  description: string;
}

export interface RegistryOptions {
  /** A domain folder, or a folder of domain folders (`--data`); its names take precedence. */
  data?: string;
  /** Sigma's data home (default: `dataHome()`), whose `domains/` holds fetched domains. */
  home?: string;
  toolkits?: readonly ToolKit[];
  /**
   * Where names come from (default: all three). `['folder']` names only the domains of `data`, as
   * `sigma parity` and `sigma rescore` do: they check reference data, never Sigma's own domains.
   */
  origins?: readonly DomainOrigin[];
}

const ALL_ORIGINS: readonly DomainOrigin[] = ['folder', 'fetched', 'built-in'];

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$/;

/** Checks a domain name before it is used anywhere (it never becomes a path as given). */
export function checkDomainName(name: unknown): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InputError(
      `invalid domain name ${JSON.stringify(name)}: use letters, digits, "_", ".", "-" and "@" (e.g. retail or retail@tau-bench)`,
    );
  }
  return name;
}

/**
 * Every domain Sigma can play, by name: the folders of `--data` first, then the domains fetched into
 * the data home (`sigma data fetch`), then the built-in ones. A domain is loaded (or generated) on first
 * use and kept for the life of the registry.
 */
export class DomainRegistry {
  /**
   * The options that make the same registry elsewhere (a worker thread), as plain data; undefined when
   * it was given its own toolkits, which are code.
   */
  readonly portable: Omit<RegistryOptions, 'toolkits'> | undefined;
  private readonly entries = new Map<string, DomainEntry>();
  private readonly builtIn = new Map<string, BuiltInDomain>();
  private readonly loaded = new Map<string, Promise<Domain>>();
  private readonly toolkits: readonly ToolKit[];
  /** The `--data` folder when it is the only origin: unknown names are then said to be missing there. */
  private readonly onlyFolder: string | undefined;

  constructor(options: RegistryOptions = {}) {
    this.toolkits = options.toolkits ?? builtInToolKits;
    this.portable =
      options.toolkits === undefined
        ? {
            ...(options.data === undefined ? {} : { data: options.data }),
            ...(options.home === undefined ? {} : { home: options.home }),
            ...(options.origins === undefined ? {} : { origins: [...options.origins] }),
          }
        : undefined;
    const origins = options.origins ?? ALL_ORIGINS;
    const only = origins.length === 1 && origins[0] === 'folder';
    this.onlyFolder = only ? options.data : undefined;
    const add = (entry: DomainEntry) => {
      if (!this.entries.has(entry.name)) this.entries.set(entry.name, entry);
    };
    if (options.data !== undefined && origins.includes('folder')) {
      for (const folder of findDomainFolders(options.data)) add(folderEntry(folder, 'folder'));
    }
    const fetched = domainsHome(options.home ?? dataHome());
    if (origins.includes('fetched') && existsSync(fetched)) {
      for (const folder of safeFolders(fetched)) {
        // Names starting with "." are a fetch's temporary folders.
        if (NAME.test(folder.name) && !folder.name.startsWith('.')) add(folderEntry(folder, 'fetched'));
      }
    }
    for (const domain of origins.includes('built-in') ? BUILT_IN_DOMAINS : []) {
      this.builtIn.set(domain.name, domain);
      add({
        name: domain.name,
        origin: 'built-in',
        layout: 'sigma',
        path: null,
        description: domain.description,
      });
    }
  }

  list(): DomainEntry[] {
    return [...this.entries.values()];
  }

  get names(): string[] {
    return [...this.entries.keys()];
  }

  entry(name: string): DomainEntry {
    const entry = this.entries.get(checkDomainName(name));
    if (entry === undefined) {
      if (this.onlyFolder !== undefined) {
        throw new InputError(`no domain "${name}" in ${this.onlyFolder}; it holds: ${this.names.join(', ')}`);
      }
      const official = name.includes('@')
        ? ` Fetch the official data first: sigma data fetch ${name.split('@')[1]}.`
        : '';
      throw new InputError(
        `unknown domain "${name}": known domains are ${this.names.join(', ')}.${official}`,
      );
    }
    return entry;
  }

  /** The domain of that name, loaded or generated once. */
  get(name: string): Promise<Domain> {
    const entry = this.entry(name);
    let domain = this.loaded.get(entry.name);
    if (domain === undefined) {
      const builtIn = entry.origin === 'built-in' ? this.builtIn.get(entry.name) : undefined;
      domain =
        builtIn !== undefined
          ? Promise.resolve().then(() => builtIn.build())
          : loadDomainFolder(entry.path!, this.toolkits).then((d) => ({ ...d, name: entry.name }));
      this.loaded.set(entry.name, domain);
      domain.catch(() => this.loaded.delete(entry.name));
    }
    return domain;
  }
}

function folderEntry(folder: DomainFolder, origin: 'folder' | 'fetched'): DomainEntry {
  const where = origin === 'fetched' ? 'fetched' : 'from --data';
  return {
    name: folder.name,
    origin,
    layout: folder.layout,
    path: resolve(folder.dir),
    description: `${folder.layout} layout, ${where}: ${folder.dir}`,
  };
}

/** The domain folders of the data home; a home with none (or only unreadable ones) lists nothing. */
function safeFolders(dir: string): DomainFolder[] {
  try {
    return findDomainFolders(dir);
  } catch (error) {
    if (error instanceof InputError || error instanceof DataError) return [];
    throw error;
  }
}
