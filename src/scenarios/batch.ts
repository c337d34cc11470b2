import { extendDomain } from '../core/domain/extend.ts';
import type { Domain } from '../core/domain/types.ts';
import { InputError, SigmaError } from '../core/errors.ts';
import { addUsage, type ModelClient, type ModelUsage, ZERO_USAGE } from '../core/model/types.ts';
import { cloneValue, type PyDict, type PyValue, pyDumps } from '../core/python/index.ts';
import { parsePersona } from '../session/persona-file.ts';
import { checkScenario } from './check.ts';
import { modelScenario } from './model-scenario.ts';
import { offlineScenario } from './offline.ts';

export interface BatchOptions {
  domain: Domain;
  count: number;
  /** Without a model, scenarios are drawn offline. */
  model?: ModelClient;
  seed?: number;
  describe?: string;
  inspiration?: readonly string[];
  /** Model proposals in flight at once (offline draws run one after another); 4 by default. */
  concurrency?: number;
  maxAttempts?: number;
  /** Told after each scenario is settled: how many are done of how many asked. */
  onProgress?: (done: number, count: number) => void;
}

export interface BatchSummary {
  asked: number;
  /** Scenarios kept: valid, distinct, their records not colliding with another's. */
  valid: number;
  /** Kept scenarios whose first proposal failed a check. */
  repaired: number;
  /** Scenarios that failed every attempt, or were left out as duplicates. */
  failed: number;
  duplicates: number;
  usage: ModelUsage;
  /** Why scenarios failed (one line each). */
  failures: string[];
}

export interface Batch {
  scenarios: PyDict[];
  summary: BatchSummary;
}

/** Offline draws per scenario before a duplicate or colliding one counts as failed. */
const REDRAWS = 8;

/**
 * What a scenario is about, for de-duplication: its writes (or, for a refusal, its reads) with the
 * records they name. Two scenarios with the same intent on the same records are the same scenario.
 */
export function scenarioIntent(value: PyDict): string {
  const actions = (value.actions as PyDict[]).filter((a) => a.name !== 'respond');
  const named =
    value.refusal === true
      ? actions
      : actions.filter(
          (a) =>
            !String(a.name).startsWith('get_') &&
            !String(a.name).startsWith('find_') &&
            !String(a.name).startsWith('search_') &&
            !String(a.name).startsWith('list_'),
        );
  return named
    .map((a) => `${String(a.name)}(${pyDumps(a.kwargs as PyValue, { sortKeys: true })})`)
    .sort()
    .join(' ');
}

/**
 * Many scenarios at once, each checked against the domain plus the scenarios kept before it, so that
 * together they form one consistent domain (no two share an id, a customer's name and zip code, or an
 * intent on the same records). Offline draws are deterministic for the seed; model proposals run with
 * `concurrency` in flight and are checked again as they join.
 */
export async function generateScenarios(options: BatchOptions): Promise<Batch> {
  const { count } = options;
  if (!Number.isInteger(count) || count < 1 || count > 10_000)
    throw new InputError(`count: expected a whole number from 1 to 10000, got ${count}`);
  const seed = options.seed ?? 0;
  const summary: BatchSummary = {
    asked: count,
    valid: 0,
    repaired: 0,
    failed: 0,
    duplicates: 0,
    usage: ZERO_USAGE,
    failures: [],
  };
  const kept: PyDict[] = [];
  const intents = new Set<string>();
  let domain = options.domain;
  /** Adds a checked scenario when it fits with those kept; false when it does not. */
  const join = (value: PyDict): string | null => {
    const intent = scenarioIntent(value);
    if (intents.has(intent)) return 'the same intent on the same records as an earlier scenario';
    const { problems } = checkScenario(domain, value);
    if (problems.length > 0) return problems[0]!;
    intents.add(intent);
    kept.push(value);
    domain = extendDomain(domain, { records: parsePersona(cloneValue(value), 'scenario').records });
    return null;
  };
  let done = 0;
  if (options.model === undefined) {
    for (let i = 0; i < count; i++) {
      let why = '';
      for (let draw = 0; draw < REDRAWS; draw++) {
        try {
          const value = offlineScenario(domain, {
            seed: `${seed}:${i}${draw === 0 ? '' : `:${draw}`}`,
            ...(options.describe === undefined ? {} : { describe: options.describe }),
          });
          const problem = join(value);
          if (problem === null) {
            why = '';
            break;
          }
          if (problem.startsWith('the same intent')) summary.duplicates++;
          why = problem;
        } catch (error) {
          if (!(error instanceof SigmaError)) throw error;
          why = error.message;
        }
      }
      if (why !== '') {
        summary.failed++;
        summary.failures.push(`scenario ${i}: ${why}`);
      }
      options.onProgress?.(++done, count);
    }
  } else {
    const model = options.model;
    const limit = Math.max(1, options.concurrency ?? 4);
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        try {
          const made = await modelScenario({
            domain: options.domain,
            model,
            seed: seed + i,
            ...(options.describe === undefined ? {} : { describe: options.describe }),
            ...(options.inspiration === undefined ? {} : { inspiration: options.inspiration }),
            ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
          });
          summary.usage = addUsage(summary.usage, made.usage);
          const problem = join(made.value);
          if (problem === null) {
            if (made.attempts > 1) summary.repaired++;
          } else {
            if (problem.startsWith('the same intent')) summary.duplicates++;
            summary.failed++;
            summary.failures.push(`scenario ${i}: ${problem}`);
          }
        } catch (error) {
          if (!(error instanceof SigmaError)) throw error;
          summary.failed++;
          summary.failures.push(`scenario ${i}: ${error.message}`);
        }
        options.onProgress?.(++done, count);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  }
  summary.valid = kept.length;
  return { scenarios: kept, summary };
}
