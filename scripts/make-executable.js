// After tsc: marks the built CLI entry executable (tsc keeps its shebang but not the file mode) and
// copies the domains' text content (policies, guidelines), which tsc does not emit.
import { chmodSync, cpSync, existsSync, readdirSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const entry = new URL('dist/cli/main.js', root);
if (existsSync(entry)) chmodSync(entry, 0o755);
for (const domain of readdirSync(new URL('src/domains/', root))) {
  const content = new URL(`src/domains/${domain}/content/`, root);
  if (existsSync(content))
    cpSync(content, new URL(`dist/domains/${domain}/content/`, root), { recursive: true });
}
