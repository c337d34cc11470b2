import picocolors from 'picocolors';

type Colors = ReturnType<typeof picocolors.createColors>;

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

/** Colours for what the CLI writes to stdout (every command's output). */
export const pc: Colors = picocolors.createColors(
  colourWanted({ env: process.env, isTTY: process.stdout.isTTY }),
);

/** Colours for what it writes to stderr (errors, notes, progress), decided by stderr. */
export const pcErr: Colors = picocolors.createColors(
  colourWanted({ env: process.env, isTTY: process.stderr.isTTY }),
);

/** cli-table3's styles for stdout: its own colours (through @colors/colors) only when colour is on. */
export function tableStyle(): { head: string[]; border: string[] } {
  return pc.isColorSupported ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] };
}
