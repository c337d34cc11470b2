// Several processes opening one fresh SQLite store file at the same moment — a team's `sigma worker`s
// started together on a new database — each switch it to WAL and migrate it: every one must succeed
// (before the migration ran in one write transaction, some failed with "table sessions already exists"
// or "database is locked"), and the schema is there once.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, runsOf } from '../src/store/index.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

const OPEN = `
const { openStore } = await import(${JSON.stringify(join(repoRoot, 'src/store/index.ts'))});
const store = openStore('sqlite:' + process.argv[1]);
try { await store.migrate(); console.log('migrated'); } catch (error) { console.log('failed: ' + error.message); }
await store.close();
`;

function open(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', OPEN, path], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      if (!/ExperimentalWarning|--trace-warnings/.test(c)) out += c;
    });
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

describe('a fresh SQLite store opened by several processes at once', () => {
  it('is switched to WAL and migrated by all of them, once', async () => {
    const dir = tempDir('store-together');
    for (let round = 0; round < 3; round++) {
      const path = join(dir, `team-${round}.db`);
      const outputs = await Promise.all([0, 1, 2, 3].map(() => open(path)));
      expect(outputs).toEqual(['migrated', 'migrated', 'migrated', 'migrated']);
      const store = openStore(`sqlite:${path}`);
      await store.migrate();
      expect(await runsOf(store).getRun('none')).toBeUndefined();
      expect((await store.listSessions({ limit: 1, offset: 0 })).total).toBe(0);
      await store.close();
    }
  }, 120_000);
});
