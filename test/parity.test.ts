import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PyValue, parsePyJson } from '../src/core/python/index.ts';
import { runTauBenchParity } from '../src/evaluation/parity.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { guessDomain, rescoreTrajectories } from '../src/session/rescore.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';

function readShared(...parts: string[]): PyValue {
  return parsePyJson(readFileSync(shared(...parts), 'utf8'));
}

describe.skipIf(noSharedData)(`tau-bench parity (${skipReason})`, () => {
  it('reproduces every observation, state hash and reward of the 576 reference cases', async () => {
    const cases = readShared('parity', 'tau-bench-vectors.json') as PyValue[];
    const report = await runTauBenchParity(
      cases,
      new DomainRegistry({ data: shared('tau-bench'), origins: ['folder'] }),
    );
    expect(report.cases).toBe(576);
    expect(report.differences.slice(0, 5)).toEqual([]);
    expect(report.hashes).toEqual({ agree: 576, total: 576 });
    expect(report.rewards).toEqual({ agree: 543, total: 543 });
    expect(report.rewardInfos).toEqual({ agree: 543, total: 543 });
    expect(report.observations.agree).toBe(report.observations.total);
    expect(report.observations.total).toBeGreaterThan(2500);
  });

  it('re-scores the 100 recorded gpt-4o airline conversations to their recorded rewards', async () => {
    const records = readShared('trajectories', 'tau-bench-gpt-4o-airline-trials-0-1.json') as PyValue[];
    const catalog = new DomainRegistry({ data: shared('tau-bench'), origins: ['folder'] });
    const domain = guessDomain(records, await Promise.all(catalog.names.map((n) => catalog.get(n))));
    expect(domain.name).toBe('airline');
    const report = await rescoreTrajectories(records, domain);
    expect(report.disagreements).toEqual([]);
    expect(report.agree).toBe(100);
    expect(report.results.filter((r) => r.recomputed === 1)).toHaveLength(43);
    // The recorded run used an older copy of the airline users (addresses had "province" where the
    // data now has "state"), so its 59 get_user_details results print differently; all other 513 tool
    // results are byte-identical.
    expect(report.observations).toEqual({ agree: 513, total: 572 });
  });
});
