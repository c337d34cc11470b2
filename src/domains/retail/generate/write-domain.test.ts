import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDomainFolder } from '../../../core/domain/loaders/index.ts';
import { RESPOND_ACTION } from '../../../core/domain/types.ts';
import { Episode } from '../../../core/episode/episode.ts';
import { InputError } from '../../../core/errors.ts';
import { parsePyJson, pyDumps } from '../../../core/python/index.ts';
import { builtInToolKits } from '../../toolkits.ts';
import { retailPolicy, retailUserGuidelines } from './content.ts';
import { writeRetailDomain } from './write-domain.ts';

const tmp = mkdtempSync(join(tmpdir(), 'sigma-retail-write-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writeRetailDomain', () => {
  const dir = join(tmp, 'retail');
  writeRetailDomain(dir, { seed: 5, tasks: 40 });

  it('writes Sigma layout files that load through the domain loader', async () => {
    expect(readdirSync(dir).sort()).toEqual([
      'db.json',
      'domain.json',
      'policy.md',
      'tasks.json',
      'user_guidelines.md',
    ]);
    const domain = await loadDomainFolder(dir, builtInToolKits);
    expect(domain.source.layout).toBe('sigma');
    expect(domain.flavour.name).toBe('sigma');
    expect(domain.name).toBe('retail');
    expect([...domain.tools.keys()]).toContain('exchange_delivered_order_items');
    expect(domain.policy).toBe(retailPolicy());
    expect(domain.userGuidelines).toBe(retailUserGuidelines());
    const all = [...domain.tasks.values()].flat();
    expect(all).toHaveLength(40);
    expect([...domain.tasks.keys()].sort()).toEqual(['test', 'train']);
    expect(all[0]!.id).toBe('retail-5-0');
    expect(all.every((t) => t.userId !== undefined && t.userScenario !== undefined)).toBe(true);

    // The loaded tasks still score: ground truth 1.0 on the data read back from db.json.
    for (const task of all.slice(0, 12)) {
      const episode = new Episode(domain, task);
      for (const action of task.actions) if (!episode.done) episode.step(action);
      if (!episode.done) {
        const say = { name: RESPOND_ACTION, kwargs: { content: task.outputs.join(' ') } };
        episode.step(say, '###STOP###');
      }
      expect(episode.score().reward, task.id).toBe(1);
    }
  });

  it('writes the same bytes for the same seed, and db.json reads back exactly', () => {
    const again = join(tmp, 'again');
    writeRetailDomain(again, { seed: 5, tasks: 40 });
    for (const file of ['db.json', 'tasks.json', 'domain.json']) {
      expect(readFileSync(join(again, file), 'utf8'), file).toBe(readFileSync(join(dir, file), 'utf8'));
    }
    const text = readFileSync(join(dir, 'db.json'), 'utf8');
    expect(`${pyDumps(parsePyJson(text))}\n`).toBe(text);
    expect(JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8'))).toEqual({
      name: 'retail',
      toolkit: 'retail',
    });
  });

  it('never overwrites a folder and leaves no temporary folder behind', () => {
    const taken = join(tmp, 'taken');
    mkdirSync(join(taken, 'inside'), { recursive: true });
    expect(() => writeRetailDomain(taken, { seed: 1, tasks: 2 })).toThrow(InputError);
    expect(readdirSync(taken)).toEqual(['inside']);
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(existsSync(join(tmp, 'retail'))).toBe(true);
  });
});
