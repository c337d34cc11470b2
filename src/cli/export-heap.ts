import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * `sigma export` runs under a small V8 heap. An export allocates fast (each stored record is parsed,
 * checked, turned into rows and printed) and keeps little (one page of ids, one trajectory, per-task
 * state, a digest per episode), and V8 answers a high allocation rate by growing its heap far above
 * what is alive: the young generation to its 64 MB maximum, the old one to 100 MB and more. A small
 * young generation (`--max-semi-space-size`) and a capped old one (`--max-old-space-size`) make V8
 * collect early instead (docs/benchmarks.md). These flags only take effect at start-up
 * (`v8.setFlagsFromString` cannot shrink a heap already made), so the command runs itself again with
 * them, in a child Node.
 *
 * The cap is far above what an export keeps, but an export of millions of episodes keeps more (its
 * digests, per-task state): if the child runs out of heap, the parent says so and how to raise the cap
 * (`SIGMA_EXPORT_HEAP_MB`), instead of V8's crash report.
 */
export const EXPORT_HEAP_ENV = 'SIGMA_EXPORT_HEAP_MB';
export const DEFAULT_EXPORT_HEAP_MB = 128;
const MIN_EXPORT_HEAP_MB = 16;
const SEMI_SPACE_MB = 4;
const RELAUNCHED = 'SIGMA_EXPORT_RELAUNCHED';
/** Set for the child when the parent's stderr is a terminal: the child's stderr is a pipe, but the progress line is wanted. */
export const EXPORT_PROGRESS_ENV = 'SIGMA_EXPORT_PROGRESS';

/** The cap of the old generation, in MB: `SIGMA_EXPORT_HEAP_MB`, or the default; a message if it is not a size. */
export function exportHeapMb(env: NodeJS.ProcessEnv): number | { problem: string } {
  const text = env[EXPORT_HEAP_ENV];
  if (text === undefined || text.trim() === '') return DEFAULT_EXPORT_HEAP_MB;
  const mb = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || mb < MIN_EXPORT_HEAP_MB)
    return {
      problem: `${EXPORT_HEAP_ENV}=${text} is not a heap size: give a whole number of megabytes, at least ${MIN_EXPORT_HEAP_MB} (default ${DEFAULT_EXPORT_HEAP_MB})`,
    };
  return mb;
}

/** The V8 flags `sigma export` runs under, with an old-generation cap of `heapMb`. */
export function exportNodeFlags(heapMb: number = DEFAULT_EXPORT_HEAP_MB): string[] {
  return [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--max-old-space-size=${heapMb}`];
}

/**
 * The flags to relaunch `sigma export` with, or undefined when this process should not relaunch: not
 * `export`, already the relaunched child, or both sizes chosen by the user (on the command line or in
 * `NODE_OPTIONS`; a size the user chose is left to them, the other one is still set).
 */
export function exportRelaunchFlags(
  argv: readonly string[],
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
  heapMb: number = DEFAULT_EXPORT_HEAP_MB,
): string[] | undefined {
  if (argv[2] !== 'export' || env[RELAUNCHED] === '1') return undefined;
  const chosen = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  const name = (flag: string) => flag.replace(/=.*$/, '').replaceAll('_', '-');
  const flags = exportNodeFlags(heapMb).filter((f) => !chosen.some((c) => name(c) === name(f)));
  return flags.length === 0 ? undefined : flags;
}

/** What V8 writes when a heap reaches its limit: from here on the child's stderr is its crash report. */
const OUT_OF_HEAP =
  /\n*(?:<--- Last few GCs --->|FATAL ERROR: .*(heap limit|heap out of memory)|JavaScript heap out of memory)/;

/**
 * Runs this command again in a child Node with `flags`. Its stdin and stdout are this process's; its
 * stderr passes through this process (the progress line too, when stderr is a terminal), so that if
 * the child runs out of heap, V8's crash report is replaced by one line saying what to do. Ends with
 * the child's exit code. Ctrl-C reaches the child from the terminal, as it reaches this process; a
 * signal sent to this process alone is passed on.
 */
export function relaunchExport(flags: readonly string[], heapMb: number): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, ...flags, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'pipe'],
    env: {
      ...process.env,
      [RELAUNCHED]: '1',
      ...(process.stderr.isTTY ? { [EXPORT_PROGRESS_ENV]: '1' } : {}),
    },
  });
  let outOfHeap = false;
  let tail = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    if (outOfHeap) return;
    const text = tail + chunk;
    const found = OUT_OF_HEAP.exec(text);
    if (found === null) {
      process.stderr.write(chunk);
      // Kept to find a marker cut between two chunks; already written.
      tail = text.slice(-64);
      return;
    }
    outOfHeap = true;
    const before = text.slice(0, found.index).slice(tail.length);
    if (before.length > 0) process.stderr.write(before);
  });
  const forward = (signal: NodeJS.Signals) => () => {
    child.kill(signal);
  };
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((done) => {
    child.on('error', (error) => {
      process.stderr.write(`sigma: could not start the export process: ${error.message}\n`);
      process.exitCode = 1;
      done();
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (outOfHeap && (signal !== null || code !== 0)) {
        const ours = flags.some((f) => f.startsWith('--max-old-space-size='));
        const how = !ours
          ? 'at the --max-old-space-size you gave node'
          : `at ${heapMb} MB (${process.env[EXPORT_HEAP_ENV]?.trim() ? `${EXPORT_HEAP_ENV}=${heapMb}` : 'the default'})`;
        const raise = ours
          ? `${EXPORT_HEAP_ENV}=${Math.max(512, heapMb * 4)} sigma export ...`
          : 'a larger --max-old-space-size';
        process.stderr.write(
          `${process.stderr.isTTY ? '\r\x1b[2K' : ''}sigma: the export ran out of memory: its JavaScript heap is capped ${how} and this export needs more (it keeps a digest of each episode, and per-task state for grpo and --pairs-across-episodes). No export was written (a hidden .sigma-export-* folder may be left in --out; remove it). Raise the cap and run it again, e.g. ${raise}\n`,
        );
        process.exitCode = 2;
      } else process.exitCode = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0));
      done();
    });
  });
}
