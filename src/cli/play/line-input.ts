import { createInterface, type Interface } from 'node:readline';
import { CancelledError } from '../../core/errors.ts';

/** What the interactive screens need of a terminal: ask for a line, and write. */
export interface Prompter {
  /** Shows `prompt` and resolves with the line typed; `prefill` is put in the line to edit. */
  ask(prompt: string, prefill?: string): Promise<string>;
  /** Writes text followed by a new line. */
  say(text: string): void;
}

/** The player pressed Ctrl-C. */
export class Interrupted extends CancelledError {
  constructor() {
    super('interrupted');
  }
}

/** The input ended (Ctrl-D, or the terminal went away). */
export class InputClosed extends CancelledError {
  constructor() {
    super('input closed');
  }
}

interface Waiting {
  resolve(line: string): void;
  reject(error: Error): void;
}

/**
 * Line input over `node:readline` for a terminal: history, line editing, tab completion. Ctrl-C
 * rejects the pending question with `Interrupted`; pressed while no question is pending (a customer
 * model is answering), it is remembered and the next question rejects at once, and `onBusyInterrupt`
 * is told (a second press there may quit at once). Lines typed ahead are kept for the next question.
 */
export class LineInput implements Prompter {
  private readonly rl: Interface;
  private readonly output: NodeJS.WritableStream;
  private readonly queue: string[] = [];
  private waiting: Waiting | undefined;
  private pendingInterrupt = false;
  private closed = false;
  onBusyInterrupt: ((count: number) => void) | undefined;
  private busyInterrupts = 0;

  constructor(
    input: NodeJS.ReadableStream,
    output: NodeJS.WritableStream,
    completer?: (line: string) => [string[], string],
  ) {
    this.output = output;
    this.rl = createInterface({
      input,
      output,
      terminal: true,
      historySize: 200,
      ...(completer === undefined ? {} : { completer }),
    });
    this.rl.on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting !== undefined) waiting.resolve(line);
      else this.queue.push(line);
    });
    this.rl.on('SIGINT', () => {
      const waiting = this.waiting;
      this.waiting = undefined;
      // Drop what was typed on the line, and leave the prompt's line.
      this.rl.write(null, { ctrl: true, name: 'e' });
      this.rl.write(null, { ctrl: true, name: 'u' });
      this.output.write('^C\n');
      if (waiting !== undefined) waiting.reject(new Interrupted());
      else {
        this.pendingInterrupt = true;
        this.busyInterrupts += 1;
        this.onBusyInterrupt?.(this.busyInterrupts);
      }
    });
    this.rl.on('close', () => {
      this.closed = true;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(new InputClosed());
    });
  }

  ask(prompt: string, prefill?: string): Promise<string> {
    if (this.pendingInterrupt) {
      this.pendingInterrupt = false;
      this.busyInterrupts = 0;
      return Promise.reject(new Interrupted());
    }
    this.busyInterrupts = 0;
    const ahead = this.queue.shift();
    if (ahead !== undefined) return Promise.resolve(ahead);
    if (this.closed) return Promise.reject(new InputClosed());
    return new Promise<string>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.rl.setPrompt(prompt);
      this.rl.prompt();
      if (prefill !== undefined && prefill !== '') this.rl.write(prefill);
    });
  }

  say(text: string): void {
    this.output.write(`${text}\n`);
  }

  close(): void {
    if (!this.closed) this.rl.close();
  }
}
