// Frozen trajectories of each schema version: version 1 (before taken-back turns) and version 2 read
// and resume; the resumed version 2 keeps its taken-back turns; an unknown version is refused clearly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TrajectorySchema } from '../src/contracts/trajectory.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { resumeSession } from '../src/session/replay.ts';
import { ScriptedCustomer } from '../src/users/index.ts';
import { customerConfig } from '../src/users/strategies.ts';
import { tempDir } from './support/temp-dir.ts';

const frozen = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/trajectories/${name}`, import.meta.url), 'utf8'));
const registry = new DomainRegistry({ data: 'test/fixtures/domains/mini-shop', home: tempDir('versions') });

describe('trajectory schema versions', () => {
  it('reads version 1 and version 2 records', () => {
    expect(TrajectorySchema.parse(frozen('v1.json')).schemaVersion).toBe(1);
    const v2 = TrajectorySchema.parse(frozen('v2.json'));
    expect(v2.takenBack?.map((t) => t.by)).toEqual(['undo', 'rollback']);
  });

  it('resumes both; a resumed version 2 record keeps what was taken back, and is written as version 2', async () => {
    const domain = await registry.get('mini-shop');
    for (const name of ['v1.json', 'v2.json']) {
      const record = frozen(name);
      const session = await resumeSession(record, domain, new ScriptedCustomer(customerConfig('scripted')));
      const again = session.toTrajectory();
      expect(again.schemaVersion).toBe(2);
      expect(again.messages).toEqual(record.messages);
      expect(again.takenBack).toEqual(record.takenBack);
      expect(again.reward?.reward).toBe(record.reward.reward);
    }
  });

  it('refuses an unknown version, naming the field', async () => {
    const domain = await registry.get('mini-shop');
    await expect(
      resumeSession(
        { ...frozen('v2.json'), schemaVersion: 3 },
        domain,
        new ScriptedCustomer(customerConfig('scripted')),
      ),
    ).rejects.toThrow(/schemaVersion/);
  });
});
