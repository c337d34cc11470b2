// The README's examples run as written: each marked code block is copied into a file inside the
// package (so `import 'sigma-simulator'` and `'sigma-simulator/engine'` resolve to this package, its
// source through the `sigma-source` export condition) and run with Node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { noSharedData, repoRoot, sharedData, skipReason } from './support/shared-data.ts';

function exampleBlock(name: string): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- example: ${name} `);
  expect(at, `the README marks its ${name} example`).toBeGreaterThan(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  return block![1]!;
}

const folder = mkdtempSync(join(repoRoot, '.tmp-readme-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function run(name: string, code: string) {
  const file = join(folder, `${name}.ts`);
  writeFileSync(file, code);
  const env: NodeJS.ProcessEnv = { ...process.env, SIGMA_HOME: join(folder, 'home'), NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$/.test(key)) delete env[key];
  return spawnSync(process.execPath, ['--conditions=sigma-source', file], {
    cwd: folder,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('README library example', () => {
  it('runs as written and plays the task to reward 1', () => {
    const result = run('library', exampleBlock('library'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^customer: .*#W1392577/);
    expect(lines[1]).toBe('tool: bruno_haddad_4608');
    expect(lines.at(-1)).toBe('done: true reward: 1 state match: true');
  });
});

describe.skipIf(noSharedData)(`README engine example (${skipReason})`, () => {
  it('imports the engine subpath and steps an episode on the reference data', () => {
    // The block names the shared data as seen from the repository's root; point it at the real folder.
    const code = exampleBlock('engine').replace(/'\.\.\/shared\/data\/([^']*)'/g, (_, rest: string) =>
      JSON.stringify(join(sharedData, rest)),
    );
    expect(code).not.toContain('../shared/data');
    const result = run('engine', code);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual(['yusuf_rossi_9620', '0']);
  });
});
