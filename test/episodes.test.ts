import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDomainFolder } from '../src/core/domain/loaders/index.ts';
import { type Domain, RESPOND_ACTION } from '../src/core/domain/types.ts';
import { Episode } from '../src/core/episode/episode.ts';
import { expectedStateHash } from '../src/core/flavours/tau-bench/index.ts';
import { State } from '../src/core/state/index.ts';
import { builtInToolKits } from '../src/domains/toolkits.ts';
import { noSharedData, repoRoot, shared, skipReason } from './support/shared-data.ts';

describe('Episode on a user domain', () => {
  it('scores the ground truth 1.0, a wrong write 0.0, and undo restores the data', async () => {
    const domain = await loadDomainFolder(join(repoRoot, 'test/fixtures/domains/mini-shop'), builtInToolKits);
    const task = domain.tasks.get('test')![0]!;
    const episode = new Episode(domain, task);
    const fresh = domain.hashState(episode.state);
    episode.step({ name: 'get_order', kwargs: { order_id: 'o100' } });
    episode.step({ name: 'cancel_order', kwargs: { order_id: 'o100', reason: 'ordered by mistake' } });
    expect(episode.score().reward).toBe(0);
    expect(episode.score().breakdown?.stateMatch).toBe(false);
    expect(episode.undo()?.action.name).toBe('cancel_order');
    expect(domain.hashState(episode.state)).toBe(fresh);
    episode.step({ name: 'cancel_order', kwargs: { order_id: 'o100', reason: 'no longer needed' } });
    const end = episode.step(
      { name: RESPOND_ACTION, kwargs: { content: 'Done, it is cancelled.' } },
      'Thanks! ###STOP###',
    );
    expect(end.done).toBe(true);
    expect(episode.endReason).toBe('user-stop');
    expect(episode.score().reward).toBe(1);
    expect(() => episode.step({ name: 'get_order', kwargs: { order_id: 'o100' } })).toThrow(/has ended/);
  });

  it('checks required outputs in the agent messages, ignoring case and commas', async () => {
    const domain = await loadDomainFolder(join(repoRoot, 'test/fixtures/domains/mini-shop'), builtInToolKits);
    const task = domain.tasks.get('train')![0]!;
    const quiet = new Episode(domain, task);
    quiet.step({ name: RESPOND_ACTION, kwargs: { content: 'It cost fifteen.' } }, 'ok');
    expect(quiet.score().info).toEqual({ r_outputs: 0, outputs: { '15': false } });
    const said = new Episode(domain, task);
    said.step({ name: RESPOND_ACTION, kwargs: { content: 'The total was $1,5.' } }, 'ok');
    expect(said.score().reward).toBe(1);
  });
});

describe.skipIf(noSharedData)(`episodes on the reference retail data (${skipReason})`, () => {
  it('keeps thousands of interleaved episodes on one base isolated', async () => {
    const domain: Domain = await loadDomainFolder(shared('tau-bench/retail'), builtInToolKits);
    const tasks = domain.tasks.get('test')!;
    const baseHash = domain.hashState(new State(domain.base));
    const episodes = Array.from(
      { length: 3000 },
      (_, i) => new Episode(domain, tasks[(i * 7) % tasks.length]!),
    );
    const longest = Math.max(...episodes.map((e) => e.task.actions.length));
    for (let step = 0; step < longest; step++) {
      for (const episode of episodes) {
        const action = episode.task.actions[step];
        if (action === undefined || episode.done) continue;
        if (action.name === RESPOND_ACTION) episode.step(action, 'ok');
        else episode.step(action);
      }
    }
    for (const episode of episodes.slice(0, 200)) {
      expect(domain.hashState(episode.state)).toBe(expectedStateHash(domain, episode.task));
    }
    expect(episodes.every((e) => e.score().breakdown?.stateMatch)).toBe(true);
    expect(domain.hashState(new State(domain.base))).toBe(baseHash);
  });

  it('undo and rollback restore the exact state hash', async () => {
    const domain = await loadDomainFolder(shared('tau-bench/retail'), builtInToolKits);
    const task = domain.tasks
      .get('test')!
      .find((t) => t.actions.filter((a) => a.name !== 'think').length >= 3)!;
    const episode = new Episode(domain, task);
    const hashes = [domain.hashState(episode.state)];
    for (const action of task.actions) {
      if (episode.done) break;
      episode.step(action, 'ok');
      hashes.push(domain.hashState(episode.state));
    }
    for (let i = hashes.length - 2; i >= 0; i--) {
      episode.undo();
      expect(domain.hashState(episode.state)).toBe(hashes[i]);
    }
    for (const action of task.actions) if (!episode.done) episode.step(action, 'ok');
    episode.rollbackTo(1);
    expect(domain.hashState(episode.state)).toBe(hashes[1]);
    expect(episode.actions).toHaveLength(1);
  });
});
