// The README's library and engine examples run as written: each code block is copied into a file
// inside the package (so `import 'sigma-simulator'` resolves to this package, its source through the
// `sigma-source` export condition) and run with Node. examples/ ships the same code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/shared-data.ts';

function exampleBlock(name = 'library'): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- example: ${name}`);
  expect(at, `the README marks its ${name} example`).toBeGreaterThan(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  return block![1]!;
}

const folder = mkdtempSync(join(repoRoot, '.tmp-readme-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('README library example', () => {
  it('runs as written and plays the task to reward 1', () => {
    const file = join(folder, 'example.ts');
    writeFileSync(file, exampleBlock('library'));
    const env: NodeJS.ProcessEnv = { ...process.env, SIGMA_HOME: join(folder, 'home'), NO_COLOR: '1' };
    for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$/.test(key)) delete env[key];
    const run = spawnSync(process.execPath, ['--conditions=sigma-source', file], {
      cwd: folder,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^customer: .*#W1392577/);
    expect(lines[1]).toBe('tool: bruno_haddad_4608');
    expect(lines.at(-1)).toBe('done: true reward: 1 state match: true');
  });
});

function run(code: string) {
  const file = join(folder, 'engine.ts');
  writeFileSync(file, code);
  const env: NodeJS.ProcessEnv = { ...process.env, SIGMA_HOME: join(folder, 'home'), NO_COLOR: '1' };
  return spawnSync(process.execPath, ['--conditions=sigma-source', file], {
    cwd: folder,
    env,
    encoding: 'utf8',
  });
}

describe('README engine example', () => {
  it('runs as written on the built-in data', () => {
    const result = run(exampleBlock('engine'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('bruno_haddad_4608\n0\n');
  });

  it('is what examples/ ships, after its first comment line', () => {
    for (const name of ['library', 'engine']) {
      const shipped = readFileSync(join(repoRoot, 'examples', `${name}.ts`), 'utf8');
      expect(shipped.slice(shipped.indexOf('\n') + 1)).toBe(exampleBlock(name));
    }
  });
});
