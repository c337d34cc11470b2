import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_STRATEGIES,
  CustomerStrategySchema,
  isCustomerStrategy,
  MODEL_STRATEGIES,
  needsModel,
  SELECTABLE_STRATEGIES,
} from '../src/contracts/customer.ts';
import { CustomerConfigSchema } from '../src/contracts/trajectory.ts';
import { CreateSessionSchema } from '../src/server/api-schemas.ts';
import { PROMPT_VERSIONS } from '../src/users/strategies.ts';
import { repoRoot } from './support/shared-data.ts';

describe('the customer strategies', () => {
  it('are listed once, and the schemas that name them derive from that list', () => {
    expect(CUSTOMER_STRATEGIES).toEqual([
      'llm',
      'react',
      'verify',
      'reflection',
      'scripted',
      'replay',
      'human',
    ]);
    expect(CustomerStrategySchema.options).toEqual([...CUSTOMER_STRATEGIES]);
    expect(CustomerConfigSchema.shape.strategy.options).toEqual([...CUSTOMER_STRATEGIES]);
    expect(CreateSessionSchema.shape.userStrategy.unwrap().options).toEqual([...SELECTABLE_STRATEGIES]);
    expect(Object.keys(PROMPT_VERSIONS)).toEqual([...CUSTOMER_STRATEGIES]);
  });

  it('say which need a model and which a user can pick by name', () => {
    expect(CUSTOMER_STRATEGIES.filter(needsModel)).toEqual([...MODEL_STRATEGIES]);
    expect(SELECTABLE_STRATEGIES).toEqual(['llm', 'react', 'verify', 'reflection', 'scripted']);
    expect(SELECTABLE_STRATEGIES.every(isCustomerStrategy)).toBe(true);
    expect(isCustomerStrategy('telepathy')).toBe(false);
    expect(isCustomerStrategy(1)).toBe(false);
    expect(CustomerStrategySchema.safeParse('telepathy').success).toBe(false);
  });
});

describe('sigma play --help', () => {
  it('lists the strategies a user can pick, from the same list', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'src/cli/main.ts'), 'play', '--help'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(0);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      '--user-strategy <strategy> customer: llm, react, verify, reflection or scripted (default: llm with a model, else scripted)',
    );
  });
});
