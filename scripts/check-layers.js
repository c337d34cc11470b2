// Fails when a source file imports across a layer boundary. The layers, inner to outer:
//   contracts -> core -> domains -> llm, users, agents, registry, fetch -> evaluation, session; store;
//   archive; exports; scenarios (generation and checks of persona files) -> runs (batch evaluation) -> server -> cli
// An inner layer never imports an outer one; `core` imports nothing of Sigma but the contracts, which
// import nothing of Sigma.
// `index.ts` (the public API) and `engine.ts` (the `./engine` subpath) only re-export.
// Tests may also import the shared test helpers in test/support/.
// The web app (web/) imports nothing of src/: it uses the HTTP API through its generated client.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');

/** What the outermost layers (the CLI and the package's entry point) may import: everything else. */
const OUTERMOST = [
  'agents',
  'contracts',
  'core',
  'domains',
  'evaluation',
  'fetch',
  'llm',
  'registry',
  'users',
  'session',
  'scenarios',
  'store',
  'archive',
  'exports',
  'runs',
  'server',
  'version.ts',
  'node-version.ts',
];

/** layer -> the top-level folders of src/ it may import from (besides itself). */
const allowed = {
  contracts: [],
  core: ['contracts'],
  domains: ['core'],
  evaluation: ['core', 'domains'],
  llm: ['core'],
  agents: ['contracts', 'core', 'llm'],
  testing: ['core', 'llm'],
  users: ['contracts', 'core'],
  registry: ['core', 'domains'],
  fetch: ['core', 'domains'],
  session: ['agents', 'contracts', 'core', 'domains', 'evaluation', 'llm', 'registry', 'users'],
  scenarios: ['core', 'domains', 'llm', 'session'],
  store: ['contracts', 'core'],
  archive: ['contracts', 'core', 'store'],
  exports: ['archive', 'contracts', 'core', 'version.ts'],
  runs: ['agents', 'contracts', 'core', 'domains', 'llm', 'registry', 'session', 'store', 'users'],
  server: [
    'agents',
    'contracts',
    'core',
    'domains',
    'exports',
    'llm',
    'registry',
    'runs',
    'scenarios',
    'session',
    'store',
    'users',
    'version.ts',
  ],
  cli: OUTERMOST,
  'index.ts': OUTERMOST,
  'engine.ts': OUTERMOST,
  'version.ts': [],
  'node-version.ts': [],
};

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
for (const file of files(src)) {
  const layer = relative(src, file).split(sep)[0];
  const rules = allowed[layer];
  if (rules === undefined) {
    problems.push(`${relative(root, file)}: folder src/${layer} is not in scripts/check-layers.js`);
    continue;
  }
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    if (!spec.startsWith('.')) continue;
    const target = relative(src, resolve(dirname(file), spec));
    if (target.startsWith('..')) {
      const isTest = file.endsWith('.test.ts');
      const allowedOutside =
        target === `..${sep}package.json` || (isTest && target.startsWith(`..${sep}test${sep}support${sep}`));
      if (!allowedOutside) problems.push(`${relative(root, file)} imports ${spec}, outside src/`);
      continue;
    }
    const targetLayer = target.split(sep)[0];
    if (targetLayer !== layer && !rules.includes(targetLayer)) {
      problems.push(
        `${relative(root, file)} (layer ${layer}) must not import ${spec} (layer ${targetLayer})`,
      );
    }
  }
}
// The web app (web/) talks to Sigma over HTTP only: it imports nothing from src/ (nor the package by
// name), only its own files, its typed client and its npm dependencies.
const web = join(root, 'web');
for (const file of files(web)) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    const outside = spec.startsWith('.') && relative(web, resolve(dirname(file), spec)).startsWith('..');
    if (outside || spec === 'sigma-simulator' || spec.startsWith('sigma-simulator/')) {
      problems.push(
        `${relative(root, file)} imports ${spec}: the web app uses the HTTP API only (web/src/api/)`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`Layer check failed:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('Layer check passed.');
