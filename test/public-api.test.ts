// The package's entry points stay small and named: `sigma-simulator` is the public API (at most 90
// runtime names, each re-exported by name), `sigma-simulator/engine` holds the internals.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/shared-data.ts';

const MAX_PUBLIC_NAMES = 90;

/** The runtime names an entry point of the package exports, imported by its package name. */
function runtimeNames(specifier: string): string[] {
  const code = `const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`;
  const run = spawnSync(process.execPath, ['--conditions=sigma-source', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as string[];
}

const exportStar = /^\s*export\s*\*/m;

describe('public API', () => {
  const publicNames = runtimeNames('sigma-simulator');
  const engineNames = runtimeNames('sigma-simulator/engine');

  it(`exports at most ${MAX_PUBLIC_NAMES} runtime names from the package entry`, () => {
    expect(publicNames.length).toBeGreaterThan(0);
    expect(publicNames.length, publicNames.join(', ')).toBeLessThanOrEqual(MAX_PUBLIC_NAMES);
    for (const name of [
      'SimulatorCore',
      'TrajectorySchema',
      'SigmaError',
      'DomainRegistry',
      'createModelClient',
    ]) {
      expect(publicNames).toContain(name);
    }
  });

  it('names every re-export of src/index.ts and src/engine.ts (no export *)', () => {
    for (const file of ['src/index.ts', 'src/engine.ts']) {
      const text = readFileSync(join(repoRoot, file), 'utf8');
      expect(exportStar.test(text), `${file} has an export * line`).toBe(false);
    }
    expect(exportStar.test('export * from "./x.ts";')).toBe(true);
  });

  it('keeps the engine and the value model out of the public entry, in sigma-simulator/engine', () => {
    for (const name of ['Episode', 'State', 'parsePyJson', 'pyDumps', 'callTool', 'tauBenchReward']) {
      expect(publicNames).not.toContain(name);
      expect(engineNames).toContain(name);
    }
    expect(publicNames.filter((name) => engineNames.includes(name))).toEqual([]);
  });

  it('declares the engine subpath like the main entry, built from src/', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.exports['./engine']).toEqual({
      types: './dist/engine.d.ts',
      'sigma-source': './src/engine.ts',
      default: './dist/engine.js',
    });
    const build = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.build.json'), 'utf8'));
    expect(build.compilerOptions.rootDir).toBe('src');
    expect(build.include).toContain('src');
  });
});
