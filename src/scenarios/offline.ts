import type { Domain } from '../core/domain/types.ts';
import { InputError } from '../core/errors.ts';
import type { PyDict } from '../core/python/index.ts';
import { Random } from '../domains/shared/random.ts';
import { checkScenario } from './check.ts';
import { AIRLINE_KINDS, draftAirline } from './offline-airline.ts';
import { draftRetail, RETAIL_KINDS } from './offline-retail.ts';
import type { OfflineDraft } from './offline-types.ts';
import { scenarioValue, tau2CriteriaOf } from './scenario.ts';

/** Draws before the offline generator gives up on a seed. */
const DRAWS = 80;

interface Drafter {
  kinds: readonly string[];
  draft(domain: Domain, random: Random, kind: string): OfflineDraft | null;
}

/**
 * The offline generator of a domain, by its tables and tools: retail and airline (built-in, tau-bench
 * or tau2 data; on tau2 domains the ground truth is written in tau2's criteria form).
 */
export function offlineDrafter(domain: Domain): Drafter | undefined {
  const tables = domain.base.tables;
  if (tables.has('orders') && tables.has('products') && domain.tools.has('find_user_id_by_email'))
    return { kinds: RETAIL_KINDS, draft: draftRetail };
  if (tables.has('reservations') && tables.has('flights') && domain.tools.has('book_reservation'))
    return { kinds: AIRLINE_KINDS, draft: draftAirline };
  return undefined;
}

export interface OfflineOptions {
  seed: number | string;
  /** A description; a kind it names ("return", "cancel", ...) is drawn first. */
  describe?: string;
  /** The kind to draw; by default one follows from the seed. */
  kind?: string;
}

/**
 * A scenario drawn from Sigma's own task programs, deterministic for the seed: a new customer and
 * their records, a goal, and a ground truth from the real tools, checked as every scenario is
 * (`checkScenario`); a draw that fails a check is dropped and the next one drawn.
 */
export function offlineScenario(domain: Domain, options: OfflineOptions): PyDict {
  const drafter = offlineDrafter(domain);
  if (drafter === undefined) {
    throw new InputError(
      `the ${domain.name} domain has no offline scenario generator (there is one for retail and airline data); give a model with --model`,
    );
  }
  if (options.kind !== undefined && !drafter.kinds.includes(options.kind))
    throw new InputError(
      `unknown scenario kind "${options.kind}"; ${domain.name} has: ${drafter.kinds.join(', ')}`,
    );
  const root = new Random(`sigma-scenario:${domain.name}:${options.seed}`);
  const named = options.kind ?? kindNamed(drafter.kinds, options.describe);
  const start = root.int(0, drafter.kinds.length - 1);
  const failures: string[] = [];
  for (let n = 0; n < DRAWS; n++) {
    const kind = named ?? drafter.kinds[(start + n) % drafter.kinds.length]!;
    const random = root.fork(`draw-${n}`);
    const draft = drafter.draft(domain, random, kind);
    if (draft === null) continue;
    const value = scenarioValue({
      name: `${domain.name}-${kind}-${options.seed}`,
      instruction: draft.instruction,
      customer: draft.customer,
      records: draft.records,
      actions: draft.actions,
      outputs: draft.outputs,
      refusal: draft.refusal,
      ...(domain.flavour.acceptsActionGroundTruth
        ? {}
        : { criteria: tau2CriteriaOf(draft.actions, draft.outputs) }),
      meta: {
        generator: 'offline',
        domain: domain.name,
        kind,
        seed: options.seed,
        ...(options.describe === undefined ? {} : { description: options.describe }),
        attempts: n + 1,
        usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
      },
    });
    const { problems } = checkScenario(domain, value);
    if (problems.length === 0) return value;
    failures.push(`${kind}: ${problems[0]}`);
  }
  throw new InputError(
    `no valid ${named ?? ''} scenario in ${DRAWS} draws for seed ${options.seed}${failures.length > 0 ? `; the last check failed with: ${failures.at(-1)}` : ''}`,
  );
}

function kindNamed(kinds: readonly string[], describe: string | undefined): string | undefined {
  if (describe === undefined) return undefined;
  const text = describe.toLowerCase();
  return kinds.find((kind) => kind !== 'multi' && text.includes(kind.split('-')[0]!));
}
