// Whether the CLI writes colour, decided once at start-up. No imports: main.ts runs this before
// anything loads picocolors, whose own rule (read from the environment when it loads) turns colour on
// for FORCE_COLOR=0 and for CI even in a file.

/** What decides colour: the environment and whether the stream is a terminal. */
export interface ColourContext {
  env: Readonly<Record<string, string | undefined>>;
  isTTY: boolean | undefined;
}

function set(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/**
 * Whether to write colour, by the usual rules (no-color.org, and FORCE_COLOR as Node and chalk read
 * it): `NO_COLOR` set to anything non-empty turns colour off; `FORCE_COLOR` turns it on, except
 * `FORCE_COLOR=0` or `false`, which turn it off (picocolors reads any value, `0` included, as on);
 * otherwise colour only on a terminal whose `TERM` is not `dumb`. Unlike picocolors, `CI` alone does
 * not turn it on: a `> file` in CI stays plain text.
 */
export function colourWanted({ env, isTTY }: ColourContext): boolean {
  if (set(env.NO_COLOR)) return false;
  if (set(env.FORCE_COLOR)) return !/^(0|false)$/i.test(env.FORCE_COLOR.trim());
  return isTTY === true && env.TERM !== 'dumb';
}

export interface ColourDecision {
  stdout: boolean;
  stderr: boolean;
}

let settled: ColourDecision | undefined;

/**
 * Decides colour for stdout and stderr, and, when stdout is to be plain, says so in the environment
 * (`NO_COLOR=1`, no `FORCE_COLOR`), so that every library loaded afterwards (picocolors imported
 * directly, cli-table3's colours) and every child process agrees.
 */
export function settleColour(
  env: Record<string, string | undefined> = process.env,
  stdout: { isTTY?: boolean } = process.stdout,
  stderr: { isTTY?: boolean } = process.stderr,
): ColourDecision {
  settled = {
    stdout: colourWanted({ env, isTTY: stdout.isTTY }),
    stderr: colourWanted({ env, isTTY: stderr.isTTY }),
  };
  if (!settled.stdout) {
    env.NO_COLOR = '1';
    delete env.FORCE_COLOR;
  }
  return settled;
}

/** The decision made at start-up, or (when the CLI's modules are used without main.ts) made now. */
export function colourDecision(): ColourDecision {
  return (
    settled ?? {
      stdout: colourWanted({ env: process.env, isTTY: process.stdout.isTTY }),
      stderr: colourWanted({ env: process.env, isTTY: process.stderr.isTTY }),
    }
  );
}
