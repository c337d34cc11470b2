/** The part of a session's setup (`SetupShape`) the facts read. */
interface SetupShape {
  customer: { strategy: string; model?: string };
}

/**
 * What the trajectory list filters and sorts by beyond the row's own columns, kept in the row so a page
 * is one indexed query: written when the session is created (from its setup) and when it finishes (from
 * its trajectory), never by a tool call.
 */
export interface CatalogFacts {
  customerStrategy: string;
  customerModel: string | null;
  /** Agent messages (texts and tool calls); null until the session has finished. */
  turns: number | null;
  /** Tool results that were errors (`Error: …`); null until the session has finished. */
  toolErrors: number | null;
  /** The customer's and the agent's model cost in USD; null when unknown (no priced model) or running. */
  costUsd: number | null;
  /** Who wrote the agent's turns; null until finished or when the agent said nothing. */
  author: TrajectoryAuthor | null;
  /** Copilot drafts the person rejected; null until the session has finished. */
  rejectedDrafts: number | null;
}

/** `mixed`: a person and a model both wrote turns, or a person edited a model's proposal. */
export const TRAJECTORY_AUTHORS = ['human', 'model', 'mixed', 'replay'] as const;
export type TrajectoryAuthor = (typeof TRAJECTORY_AUTHORS)[number];

export function setupFacts(setup: SetupShape): Pick<CatalogFacts, 'customerStrategy' | 'customerModel'> {
  return { customerStrategy: setup.customer.strategy, customerModel: setup.customer.model ?? null };
}

type Finished = Pick<CatalogFacts, 'turns' | 'toolErrors' | 'costUsd' | 'author' | 'rejectedDrafts'>;

export const UNFINISHED: Finished = {
  turns: null,
  toolErrors: null,
  costUsd: null,
  author: null,
  rejectedDrafts: null,
};

interface TrajectoryShape {
  messages?: Array<{ role?: string; content?: unknown; author?: string }>;
  usage?: { customer?: { costUsd?: number | null }; agent?: { costUsd?: number | null } };
  proposals?: Array<{ decision?: string }>;
}

/**
 * The text the free-text search looks in: the messages' texts (customer, agent and tool results), one
 * a line; null while the session runs (its row has no trajectory).
 */
export function searchText(text: string | null): string | null {
  if (text === null) return null;
  const t = JSON.parse(text) as TrajectoryShape;
  const parts: string[] = [];
  for (const m of t.messages ?? []) {
    if (typeof m.content === 'string' && m.content !== '') parts.push(m.content);
  }
  return parts.join('\n');
}

/** The facts of a finished session's trajectory (JSON text); read once, when the session finishes. */
export function trajectoryFacts(text: string | null): Finished {
  if (text === null) return UNFINISHED;
  const t = JSON.parse(text) as TrajectoryShape;
  let turns = 0;
  let toolErrors = 0;
  const authors = new Set<string>();
  for (const m of t.messages ?? []) {
    if (m.role === 'assistant') {
      turns++;
      if (m.author === 'model-edited') {
        authors.add('human');
        authors.add('model');
      } else if (m.author !== undefined) authors.add(m.author);
    } else if (m.role === 'tool' && typeof m.content === 'string' && m.content.startsWith('Error')) {
      toolErrors++;
    }
  }
  const costs = [t.usage?.customer?.costUsd, t.usage?.agent?.costUsd].filter(
    (c): c is number => typeof c === 'number',
  );
  return {
    turns,
    toolErrors,
    costUsd: costs.length === 0 ? null : costs.reduce((a, b) => a + b, 0),
    author: authorOf(authors),
    rejectedDrafts: (t.proposals ?? []).filter((p) => p.decision === 'rejected').length,
  };
}

function authorOf(authors: Set<string>): TrajectoryAuthor | null {
  const human = authors.has('human');
  const model = authors.has('model');
  if (human && model) return 'mixed';
  if (human) return 'human';
  if (model) return 'model';
  if (authors.has('replay')) return 'replay';
  return null;
}

/** The facts as the row's columns, for a session with this setup and (once finished) trajectory. */
export function factColumns(setup: SetupShape, trajectory: string | null) {
  return { ...setupColumns(setup), ...finishedColumns(trajectory) };
}

export function setupColumns(setup: SetupShape) {
  const s = setupFacts(setup);
  return { customer_strategy: s.customerStrategy, customer_model: s.customerModel };
}

/** The columns a session change writes: the trajectory's facts, or nulls while the session runs. */
export function finishedColumns(trajectory: string | null) {
  const f = trajectoryFacts(trajectory);
  return {
    turns: f.turns,
    tool_errors: f.toolErrors,
    cost_usd: f.costUsd,
    author: f.author,
    rejected_drafts: f.rejectedDrafts,
    search_text: searchText(trajectory),
  };
}
