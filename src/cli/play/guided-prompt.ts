import type { Domain } from '../../core/domain/types.ts';
import { CancelledError } from '../../core/errors.ts';
import { dictSet, fromJs, isDict, type PyDict, type PyValue, parsePyJson } from '../../core/python/index.ts';
import type { JsonSchema, ToolDefinition } from '../../core/tools/tool.ts';
import { validateValue } from '../../core/tools/validate.ts';
import { pc } from '../colour.ts';
import type { Prompter } from './line-input.ts';

/**
 * The player cancelled the tool call being asked for (`/cancel`, Enter twice at a required value,
 * Enter where a tool is chosen or JSON is asked, Ctrl-C): nothing is called and nothing recorded.
 */
export class CallCancelled extends CancelledError {
  constructor(how: string) {
    super(how);
    this.name = 'CallCancelled';
  }
}

/** What the hint of a required value says; a second empty answer in a row cancels the call. */
const AGAIN_CANCELS = 'Enter again cancels the call';

/** An optional argument the player left out. */
const SKIP = Symbol('skip');
type Answer = PyValue | typeof SKIP;

type Parsed = { value: PyValue } | { error: string };

function label(schema: JsonSchema): string {
  if (schema.enum !== undefined) return 'one of the choices';
  if (schema.type === 'array')
    return `list of ${schema.items === undefined ? 'values' : `${label(schema.items)}s`}`;
  return schema.type ?? 'JSON value';
}

function problem(io: Prompter, text: string): void {
  io.say(`    ${pc.red('✗')} ${text}`);
}

/** Reads one typed scalar: whole numbers stay ints, numbers with a point are floats (as JSON reads them). */
export function parseScalar(schema: JsonSchema, raw: string): Parsed {
  const text = raw.trim();
  switch (schema.type) {
    case 'string':
      if (text.startsWith('"')) {
        try {
          const value = JSON.parse(text) as unknown;
          if (typeof value === 'string') return { value };
        } catch {
          // taken as typed
        }
      }
      return { value: text };
    case 'integer':
      return /^[+-]?\d+$/.test(text)
        ? { value: BigInt(text) }
        : { error: `must be a whole number, e.g. 2 (got ${JSON.stringify(text)})` };
    case 'number': {
      if (/^[+-]?\d+$/.test(text)) return { value: BigInt(text) };
      const n = Number(text);
      return text !== '' && Number.isFinite(n) && /^[+-]?[\d.]/.test(text)
        ? { value: n }
        : { error: `must be a number, e.g. 12.5 (got ${JSON.stringify(text)})` };
    }
    case 'boolean':
      if (/^(y|yes|true)$/i.test(text)) return { value: true };
      if (/^(n|no|false)$/i.test(text)) return { value: false };
      return { error: `answer yes or no (got ${JSON.stringify(text)})` };
    case 'null':
      return text === 'null' ? { value: null } : { error: 'must be null' };
    default:
      try {
        return { value: parsePyJson(text) };
      } catch {
        return { value: text };
      }
  }
}

function check(schema: JsonSchema, value: PyValue, path: string): string | null {
  return validateValue(schema, value, path, { enforceEnums: true });
}

