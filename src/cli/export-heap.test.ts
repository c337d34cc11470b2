import { describe, expect, it } from 'vitest';
import { exportHeapMb, exportRelaunchFlags } from './export-heap.ts';

describe('exportRelaunchFlags', () => {
  const argv = (...rest: string[]) => ['/usr/bin/node', '/opt/sigma/dist/cli/main.js', ...rest];

  it('relaunches `sigma export` once, under a small young generation and a capped old one', () => {
    expect(exportRelaunchFlags(argv('export', '--format', 'raw'), [], {}, 200)).toEqual([
      '--max-semi-space-size=4',
      '--max-old-space-size=200',
    ]);
    // The relaunched process does not relaunch again.
    expect(exportRelaunchFlags(argv('export'), [], { SIGMA_EXPORT_RELAUNCHED: '1' })).toBeUndefined();
  });

  it('leaves other commands alone, and each size the user chose', () => {
    expect(exportRelaunchFlags(argv('serve'), [], {})).toBeUndefined();
    expect(exportRelaunchFlags(argv('--env', 'retail', 'export'), [], {})).toBeUndefined();
    expect(exportRelaunchFlags(argv('export'), ['--max-semi-space-size=8'], {}, 128)).toEqual([
      '--max-old-space-size=128',
    ]);
    expect(
      exportRelaunchFlags(argv('export'), [], { NODE_OPTIONS: '--max_old_space_size=512' }, 128),
    ).toEqual(['--max-semi-space-size=4']);
    expect(
      exportRelaunchFlags(argv('export'), [], {
        NODE_OPTIONS: '--max-old-space-size=512 --max-semi-space-size=4',
      }),
    ).toBeUndefined();
  });
});

describe('exportHeapMb', () => {
  it('reads SIGMA_EXPORT_HEAP_MB, or gives the default', () => {
    expect(exportHeapMb({})).toBe(128);
    expect(exportHeapMb({ SIGMA_EXPORT_HEAP_MB: ' 640 ' })).toBe(640);
    expect(exportHeapMb({ SIGMA_EXPORT_HEAP_MB: '0x20' })).toEqual({
      problem: expect.stringContaining('whole number'),
    });
  });
});
