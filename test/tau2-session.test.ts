// Playing a tau2 domain through SimulatorCore: scored by tau2's evaluator, with the judge model when
// one is given, provisional without one, and 0 with the reason when cut off.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tau2Criteria } from '../src/core/flavours/tau2/index.ts';
import { toJs } from '../src/core/python/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { MockModelClient } from '../src/testing/index.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

describe.skipIf(noSharedData)(`a tau2 domain in a session (${skipReason})`, () => {
  // Built in a hook, not in the describe body: Vitest runs that body while collecting, even when the
  // suite is skipped, and the folder may be missing.
  let registry: DomainRegistry;
  beforeAll(() => {
    registry = new DomainRegistry({ data: shared('tau2'), home: '/nonexistent-sigma-home' });
  });

  /** The first retail task with natural-language assertions and a write in its ground truth. */
  async function taskWithAssertions(): Promise<number> {
    const domain = await registry.get('retail');
    const tasks = domain.tasks.get(domain.defaultSplit)!;
    const index = tasks.findIndex((t) => {
      return (tau2Criteria(t)?.nlAssertions ?? []).length > 0 && t.actions.length > 0;
    });
    expect(index).toBeGreaterThanOrEqual(0);
    return index;
  }

  async function playGroundTruth(sim: SimulatorCore) {
    await sim.start();
    for (const a of sim.task.actions) await sim.callTool(a.name, toJs(a.kwargs) as Record<string, unknown>);
    // The scripted customer goes through every goal of the scenario before it stops.
    let outcome = await sim.respondToUser('It is all done. Is there anything else I can help with?');
    for (let i = 0; i < 8 && !outcome.done; i++) {
      outcome = await sim.respondToUser('Is there anything else I can help with?');
    }
    return outcome;
  }

  it('without a judge: the data check decides, the assertions are not judged, the reward is provisional', async () => {
    const sim = new SimulatorCore({
      envName: 'retail',
      registry,
      env: {},
      taskIndex: await taskWithAssertions(),
    });
    const outcome = await playGroundTruth(sim);
    expect(sim.domain.flavour.name).toBe('tau2');
    expect(outcome.done).toBe(true);
    const { reward } = sim.getFinalResult();
    expect(reward).toMatchObject({ reward: 1, provisional: true, judgeModel: null });
    expect(reward.note).toMatch(/not judged/);
    expect(reward.breakdown).toMatchObject({ db: { match: true }, nlAssertions: { status: 'not judged' } });
    expect(sim.getFinalResult().stateDiff).toEqual([]);
  });

  it('with a judge model: its verdicts decide and it is recorded', async () => {
    const index = await taskWithAssertions();
    const domain = await registry.get('retail');
    const count = tau2Criteria(domain.tasks.get(domain.defaultSplit)![index]!)!.nlAssertions!.length;
    const verdicts = (holds: boolean) =>
      JSON.stringify({
        verdicts: Array.from({ length: count }, (_, i) => ({ statement: i + 1, holds, why: 'seen' })),
      });
    const passing = new SimulatorCore({
      envName: 'retail',
      registry,
      env: {},
      taskIndex: index,
      judge: new MockModelClient({ replies: [verdicts(true)] }),
    });
    await playGroundTruth(passing);
    expect(passing.getFinalResult().reward).toMatchObject({
      reward: 1,
      provisional: false,
      judgeModel: 'mock:mock-model',
    });
    const failing = new SimulatorCore({
      envName: 'retail',
      registry,
      env: {},
      taskIndex: index,
      judge: new MockModelClient({ replies: [verdicts(false)] }),
    });
    await playGroundTruth(failing);
    expect(failing.getFinalResult().reward).toMatchObject({ reward: 0, provisional: false });
    // Resumed without a judge (as the server shows an episode played in the terminal), the judged
    // reward and the episode's times are the recorded ones.
    const record = JSON.parse(JSON.stringify(failing.toTrajectory()));
    const resumed = await SimulatorCore.fromTrajectory(record, { registry, env: {} });
    expect(resumed.getFinalResult().reward).toEqual(record.reward);
    expect(resumed.toTrajectory()).toMatchObject({ startedAt: record.startedAt, endedAt: record.endedAt });
    const broken = new SimulatorCore({
      envName: 'retail',
      registry,
      env: {},
      taskIndex: index,
      judge: new MockModelClient({ replies: ['I think so.', 'Still unsure.', 'No idea.', 'Maybe.'] }),
    });
    await playGroundTruth(broken);
    const result = broken.getFinalResult().reward;
    expect(result).toMatchObject({
      provisional: true,
      breakdown: { db: { match: true }, nlAssertions: { status: 'error' } },
    });
  });

  it('scores a conversation cut off by the turn cap 0, with the reason', async () => {
    const sim = new SimulatorCore({
      envName: 'retail',
      registry,
      env: {},
      taskIndex: await taskWithAssertions(),
      maxTurns: 2,
    });
    await sim.start();
    const [first, second] = sim.task.actions;
    await sim.callTool(first!.name, toJs(first!.kwargs) as Record<string, unknown>);
    const last = await sim.callTool(second!.name, toJs(second!.kwargs) as Record<string, unknown>);
    expect(last).toMatchObject({ done: true, reward: 0 });
    expect(sim.getFinalResult().reward.note).toMatch(/terminated prematurely.*max-steps/i);
  });

  it('refuses a persona file with an actions ground truth: tau2 tasks are scored by their own criteria', async () => {
    const path = join(tempDir('tau2-persona'), 'p.json');
    writeFileSync(
      path,
      JSON.stringify({
        instruction: 'You want order #W5918442 cancelled.',
        actions: [
          { name: 'cancel_pending_order', kwargs: { order_id: '#W5918442', reason: 'ordered by mistake' } },
        ],
      }),
    );
    await expect(
      new SimulatorCore({ envName: 'retail', registry, env: {}, personaFile: path }).start(),
    ).rejects.toThrow(
      /not read on tau2 domains, whose tasks are scored by tau2's evaluation criteria: give it as "evaluation_criteria"/,
    );
  });
});
