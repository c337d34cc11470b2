import { spawn } from 'node:child_process';

/** The command that opens a URL in the desktop's browser, if this system has one. */
function opener(): { command: string; args: string[] } | undefined {
  if (process.platform === 'darwin') return { command: 'open', args: [] };
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  if (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return { command: 'xdg-open', args: [] };
  return undefined;
}

/**
 * Opens `url` in a browser where one exists. Resolves with what happened, in words: the server goes on
 * either way (on a machine without a desktop the address is printed for another machine's browser).
 */
export function openBrowser(url: string): Promise<string> {
  const how = opener();
  if (how === undefined) return Promise.resolve(`no desktop browser here: open ${url} in a browser`);
  return new Promise((resolve) => {
    const child = spawn(how.command, [...how.args, url], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(`could not start a browser (${how.command}): open ${url} in one`));
    child.once('spawn', () => {
      child.unref();
      resolve(`opening ${url} in a browser`);
    });
  });
}
