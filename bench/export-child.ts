// One export of the export benchmark, in its own process so its peak RSS is its own:
// node bench/export-child.ts STORE.db FORMAT stream|naive OUT_DIR  ->  {rows, seconds, maxRssMb, bytes}
import { type ExportFormatName, exportTrajectories } from '../src/exports/index.ts';
import { SqliteStore } from '../src/store/index.ts';

const [file, format, mode, out] = process.argv.slice(2) as [
  string,
  ExportFormatName,
  'stream' | 'naive',
  string,
];
const store = SqliteStore.open(file);
const started = process.hrtime.bigint();
let source: Parameters<typeof exportTrajectories>[0]['source'] = store;
if (mode === 'naive') {
  // The naive way: every record read into memory first, then written.
  const all: unknown[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listSessions({ limit: 1000, offset });
    for (const item of page.items) all.push(JSON.parse((await store.getTrajectory(item.id))!));
    if (page.items.length < 1000) break;
  }
  source = all;
}
const { manifest } = await exportTrajectories({ format, source, out, force: true });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
await store.close();
const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
console.log(
  JSON.stringify({
    rows: manifest.counts.rows,
    seconds,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    bytes,
  }),
);
