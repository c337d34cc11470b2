// The web app's initial JavaScript, gzipped: every script and module preload that dist/web/index.html
// loads before the first page renders. Target: at most 350 KB. Exits 1 when missed or not built.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('../dist/web/', import.meta.url).pathname;
const TARGET_KB = 350;

if (!existsSync(join(root, 'index.html'))) {
  console.error('web size: dist/web is not built (npm run build)');
  process.exit(1);
}
const html = readFileSync(join(root, 'index.html'), 'utf8');
const files = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
  (m) => m[1]!,
);
let jsRaw = 0;
let jsGzip = 0;
let cssGzip = 0;
for (const file of files) {
  const bytes = readFileSync(join(root, file));
  const gz = gzipSync(bytes, { level: 9 }).length;
  if (file.endsWith('.js')) {
    jsRaw += bytes.length;
    jsGzip += gz;
  } else cssGzip += gz;
}
const kb = (n: number) => (n / 1024).toFixed(1);
const pass = jsGzip <= TARGET_KB * 1024;
console.log('| measure | value | target | pass |');
console.log('|---|---|---|---|');
console.log(
  `| initial JavaScript, gzipped | ${kb(jsGzip)} KB (${kb(jsRaw)} KB raw) | <= ${TARGET_KB} KB | ${pass ? 'yes' : 'no'} |`,
);
console.log(`| initial CSS, gzipped | ${kb(cssGzip)} KB | reported | yes |`);
if (!pass) process.exit(1);
