import type { Domain } from '../core/domain/types.ts';
import { ModelError } from '../core/errors.ts';
import {
  addUsage,
  type ChatMessage,
  type ModelClient,
  type ModelUsage,
  ZERO_USAGE,
} from '../core/model/types.ts';
import { dictSet, fromJs, isDict, type PyDict, type PyValue, parsePyJson } from '../core/python/index.ts';
import { SCENARIO_FIELDS } from '../session/persona-file.ts';
import { checkScenario } from './check.ts';
import {
  inspirationTasks,
  proposalSchema,
  repairPrompt,
  scenarioSystemPrompt,
  scenarioUserPrompt,
} from './prompt.ts';
import { SCENARIO_PROMPT_VERSION } from './scenario.ts';

export const DEFAULT_ATTEMPTS = 3;

export interface ModelScenarioOptions {
  domain: Domain;
  model: ModelClient;
  describe?: string;
  /** Seed tasks by id or index in the default split; by default a few picked by `seed`. */
  inspiration?: readonly string[];
  seed?: number;
  /** Proposals before giving up (the first included); 3 by default. */
  maxAttempts?: number;
  /** A note from the person on an earlier proposal ("make the order older"). */
  note?: string;
  /** Told after each proposal that fails its checks (attempt number, what failed). */
  onRejected?: (attempt: number, problems: readonly string[]) => void;
  abortSignal?: AbortSignal;
}

export interface ModelScenario {
  value: PyDict;
  /** Proposals made (1 when the first was valid). */
  attempts: number;
  usage: ModelUsage;
}

const FIELDS = SCENARIO_FIELDS;

/**
 * Asks a model for a scenario as structured output and checks it (`checkScenario`); a proposal that
 * fails goes back to the model with what failed, up to `maxAttempts` proposals. Throws a `ModelError`
 * listing the checks the last proposal failed when none passes.
 */
export async function modelScenario(options: ModelScenarioOptions): Promise<ModelScenario> {
  const { domain, model } = options;
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new RangeError(`maxAttempts must be a whole number >= 1, got ${maxAttempts}`);
  const inspiration = inspirationTasks(domain, options.inspiration, options.seed ?? 0);
  const prompt = {
    domain,
    inspiration,
    ...(options.describe === undefined ? {} : { describe: options.describe }),
  };
  const system = scenarioSystemPrompt(prompt);
  const messages: ChatMessage[] = [{ role: 'user', content: scenarioUserPrompt(prompt) }];
  if (options.note !== undefined) messages[0]!.content += `\nA note on an earlier proposal: ${options.note}`;
  let usage: ModelUsage = ZERO_USAGE;
  let problems: readonly string[] = [];
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const answer = await model.complete({
      system,
      messages,
      output: proposalSchema(domain),
      temperature: 0.7,
      ...(options.seed === undefined ? {} : { seed: options.seed + attempt - 1 }),
      ...(options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal }),
    });
    usage = addUsage(usage, answer.usage);
    const proposal =
      answer.outputProblem === undefined ? proposalValue(answer.text, answer.object) : undefined;
    if (proposal === undefined) {
      problems = [
        `the answer is not a scenario object of the schema: ${answer.outputProblem ?? 'not an object'}`,
      ];
    } else {
      const value = personaValue(proposal, {
        domain,
        model,
        attempts: attempt,
        usage,
        inspiration: inspiration.map((t) => t.id),
        ...(options.describe === undefined ? {} : { describe: options.describe }),
      });
      problems = checkScenario(domain, value).problems;
      if (problems.length === 0) return { value, attempts: attempt, usage };
    }
    options.onRejected?.(attempt, problems);
    messages.push(
      { role: 'assistant', content: answer.text },
      { role: 'user', content: repairPrompt(problems) },
    );
  }
  throw new ModelError({
    provider: model.provider,
    model: model.model,
    kind: 'invalid-response',
    status: null,
    attempts: maxAttempts,
    reason: `no valid scenario in ${maxAttempts} proposal(s); the last one fails: ${problems.join('; ')}`,
  });
}

/** The proposal read Python-exactly from the text (a float stays a float), else the SDK's object. */
function proposalValue(text: string, object: unknown): PyDict | undefined {
  try {
    const value = parsePyJson(text.trim());
    if (isDict(value)) return value;
  } catch {
    // The SDK also reads JSON inside code fences; its object is used then.
  }
  const value = object === undefined ? undefined : fromJs(object);
  return isDict(value) ? value : undefined;
}

interface MetaInput {
  domain: Domain;
  model: ModelClient;
  attempts: number;
  usage: ModelUsage;
  inspiration: string[];
  describe?: string;
}

/** The persona-file value of a proposal: its fields, and the metadata of how it was made. */
function personaValue(proposal: PyDict, input: MetaInput): PyDict {
  const value: PyDict = {};
  for (const field of FIELDS)
    if (proposal[field] !== undefined) dictSet(value, field, proposal[field] as PyValue);
  const meta: PyDict = {
    generator: 'model',
    domain: input.domain.name,
    kind: typeof proposal.kind === 'string' ? proposal.kind : 'unknown',
    model: `${input.model.provider}:${input.model.model}`,
    promptVersion: SCENARIO_PROMPT_VERSION,
    ...(input.describe === undefined ? {} : { description: input.describe }),
    inspiration: input.inspiration,
    attempts: BigInt(input.attempts),
    usage: {
      inputTokens: BigInt(input.usage.inputTokens),
      outputTokens: BigInt(input.usage.outputTokens),
      costUsd: input.usage.costUsd,
    },
  };
  dictSet(value, 'meta', meta);
  return value;
}
