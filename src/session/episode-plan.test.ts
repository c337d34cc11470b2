import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../test/support/shared-data.ts';
import { loadDomainFolder } from '../core/domain/loaders/index.ts';
import { builtInToolKits } from '../domains/toolkits.ts';
import { checkEpisodeChoice, planEpisode } from './episode-plan.ts';

const miniShop = () => loadDomainFolder(join(repoRoot, 'test/fixtures/domains/mini-shop'), builtInToolKits);

describe('planEpisode', () => {
  it('plays the task named, with a persona text as an unscored goal', async () => {
    const domain = await miniShop();
    expect(planEpisode(domain, { taskIndex: 0 })).toEqual({ domain, split: 'test', taskIndex: 0 });
    expect(planEpisode(domain, { taskIndex: 0, persona: 'You want a refund.' })).toMatchObject({
      taskIndex: 0,
      persona: 'You want a refund.',
    });
    // The same seed draws the same task.
    expect(planEpisode(domain, { seed: 7 }).taskIndex).toBe(planEpisode(domain, { seed: 7 }).taskIndex);
  });

  it('names the first mistake of the options: an empty persona before the task', async () => {
    const domain = await miniShop();
    expect(() => planEpisode(domain, { persona: '  ', taskIndex: 99 })).toThrow(/the persona is empty/);
    expect(() => planEpisode(domain, { taskIndex: 99 })).toThrow(/task index 99 is out of range/);
    expect(() => checkEpisodeChoice({ persona: 'x', personaFile: 'p.json' })).toThrow(/not both/);
    expect(() => checkEpisodeChoice({ personaFile: 'p.json', taskSplit: 'test' })).toThrow(/its own task/);
  });
});
