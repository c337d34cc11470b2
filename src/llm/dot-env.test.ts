import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.ts';
import { loadDotEnv } from './dot-env.ts';
import { hasAnyModelConfigured, readProviderConfig } from './provider-config.ts';
import { modelEnvironmentVariables } from './providers.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sigma-dotenv-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('loadDotEnv', () => {
  it('fills variables from .env in the working directory', () => {
    writeFileSync(
      join(dir, '.env'),
      '# keys\nOPENAI_API_KEY=sk-from-file\nSIGMA_OPENAI_COMPATIBLE_BASE_URL="http://localhost:11434/v1"\n',
    );
    const env: Record<string, string | undefined> = {};
    const result = loadDotEnv({ cwd: dir, env });
    expect(result).toEqual({
      path: join(dir, '.env'),
      loaded: ['OPENAI_API_KEY', 'SIGMA_OPENAI_COMPATIBLE_BASE_URL'],
      skipped: [],
    });
    expect(env).toEqual({
      OPENAI_API_KEY: 'sk-from-file',
      SIGMA_OPENAI_COMPATIBLE_BASE_URL: 'http://localhost:11434/v1',
    });
    expect(readProviderConfig('openai', env).apiKey).toBe('sk-from-file');
  });

  it('never overrides a variable already set, even an empty one', () => {
    writeFileSync(
      join(dir, '.env'),
      'OPENAI_API_KEY=stale\nANTHROPIC_API_KEY=from-file\nGOOGLE_GENERATIVE_AI_API_KEY=g\n',
    );
    const env: Record<string, string | undefined> = {
      OPENAI_API_KEY: 'from-shell',
      GOOGLE_GENERATIVE_AI_API_KEY: '',
    };
    const result = loadDotEnv({ cwd: dir, env });
    expect(result?.loaded).toEqual(['ANTHROPIC_API_KEY']);
    expect(result?.skipped.sort()).toEqual(['GOOGLE_GENERATIVE_AI_API_KEY', 'OPENAI_API_KEY']);
    expect(env).toEqual({
      OPENAI_API_KEY: 'from-shell',
      ANTHROPIC_API_KEY: 'from-file',
      GOOGLE_GENERATIVE_AI_API_KEY: '',
    });
  });

  it('returns null, changing nothing, when there is no .env', () => {
    const env: Record<string, string | undefined> = { A: '1' };
    expect(loadDotEnv({ cwd: dir, env })).toBeNull();
    expect(env).toEqual({ A: '1' });
  });

  it('reports a .env that cannot be read', () => {
    mkdirSync(join(dir, '.env'));
    expect(() => loadDotEnv({ cwd: dir, env: {} })).toThrow(InputError);
    expect(() => loadDotEnv({ cwd: dir, env: {} })).toThrow(`Cannot read ${join(dir, '.env')}`);
  });

  it('leaves no provider configured when .env is an unfilled copy of .env.example', () => {
    const example = join(import.meta.dirname, '..', '..', '.env.example');
    writeFileSync(join(dir, '.env'), readFileSync(example, 'utf8'));
    const env: Record<string, string | undefined> = {};
    loadDotEnv({ cwd: dir, env });
    expect(hasAnyModelConfigured(env)).toBe(false);
  });
});

describe('.env.example', () => {
  it('lists exactly the variables the providers read', () => {
    const example = parseEnv(readFileSync(join(import.meta.dirname, '..', '..', '.env.example'), 'utf8'));
    expect(Object.keys(example).sort()).toEqual(modelEnvironmentVariables().sort());
    expect(Object.values(example).every((value) => value === '')).toBe(true);
  });
});
