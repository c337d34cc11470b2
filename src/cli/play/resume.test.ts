import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp-dir.ts';
import { readTrajectoryFile } from './resume.ts';

describe('readTrajectoryFile', () => {
  const dir = tempDir('resume');
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads one trajectory, pretty-printed or not', () => {
    expect(readTrajectoryFile(file('one.json', '{\n  "id": "a",\n  "n": 1\n}\n'))).toEqual({ id: 'a', n: 1 });
  });

  it('takes the last record of a JSON-lines file', () => {
    expect(readTrajectoryFile(file('many.jsonl', '{"id": "a"}\n{"id": "b"}\n\n'))).toEqual({ id: 'b' });
  });

  it('names an empty file, a file that is not JSON, and a missing one', () => {
    expect(() => readTrajectoryFile(file('empty.json', '\n'))).toThrow(/empty\.json: is empty/);
    expect(() => readTrajectoryFile(file('bad.json', 'not json'))).toThrow(/bad\.json: is not JSON/);
    expect(() => readTrajectoryFile(join(dir, 'missing.json'))).toThrow(/missing\.json: no such file/);
  });
});
