import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The folder where Sigma keeps what it writes for a user: fetched domains (`domains/<name>@<source>`),
 * saved episodes and the embedded database. `SIGMA_HOME` chooses it; otherwise the XDG data folder
 * (`$XDG_DATA_HOME/sigma`, by default `~/.local/share/sigma`).
 */
export function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SIGMA_HOME !== undefined && env.SIGMA_HOME !== '') return resolve(env.SIGMA_HOME);
  const xdg = env.XDG_DATA_HOME;
  return join(xdg !== undefined && xdg !== '' ? resolve(xdg) : join(homedir(), '.local', 'share'), 'sigma');
}

/** Where fetched and user-registered domains live inside the data home. */
export function domainsHome(home: string = dataHome()): string {
  return join(home, 'domains');
}
