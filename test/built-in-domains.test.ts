// The domains Sigma ships: every task's ground truth replays cleanly and scores 1.0; doing nothing or a
// wrong write scores 0.0 (a sample of tasks, through the whole episode and reward path).
import { describe, expect, it } from 'vitest';
import { replayGroundTruth } from '../src/core/domain/ground-truth.ts';
import { type Domain, RESPOND_ACTION, type Task } from '../src/core/domain/types.ts';
import { Episode } from '../src/core/episode/episode.ts';
import { DomainRegistry } from '../src/registry/index.ts';

const registry = new DomainRegistry({ home: '/nonexistent-sigma-home' });

/** Plays actions, then tells the customer the task's outputs; the customer stops. */
function play(domain: Domain, task: Task, actions: Task['actions']): Episode {
  const episode = new Episode(domain, task);
  for (const action of actions) {
    if (action.name === RESPOND_ACTION || episode.done) continue;
    episode.step(action);
  }
  if (!episode.done) {
    episode.step(
      { name: RESPOND_ACTION, kwargs: { content: `Done. ${task.outputs.join(' ')}` } },
      '###STOP###',
    );
  }
  return episode;
}

function writesOf(domain: Domain, task: Task) {
  return task.actions.filter((a) => domain.tools.get(a.name)?.access === 'write');
}

describe.each(['retail', 'airline'])('built-in %s', (name) => {
  it('every task replays its ground truth without errors and scores 1.0 on it', async () => {
    const domain = await registry.get(name);
    const tasks = [...domain.tasks.values()].flat();
    expect(tasks.length).toBe(name === 'retail' ? 200 : 100);
    for (const task of tasks) {
      expect(replayGroundTruth(domain, task).problems, task.id).toEqual([]);
      expect(play(domain, task, task.actions).score().reward, task.id).toBe(1);
    }
  });

  it('covers every write tool, and some tasks must be refused or transferred', async () => {
    const domain = await registry.get(name);
    const tasks = [...domain.tasks.values()].flat();
    const used = new Set(tasks.flatMap((t) => t.actions.map((a) => a.name)));
    const writeTools = [...domain.tools.values()].filter((t) => t.access === 'write').map((t) => t.name);
    expect(writeTools.filter((tool) => !used.has(tool))).toEqual([]);
    expect(tasks.some((t) => writesOf(domain, t).length === 0)).toBe(true);
    expect(tasks.some((t) => t.actions.some((a) => a.name === 'transfer_to_human_agents'))).toBe(true);
  });

  it('scores doing nothing and a wrong write 0.0 on a sample of tasks', async () => {
    const domain = await registry.get(name);
    const tasks = [...domain.tasks.values()].flat();
    const writing = tasks.filter((t) => writesOf(domain, t).length > 0);
    const sample = writing.filter((_, i) => i % 5 === 0);
    expect(sample.length).toBeGreaterThanOrEqual(10);
    let wrongWrites = 0;
    for (const task of sample) {
      expect(play(domain, task, []).score().reward, `${task.id}: nothing`).toBe(0);
      // A wrong write: the ground truth plus another task's writes that change other data.
      for (const other of writing) {
        if (other === task) continue;
        const episode = play(domain, task, [
          ...task.actions.filter((a) => a.name !== 'transfer_to_human_agents'),
          ...writesOf(domain, other),
        ]);
        if (episode.observations.some((o) => o.startsWith('Error'))) continue;
        const reward = episode.score();
        expect(reward.reward, `${task.id} + ${other.id}`).toBe(0);
        expect(reward.breakdown?.stateMatch).toBe(false);
        wrongWrites++;
        break;
      }
    }
    expect(wrongWrites).toBe(sample.length);
  });
});
