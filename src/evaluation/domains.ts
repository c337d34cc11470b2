import { findDomainFolders, loadDomainFolder } from '../core/domain/loaders/index.ts';
import type { Domain, ToolKit } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';

/** Loads the domains of a `--data` folder on first use, by name. */
export class DomainCatalog {
  private readonly folders: Map<string, string>;
  private readonly loaded = new Map<string, Promise<Domain>>();
  private readonly toolkits: readonly ToolKit[];
  readonly path: string;

  constructor(path: string, toolkits: readonly ToolKit[]) {
    this.path = path;
    this.toolkits = toolkits;
    this.folders = new Map(findDomainFolders(path).map((f) => [f.name, f.dir]));
  }

  get names(): string[] {
    return [...this.folders.keys()];
  }

  get(name: string): Promise<Domain> {
    const dir = this.folders.get(name);
    if (dir === undefined) {
      throw new InputError(`no domain "${name}" in ${this.path}; it holds: ${this.names.join(', ')}`);
    }
    let domain = this.loaded.get(name);
    if (domain === undefined) {
      domain = loadDomainFolder(dir, this.toolkits);
      this.loaded.set(name, domain);
    }
    return domain;
  }
}
