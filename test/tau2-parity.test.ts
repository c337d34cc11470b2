import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isDict, type PyDict, type PyValue, parsePyJson } from '../src/core/python/index.ts';
import { isTauBenchVectors } from '../src/evaluation/parity.ts';
import { isTau2Vectors, runTau2Parity } from '../src/evaluation/tau2-parity.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';

function readVectors(file = 'tau2-retail-vectors.json'): PyDict {
  return parsePyJson(readFileSync(shared('parity', file), 'utf8')) as PyDict;
}

describe.skipIf(noSharedData)(`tau2 parity (${skipReason})`, () => {
  let catalog: DomainRegistry;
  beforeAll(() => {
    catalog = new DomainRegistry({ data: shared('tau2'), origins: ['folder'] });
  });

  it('recognises the tau2 format, and not as tau-bench vectors', () => {
    const data = readVectors();
    expect(isTau2Vectors(data)).toBe(true);
    expect(isTauBenchVectors(data)).toBe(false);
    const tauBench = parsePyJson(readFileSync(shared('parity', 'tau-bench-vectors.json'), 'utf8'));
    expect(isTau2Vectors(tauBench)).toBe(false);
  });

  it('agrees with every observation, hash, reward, db check, action check and communicate check of the 332 cases', async () => {
    const report = await runTau2Parity(readVectors(), catalog);
    expect(report.differences.slice(0, 5)).toEqual([]);
    expect(report.cases).toBe(332);
    expect(report.observations).toEqual({ agree: 1731, total: 1731 });
    expect(report.hashes).toEqual({ agree: 332, total: 332 });
    expect(report.rewards).toEqual({ agree: 332, total: 332 });
    expect(report.dbChecks).toEqual({ agree: 332, total: 332 });
    expect(report.actionChecks).toEqual({ agree: 1731, total: 1731 });
    expect(report.communicateChecks).toEqual({ agree: 183, total: 183 });
    expect(report.rewardInfos).toEqual({ agree: 332, total: 332 });
  });

  it('agrees with every observation, hash, reward and check of the 95 airline cases', async () => {
    const data = readVectors('tau2-airline-vectors.json');
    expect(isTau2Vectors(data)).toBe(true);
    const report = await runTau2Parity(data, catalog);
    expect(report.differences.slice(0, 5)).toEqual([]);
    expect(report.cases).toBe(95);
    expect(report.observations).toEqual({ agree: 311, total: 311 });
    expect(report.hashes).toEqual({ agree: 95, total: 95 });
    expect(report.rewards).toEqual({ agree: 95, total: 95 });
    expect(report.dbChecks).toEqual({ agree: 95, total: 95 });
    expect(report.actionChecks).toEqual({ agree: 311, total: 311 });
    expect(report.communicateChecks).toEqual({ agree: 37, total: 37 });
    expect(report.rewardInfos).toEqual({ agree: 95, total: 95 });
    // The missing-communicate cases score 0: airline rewards are DB x COMMUNICATE.
    const cases = data.cases as PyDict[];
    const missing = cases.filter((c) => c.case === 'missing_communicate');
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((c) => Number(c.reward) === 0)).toBe(true);
  });

  it('reports each kind of disagreement on the field it concerns', async () => {
    const data = readVectors();
    const cases = data.cases as PyDict[];
    const withChecks = cases.find((c) => Array.isArray((c.reward_info as PyDict).communicate_checks))!;
    const altered = structuredCloneCase(withChecks);
    // A tool result, its error flag, the final hash, the reward and one check of each kind.
    const firstTool = (altered.messages as PyDict[]).find((m) => m.role === 'tool')!;
    firstTool.content = `${String(firstTool.content)}!`;
    (altered.observations as string[])[0] = String(firstTool.content);
    const firstError = (altered.messages as PyDict[]).filter((m) => m.role === 'tool')[1]!;
    firstError.error = !firstError.error;
    altered.final_db_hash = '0'.repeat(64);
    altered.reward = 0.5;
    const info = altered.reward_info as PyDict;
    (info.db_check as PyDict).db_match = !(info.db_check as PyDict).db_match;
    ((info.action_checks as PyDict[])[0] as PyDict).action_match = false;
    ((info.communicate_checks as PyDict[])[0] as PyDict).justification = 'something else';
    const report = await runTau2Parity({ ...data, cases: [altered] }, catalog);
    const fields = report.differences.map((d) => d.field);
    expect(fields).toEqual([
      'observation',
      'error flag',
      'hash',
      'reward',
      'db_check',
      'action_check',
      'communicate_check',
      'reward_info',
    ]);
    expect(report.differences[0]).toMatchObject({ step: 0, actual: String(firstTool.content).slice(0, -1) });
    expect(report.differences[1]).toMatchObject({ step: 1 });
  });
});

/** A deep copy of a parsed case (its values are plain data). */
function structuredCloneCase(c: PyDict): PyDict {
  const copy = (v: PyValue): PyValue =>
    Array.isArray(v)
      ? v.map(copy)
      : isDict(v)
        ? Object.fromEntries(Object.keys(v).map((k) => [k, copy(v[k] as PyValue)]))
        : v;
  return copy(c) as PyDict;
}
