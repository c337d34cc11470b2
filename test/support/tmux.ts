import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROVIDERS } from '../../src/llm/index.ts';
import { repoRoot } from './shared-data.ts';

/**
 * Environment for running `sigma` with no model configured, whatever the machine has: every provider's
 * key variable, and the OpenAI-compatible server's address, set empty (so a `.env` cannot fill them
 * either), and `SIGMA_HOME` as given. (Other address variables stay: the AI SDK refuses empty ones.)
 */
export function offlineEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { SIGMA_HOME: home };
  for (const info of Object.values(PROVIDERS)) {
    if (info.keyVariable !== null) env[info.keyVariable] = '';
    if (info.optionalKeyVariable !== undefined) env[info.optionalKeyVariable] = '';
  }
  env[PROVIDERS['openai-compatible'].baseUrlVariable] = '';
  return { ...env, ...extra };
}

/** Whether tmux can be run here (the CI script installs it). */
export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export interface TerminalOptions {
  /** Arguments after `sigma`. */
  args: string[];
  env?: Record<string, string>;
  columns?: number;
  rows?: number;
}

/**
 * The `sigma` command from source in a real pseudo-terminal: a tmux session on a private server,
 * driven with send-keys and read with capture-pane. When the command exits, the pane prints
 * `[exit N]` and stays open, so its last screen can still be read.
 */
export class Terminal {
  readonly socket = `sigma-test-${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly session = 'sigma';

  constructor(options: TerminalOptions) {
    const env = { NO_COLOR: '1', TERM: 'xterm-256color', ...options.env };
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${quote(v)}`);
    const command = [
      'env',
      ...assignments,
      quote(process.execPath),
      quote(join(repoRoot, 'src/cli/main.ts')),
      ...options.args.map(quote),
    ].join(' ');
    const script = `cd ${quote(repoRoot)} && ${command}; echo "[exit $?]"; exec sleep 600`;
    // The scroll-back limit must be set before the window exists.
    this.tmux(
      'start-server',
      ';',
      'set-option',
      '-g',
      'history-limit',
      '20000',
      ';',
      'new-session',
      '-d',
      '-s',
      this.session,
      '-x',
      String(options.columns ?? 160),
      '-y',
      String(options.rows ?? 50),
      script,
    );
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-f', '/dev/null', '-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** Types text literally (no Enter). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text);
  }

  /** Presses keys by tmux name: `Enter`, `C-c`, `C-d`, `Tab`. */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.session, ...keys);
  }

  /** Types a line and presses Enter. */
  line(text: string): void {
    if (text !== '') this.type(text);
    this.press('Enter');
  }

  /** Everything the pane shows, scroll-back included, wrapped lines joined. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', this.session)
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n');
  }

  /** The pane as {@link screen} gives it, with the escape codes of its colours and styles kept. */
  screenWithEscapes(): string {
    return this.tmux('capture-pane', '-p', '-e', '-J', '-S', '-', '-t', this.session);
  }

  /** Waits until `text` (or a match of the pattern) appears at least `count` times; returns the screen. */
  async waitFor(text: string | RegExp, count = 1, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (occurrences(screen, text) >= count) return screen;
      if (Date.now() > deadline) {
        throw new Error(
          `timed out waiting for ${String(text)} (x${count}) in the terminal; it shows:\n${screen}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** How many times `text` shows on the screen now. */
  count(text: string | RegExp): number {
    return occurrences(this.screen(), text);
  }

  /** Waits for the command to exit and returns its exit status. */
  async exitCode(timeoutMs = 30_000): Promise<number> {
    const screen = await this.waitFor(/\[exit \d+\]/, 1, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(screen)![1]);
  }

  /** Stops the private tmux server and removes its socket file. */
  close(): void {
    let socketPath: string | undefined;
    try {
      socketPath = this.tmux('display-message', '-p', '#{socket_path}').trim();
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    if (socketPath) rmSync(socketPath, { force: true });
  }
}

function occurrences(screen: string, text: string | RegExp): number {
  if (typeof text === 'string') return screen.split(text).length - 1;
  const flags = text.flags.includes('g') ? text.flags : `${text.flags}g`;
  return [...screen.matchAll(new RegExp(text.source, flags))].length;
}
