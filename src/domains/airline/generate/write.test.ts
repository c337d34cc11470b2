import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDomainFolder } from '../../../core/domain/loaders/index.ts';
import { RESPOND_ACTION } from '../../../core/domain/types.ts';
import { Episode } from '../../../core/episode/episode.ts';
import { InputError } from '../../../core/errors.ts';
import { pyDumps } from '../../../core/python/index.ts';
import { State } from '../../../core/state/index.ts';
import { builtInToolKits } from '../../toolkits.ts';
import { airlinePolicy, airlineUserGuidelines } from './content.ts';
import { airlineDatabaseJson, generateAirlineDatabase } from './database.ts';
import { buildAirlineDomain } from './domain.ts';
import { generateAirlineTasks } from './tasks/generate.ts';
import { writeAirlineDomain } from './write.ts';

const parent = mkdtempSync(join(tmpdir(), 'sigma-airline-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('writeAirlineDomain', () => {
  const dir = join(parent, 'airline');
  const written = writeAirlineDomain(dir, { seed: 9, tasks: 24 });

  it("writes Sigma's layout, which loads through the loader", async () => {
    expect(written).toEqual({ dir, tasks: 24, users: 500, flights: 300, reservations: 2000 });
    expect(readdirSync(dir).sort()).toEqual([
      'db.json',
      'domain.json',
      'policy.md',
      'tasks.json',
      'user_guidelines.md',
    ]);
    expect(readdirSync(parent)).toEqual(['airline']);
    expect(JSON.parse(readFileSync(join(dir, 'domain.json'), 'utf8'))).toEqual({
      name: 'airline',
      toolkit: 'airline',
    });
    const db = generateAirlineDatabase({ seed: 9 });
    expect(readFileSync(join(dir, 'db.json'), 'utf8')).toBe(airlineDatabaseJson(db));

    const domain = await loadDomainFolder(dir, builtInToolKits);
    expect(domain.name).toBe('airline');
    expect(domain.flavour.name).toBe('sigma');
    expect(domain.source.layout).toBe('sigma');
    expect([...domain.tools.keys()]).toEqual(
      builtInToolKits.find((k) => k.name === 'airline')!.tools.map((t) => t.name),
    );
    expect(domain.policy).toBe(airlinePolicy());
    expect(domain.userGuidelines).toBe(airlineUserGuidelines());
    expect(domain.tasks.get('test')).toHaveLength(12);
    expect(domain.tasks.get('train')).toHaveLength(12);

    const generated = generateAirlineTasks({ seed: 9, count: 24, db });
    const loaded = [...domain.tasks.get('test')!, ...domain.tasks.get('train')!].sort(
      (a, b) => Number(a.id.split('-')[2]) - Number(b.id.split('-')[2]),
    );
    loaded.forEach((task, n) => {
      const original = generated[n]!;
      expect(task.id).toBe(original.id);
      expect(task.userId).toBe(original.userId);
      expect(task.instruction).toBe(original.instruction);
      expect(task.outputs).toEqual(original.outputs);
      expect(pyDumps(task.userScenario!)).toBe(pyDumps(original.userScenario));
      expect(pyDumps(task.actions.map((a) => ({ name: a.name, kwargs: a.kwargs })))).toBe(
        pyDumps(original.actions.map((a) => ({ name: a.name, kwargs: a.kwargs }))),
      );
    });
    // the loaded data is the generated data: same state hash as the in-memory domain
    const memory = buildAirlineDomain(db);
    expect(domain.hashState(new State(domain.base))).toBe(memory.hashState(new State(memory.base)));

    for (const task of loaded.slice(0, 16)) {
      const episode = new Episode(domain, task);
      let done = false;
      for (const action of task.actions) done = episode.step(action).done;
      if (!done)
        episode.step(
          { name: RESPOND_ACTION, kwargs: { content: task.outputs.join(' ') || 'ok' } },
          '###STOP###',
        );
      expect(episode.score().reward, task.id).toBe(1);
    }
  });

  it('leaves an existing folder alone unless asked to overwrite it', () => {
    const other = join(parent, 'taken');
    writeAirlineDomain(other, { seed: 1, tasks: 2, users: 20, flights: 30, reservations: 40 });
    writeFileSync(join(other, 'mine.txt'), 'keep me');
    expect(() => writeAirlineDomain(other, { seed: 2, tasks: 2 })).toThrow(InputError);
    expect(readFileSync(join(other, 'mine.txt'), 'utf8')).toBe('keep me');
    const again = writeAirlineDomain(other, {
      seed: 2,
      tasks: 3,
      users: 20,
      flights: 30,
      reservations: 40,
      overwrite: true,
    });
    expect(again.tasks).toBe(3);
    expect(readdirSync(other)).not.toContain('mine.txt');
    expect(readdirSync(parent).sort()).toEqual(['airline', 'taken']);
  });
});