function parseJson(text: string): Parsed {
  try {
    return { value: parsePyJson(text) };
  } catch (error) {
    return { error: `not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * Asks for a tool's arguments one by one, from its JSON schema: required ones first, enums as numbered
 * choices, numbers parsed and checked, lists item by item (or as JSON), optional ones skippable with
 * Enter. Every answer is checked against the schema and asked again until it fits.
 */
export async function askToolArguments(tool: ToolDefinition, io: Prompter): Promise<PyDict> {
  if (Object.keys(tool.parameters.properties ?? {}).length === 0) {
    io.say(pc.dim('  (this tool takes no arguments)'));
    return {};
  }
  return askFields(tool.parameters, '', io);
}

async function askFields(schema: JsonSchema, path: string, io: Prompter): Promise<PyDict> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const names = Object.keys(properties);
  const order = [...names.filter((n) => required.has(n)), ...names.filter((n) => !required.has(n))];
  const answers = new Map<string, PyValue>();
  for (const name of order) {
    const answer = await askValue(
      properties[name]!,
      path === '' ? name : `${path}.${name}`,
      required.has(name),
      io,
    );
    if (answer !== SKIP) answers.set(name, answer);
  }
  // Arguments in the schema's order, as a model would write them.
  const out: PyDict = {};
  for (const name of names) if (answers.has(name)) dictSet(out, name, answers.get(name)!);
  return out;
}

async function askValue(schema: JsonSchema, path: string, required: boolean, io: Prompter): Promise<Answer> {
  const optional = required ? '' : ', optional: Enter to skip';
  const description = schema.description === undefined ? '' : ` — ${schema.description}`;
  io.say(`  ${pc.bold(path)} ${pc.dim(`(${label(schema)}${optional})`)}${description}`);
  if (schema.enum !== undefined) return askChoice(schema, path, required, io);
  if (schema.type === 'array') return askList(schema, path, required, io);
  if (schema.type === 'object' && schema.properties !== undefined) return askFields(schema, path, io);
  return askScalar(schema, path, required, io);
}

async function askScalar(schema: JsonSchema, path: string, required: boolean, io: Prompter): Promise<Answer> {
  let empty = false;
  for (;;) {
    const text = await io.ask(`  ${path} › `);
    if (text.trim() === '') {
      if (!required) return SKIP;
      if (empty) throw new CallCancelled('Enter at a required value');
      empty = true;
      problem(
        io,
        schema.type === 'string'
          ? `required: type a value ("" for an empty text); ${AGAIN_CANCELS}`
          : `required; ${AGAIN_CANCELS}`,
      );
      continue;
    }
    empty = false;
    const parsed = parseScalar(schema, text);
    if ('error' in parsed) {
      problem(io, `${path} ${parsed.error}`);
      continue;
    }
    const wrong = check(schema, parsed.value, path);
    if (wrong !== null) problem(io, wrong);
    else return parsed.value;
  }
}

async function askChoice(schema: JsonSchema, path: string, required: boolean, io: Prompter): Promise<Answer> {
  const choices = schema.enum ?? [];
  choices.forEach((choice, i) => {
    io.say(`    ${pc.cyan(`${i + 1})`)} ${String(choice)}`);
  });
  let empty = false;
  for (;;) {
    const text = (await io.ask(`  ${path} [1-${choices.length}] › `)).trim();
    if (text === '') {
      if (!required) return SKIP;
      if (empty) throw new CallCancelled('Enter at a required value');
      empty = true;
      problem(io, `required: choose one; ${AGAIN_CANCELS}`);
      continue;
    }
    empty = false;
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (n >= 1 && n <= choices.length) return fromJs(choices[n - 1]);
    const named = choices.find((c) => String(c) === text);
    if (named !== undefined) return fromJs(named);
    problem(io, `choose a number from 1 to ${choices.length}, or type one of the values`);
  }
}

async function askList(schema: JsonSchema, path: string, required: boolean, io: Prompter): Promise<Answer> {
  const items: JsonSchema = schema.items ?? {};
  if (items.type === 'object') return askObjectList(schema, path, required, io);
  io.say(pc.dim('    one item per line, an empty line ends the list; or the whole list as JSON'));
  const list: PyValue[] = [];
  for (;;) {
    const text = await io.ask(`  ${path}[${list.length}] › `);
    const trimmed = text.trim();
    if (list.length === 0 && trimmed.startsWith('[')) {
      const parsed = parseJson(trimmed);
      const wrong = 'error' in parsed ? parsed.error : check(schema, parsed.value, path);
      if (wrong === null && 'value' in parsed) return parsed.value;
      problem(io, wrong ?? 'not a list');
      continue;
    }
    if (trimmed === '') {
      if (list.length === 0 && !required) return SKIP;
      return list;
    }
    const parsed: Parsed =
      items.enum !== undefined
        ? { value: fromJs(items.enum.find((e) => String(e) === trimmed) ?? trimmed) }
        : parseScalar(items, text);
    if ('error' in parsed) {
      problem(io, `${path}[${list.length}] ${parsed.error}`);
      continue;
    }
    const wrong = check(items, parsed.value, `${path}[${list.length}]`);
    if (wrong !== null) problem(io, wrong);
    else list.push(parsed.value);
  }
}

async function askObjectList(
  schema: JsonSchema,
  path: string,
  required: boolean,
  io: Prompter,
): Promise<Answer> {
  io.say(
    pc.dim(
      required
        ? '    the whole list as JSON, or Enter to fill it item by item'
        : '    the whole list as JSON, + to fill it item by item, or Enter to skip',
    ),
  );
  for (;;) {
    const text = (await io.ask(`  ${path} › `)).trim();
    if (text.startsWith('[')) {
      const parsed = parseJson(text);
      const wrong = 'error' in parsed ? parsed.error : check(schema, parsed.value, path);
      if (wrong === null && 'value' in parsed) return parsed.value;
      problem(io, wrong ?? 'not a list');
      continue;
    }
    if (text === '' && !required) return SKIP;
    if (text === '' || text === '+') break;
    problem(io, 'type the list as JSON (starting with "["), or press Enter to fill it item by item');
  }
  const list: PyValue[] = [];
  for (;;) {
    const item = await askFields(schema.items ?? {}, `${path}[${list.length}]`, io);
    list.push(item);
    const more = (await io.ask(`  another item in ${path}? (y/N) › `)).trim();
    if (!/^y(es)?$/i.test(more)) break;
  }
  const wrong = check(schema, list, path);
  if (wrong !== null) problem(io, wrong);
  return list;
}

/** The tool named `given`, or one chosen from the domain's list; asked again until it exists. */
export async function chooseTool(domain: Domain, io: Prompter, given?: string): Promise<ToolDefinition> {
  const tools = [...domain.tools.values()];
  let name = given?.trim() ?? '';
  if (name === '') {
    tools.forEach((tool, i) => {
      io.say(`  ${pc.cyan(String(i + 1).padStart(2))}) ${tool.name} ${pc.dim(`[${tool.access}]`)}`);
    });
  }
  for (;;) {
    if (name !== '') {
      const n = /^\d+$/.test(name) ? Number(name) : Number.NaN;
      const tool = domain.tools.get(name) ?? (n >= 1 && n <= tools.length ? tools[n - 1] : undefined);
      if (tool !== undefined) return tool;
      problem(
        io,
        `no tool "${name}" in ${domain.name}: choose a number from 1 to ${tools.length}, or type its name`,
      );
    }
    name = (await io.ask(`  tool [1-${tools.length}, Enter cancels] › `)).trim();
    if (name === '') throw new CallCancelled('no tool chosen');
  }
}

/** A tool's arguments as JSON text: the object must parse; the schema is the tool's to check. */
export function parseArgumentsText(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { value: {} };
  const parsed = parseJson(trimmed);
  if ('value' in parsed && !isDict(parsed.value)) return { error: 'the arguments must be a JSON object' };
  return parsed;
}
