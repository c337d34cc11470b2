import { InputError } from '../../core/errors.ts';
import { dictKeys, isDict, type PyValue, parsePyJson, pyDumps } from '../../core/python/index.ts';
import { readUserFile } from '../../core/user-file.ts';
import type { SimulatorCore } from '../../session/index.ts';
import { pcErr } from '../colour.ts';
import {
  actionsAsJson,
  customerLabel,
  diffAsJson,
  renderAgent,
  renderCall,
  renderCustomer,
  renderFinal,
  renderObservation,
} from './render.ts';
import { episodeRecord, type SaveTarget, saveEpisodeTo } from './save.ts';

/** One line of a script: a message to the customer, or a tool call (arguments as JSON text). */
export type ScriptStep = { line: number } & (
  | { kind: 'respond'; text: string }
  | { kind: 'tool'; name: string; arguments: string }
);

const SHAPE = 'expected {"respond": "<message>"} or {"tool": "<name>", "arguments": {...}}';

/**
 * Reads a script: JSON lines, each `{"respond": "text"}` or `{"tool": "name", "arguments": {...}}`
 * (arguments may also be JSON text; omitted means none). Blank lines are skipped. The whole file is
 * checked before anything is played; a bad line is an error naming its number.
 */
export function readScript(path: string): ScriptStep[] {
  // A byte-order mark (as some editors write) is not part of the first line.
  const text = readUserFile(path).replace(/^\uFEFF/, '');
  const steps: ScriptStep[] = [];
  text.split(/\r?\n/).forEach((source, i) => {
    if (source.trim() === '') return;
    const problem = (message: string) => new InputError(`${path} line ${i + 1}: ${message}`);
    steps.push(parseLine(source, i + 1, problem));
  });
  if (steps.length === 0) throw new InputError(`${path}: the script has no actions; ${SHAPE}`);
  return steps;
}

/** One script line as a step; `problem` makes the error to throw for a bad one. */
function parseLine(source: string, line: number, problem: (message: string) => Error): ScriptStep {
  let value: PyValue;
  try {
    value = parsePyJson(source);
  } catch (error) {
    throw problem(`not valid JSON (${(error as Error).message})`);
  }
  if (!isDict(value)) throw problem(SHAPE);
  const keys = dictKeys(value);
  if (keys.includes('respond')) {
    if (keys.length !== 1) throw problem(`a "respond" line has no other fields; ${SHAPE}`);
    if (typeof value.respond !== 'string' || value.respond.trim() === '')
      throw problem('"respond" must be a non-empty message');
    return { line, kind: 'respond', text: value.respond };
  }
  if (!keys.includes('tool')) throw problem(SHAPE);
  const extra = keys.find((k) => k !== 'tool' && k !== 'arguments');
  if (extra !== undefined) throw problem(`unknown field "${extra}"; ${SHAPE}`);
  if (typeof value.tool !== 'string' || value.tool === '') throw problem('"tool" must be a tool name');
  const args = keys.includes('arguments') ? value.arguments : {};
  if (isDict(args)) return { line, kind: 'tool', name: value.tool, arguments: pyDumps(args) };
  if (typeof args !== 'string') throw problem('"arguments" must be an object (or its JSON text)');
  let parsed: PyValue;
  try {
    parsed = args.trim() === '' ? {} : parsePyJson(args);
  } catch (error) {
    throw problem(`"arguments" is not valid JSON (${(error as Error).message})`);
  }
  if (!isDict(parsed)) throw problem('"arguments" must be a JSON object');
  return { line, kind: 'tool', name: value.tool, arguments: args };
}

export interface ScriptRunOptions extends SaveTarget {
  json: boolean;
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/**
 * Plays a script on a started simulator: every step in order until the episode ends. A script that runs
 * out before the customer ends the conversation (or a transfer) leaves an unfinished episode: it is
 * abandoned, and so scored 0, as tau-bench scores a conversation cut short. Prints the conversation and
 * the end screen, or one JSON object with `--json`; saves the episode. The reward is a result, not a
 * failure: the caller exits 0 whatever it is.
 */
export async function runScript(
  sim: SimulatorCore,
  opening: string,
  steps: ScriptStep[],
  options: ScriptRunOptions,
) {
  const out = options.out ?? ((t: string) => process.stdout.write(`${t}\n`));
  const err = options.err ?? ((t: string) => process.stderr.write(`${t}\n`));
  const show = options.json ? () => {} : out;
  show(renderCustomer(opening));
  let played = 0;
  for (const step of steps) {
    if (sim.isDone) break;
    if (step.kind === 'respond') {
      show(renderAgent(step.text));
      const outcome = await sim.respondToUser(step.text);
      show(renderCustomer(outcome.observation));
    } else {
      show(renderCall(step.name, step.arguments));
      const outcome = await sim.callTool(step.name, step.arguments);
      show(renderObservation(outcome.observation));
    }
    played++;
  }
  const notes: string[] = [];
  if (played < steps.length) {
    const next = steps[played]!;
    notes.push(
      `the episode ended before line ${next.line}: ${steps.length - played} step(s) were not played`,
    );
  }
  if (!sim.isDone) {
    const scored = sim.abandon().reward.reward !== null;
    notes.push(
      `the script ran out before the conversation ended, so the episode is abandoned${scored ? ' and scored 0' : ''} (end a script with a message the customer answers by stopping, or a transfer)`,
    );
  }
  for (const note of notes) err(`${pcErr.yellow('note:')} ${note}`);
  const result = sim.getFinalResult();
  const record = episodeRecord(sim);
  const { savedTo, message } = await saveEpisodeTo(sim, record, options);
  const hasGroundTruth = result.reward.reward !== null;
  if (options.json) {
    out(
      JSON.stringify(
        {
          reward: result.reward.reward,
          note: result.reward.note ?? null,
          breakdown: result.reward.breakdown,
          endReason: result.endReason,
          task: { env: sim.domain.name, split: sim.split, index: sim.taskIndex, id: sim.task.id },
          customer: customerLabel(sim.customerConfig),
          // Without a ground truth nothing is expected, so there is nothing to differ from.
          stateDiff: result.reward.reward === null ? null : diffAsJson(result.stateDiff),
          // What the episode changed in the data, and the state hash it left.
          changes: diffAsJson(sim.changes()),
          stateHash: sim.stateHash(),
          expectedActions: actionsAsJson(result.expectedActions),
          usage: result.usage,
          stepsPlayed: played,
          notes,
          trajectoryId: record.id,
          savedTo,
        },
        null,
        2,
      ),
    );
  } else {
    out('');
    out(renderFinal(result, { hasGroundTruth }));
    out(message);
  }
}
