import picocolors from 'picocolors';
import { colourDecision } from './colour-env.ts';

export { colourWanted } from './colour-env.ts';

type Colors = ReturnType<typeof picocolors.createColors>;

/** Colours for what the CLI writes to stdout (every command's output). */
export const pc: Colors = picocolors.createColors(colourDecision().stdout);

/** Colours for what it writes to stderr (errors, notes, progress), decided by stderr. */
export const pcErr: Colors = picocolors.createColors(colourDecision().stderr);

/** cli-table3's styles for stdout: its own colours (through @colors/colors) only when colour is on. */
export function tableStyle(): { head: string[]; border: string[] } {
  return pc.isColorSupported ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] };
}
