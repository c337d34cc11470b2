// Which Node versions Sigma runs on. Imports nothing, so that the CLI can check the running Node
// before it loads any module an older Node cannot load (`node:sqlite`, newer syntax).

/**
 * The supported Node versions, as package.json's `engines.node` states them (a test keeps the two
 * equal): 22.16 is the first 22 release whose `node:sqlite` has everything the store uses
 * (`StatementSync.columns()`); 23 is not supported; 24 and later are.
 */
export const NODE_ENGINES = '^22.16.0 || >=24';

/** What a person reads: the same range in words. */
export const NODE_NEEDED = 'Node 22.16 or later (22.16+ or 24+)';

/** True when `version` (e.g. `22.16.0`, as `process.versions.node`) is in NODE_ENGINES. */
export function supportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (major === 22) return minor >= 16;
  return major >= 24;
}

/**
 * One line for a Node that is too old (naming the version needed and the running one), or
 * undefined when it is supported.
 */
export function nodeVersionProblem(version: string = process.versions.node): string | undefined {
  if (supportedNode(version)) return undefined;
  return `Sigma needs ${NODE_NEEDED}; this is Node ${version}. Install a newer Node, or run Sigma from a project that installs the "node" package (as Sigma's repository does).`;
}

/** The exit status for an unsupported Node: the user's setup is wrong (`EXIT.badInput` in cli/exit.ts). */
export const EXIT_NODE_TOO_OLD = 2;
