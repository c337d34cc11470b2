// Generation benchmark (part of `npm run bench`): how long Sigma takes to generate its built-in domains,
// as it does on first use, against loading the reference tau-bench data of the same size from its
// JSON files in the same run. Writes bench/results/generation.json; exits 1 if a target is missed.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDomainFolder } from '../src/core/domain/loaders/index.ts';
import { type PyValue, pyDumps } from '../src/core/python/index.ts';
import { airlineDatabaseJson, generateAirlineDatabase } from '../src/domains/airline/generate/index.ts';
import { generateRetailDatabase } from '../src/domains/retail/generate/index.ts';
import { builtInToolKits } from '../src/domains/toolkits.ts';
import { BUILT_IN_DOMAINS } from '../src/registry/index.ts';
import { median, type Row } from './support.ts';

const root = resolve(import.meta.dirname, '..');
const data = resolve(process.env.SIGMA_SHARED_DATA ?? join(root, '../shared/data'), 'tau-bench');

async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The built-in domain exactly as the registry builds it on first use. */
function builtIn(name: string) {
  return BUILT_IN_DOMAINS.find((d) => d.name === name)!;
}

function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const rows: Row[] = [];
for (const name of ['retail', 'airline'] as const) {
  const domain = builtIn(name);
  const cold = await timeMs(() => domain.build());
  const builds: number[] = [];
  for (let i = 0; i < 5; i++) builds.push(await timeMs(() => domain.build()));
  const warm = median(builds);
  const loads: number[] = [];
  for (let i = 0; i < 5; i++)
    loads.push(await timeMs(() => loadDomainFolder(join(data, name), builtInToolKits)));
  const load = median(loads);
  rows.push({
    domain: name,
    measure: `generate the built-in domain, first time in the process (${domain.tasks} tasks)`,
    sigma: cold,
    unit: 'ms',
    target: '< 1000 ms',
    pass: cold < 1000,
  });
  rows.push({
    domain: name,
    measure: `generate the built-in domain, warm (vs loading tau-bench's ${name} JSON)`,
    sigma: warm,
    baseline: load,
    unit: 'ms',
    ratio: load / warm,
    target: 'reported',
    pass: true,
  });
}

// Same seed, same bytes: two generations print identically (a sanity check of what is timed).
const retailA = generateRetailDatabase({ seed: 11 });
const retailB = generateRetailDatabase({ seed: 11 });
const airlineA = generateAirlineDatabase({ seed: 11 });
const deterministic =
  sha(pyDumps(retailA as unknown as PyValue)) === sha(pyDumps(retailB as unknown as PyValue)) &&
  sha(airlineDatabaseJson(airlineA)) === sha(airlineDatabaseJson(generateAirlineDatabase({ seed: 11 })));

const format = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const lines = [
  '| domain | measure | Sigma | baseline | ratio | target | pass |',
  '|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.domain} | ${r.measure} | ${format(r.sigma)} ${r.unit} | ${r.baseline === undefined ? '' : `${format(r.baseline)} ${r.unit}`} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}x`} | ${r.target} | ${r.pass ? 'yes' : 'NO'} |`,
  ),
];
console.log(lines.join('\n'));
console.log(`same seed, same bytes: ${deterministic ? 'yes' : 'NO'}`);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, 'bench/results/generation.json'),
  `${JSON.stringify({ node: process.version, date: new Date().toISOString(), rows, deterministic }, null, 2)}\n`,
);
if (!deterministic || rows.some((r) => !r.pass)) process.exitCode = 1;
