import type { Domain } from '../../core/domain/types.ts';
import { pyDumps } from '../../core/python/index.ts';
import { pc } from '../colour.ts';
import { askToolArguments, CallCancelled, chooseTool, parseArgumentsText } from './guided-prompt.ts';
import { Interrupted, type Prompter } from './line-input.ts';
import { renderCall } from './render.ts';

/** A tool call the player has asked for and confirmed. */
export interface ConfirmedCall {
  name: string;
  /** The arguments as JSON text, sent exactly so. */
  args: string;
}

/**
 * The prompts of a tool call: `/cancel` cancels it at any question, Ctrl-C cancels only the call (not
 * the episode), and another command (`/undo`, `/history`, …) is refused with a word rather than read
 * as a value, so it cannot end up as an argument.
 */
export function callPrompter(io: Prompter, commands: ReadonlySet<string>): Prompter {
  return {
    ask: async (prompt, prefill) => {
      for (;;) {
        let answer: string;
        try {
          answer = await io.ask(prompt, prefill);
        } catch (error) {
          if (error instanceof Interrupted) throw new CallCancelled('Ctrl-C');
          throw error;
        }
        const command = /^\/[a-z?]+/i.exec(answer.trim())?.[0].toLowerCase();
        if (command === '/cancel') throw new CallCancelled('/cancel');
        if (command === undefined || !commands.has(command)) return answer;
        io.say(
          `    ${pc.yellow('!')} ${command} waits until this tool call is done: answer, or /cancel the call`,
        );
      }
    },
    say: (text) => io.say(text),
  };
}

/** Shows the call and asks `Call it? (Y/n)`; undefined when the player says no. */
async function confirm(io: Prompter, name: string, args: string): Promise<ConfirmedCall | undefined> {
  io.say(renderCall(name, args));
  const sure = (await io.ask('Call it? (Y/n) › ')).trim();
  if (/^n(o)?$/i.test(sure)) {
    io.say('Not called.');
    return undefined;
  }
  return { name, args };
}

/** `/tool [name]`: the tool chosen, its arguments asked one by one from its schema, then confirmed. */
export async function guidedCall(domain: Domain, io: Prompter, name: string) {
  const tool = await chooseTool(domain, io, name);
  io.say(`${pc.bold(tool.name)} ${pc.dim(`[${tool.access}]`)} — ${tool.description}`);
  const args = pyDumps(await askToolArguments(tool, io));
  return confirm(io, tool.name, args);
}

/**
 * `/json [name] [args]`: the arguments as raw JSON, sent exactly as written once they parse as an
 * object (the tool checks them, as it would a model's), then confirmed as `/tool` is. A tool that
 * takes no arguments needs none typed; otherwise an empty answer cancels.
 */
export async function rawCall(domain: Domain, io: Prompter, name: string, argsText: string) {
  const tool = await chooseTool(domain, io, name);
  const none = Object.keys(tool.parameters.properties ?? {}).length === 0;
  let text = argsText === '' && none ? '{}' : argsText;
  for (;;) {
    if (text === '') {
      text = (await io.ask(`  arguments of ${tool.name} (JSON object; Enter cancels) › `)).trim();
      if (text === '') throw new CallCancelled('no arguments given');
    }
    const parsed = parseArgumentsText(text);
    if ('value' in parsed) break;
    io.say(`    ${pc.red('✗')} ${parsed.error}`);
    text = '';
  }
  return confirm(io, tool.name, text);
}
