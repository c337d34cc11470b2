import type {
  ProposalPayload,
  RegeneratePayload,
  RespondPayload,
  RollbackPayload,
  StartPayload,
  StepTimes,
  ToolPayload,
} from '../contracts/events.ts';
import type { Author } from '../contracts/trajectory.ts';
import type { CustomerMemory } from '../core/customer/types.ts';
import { type RecordedStep, ReplayMismatch } from '../session/replay.ts';
import type { RecordedIds } from '../session/simulator-session.ts';
import type { StoredEvent } from '../store/index.ts';
import { applyJsonChange, type JsonChange } from './memory-change.ts';

/**
 * A session's stored events as the steps of a recorded conversation, for the replay module: each
 * action with what it observed, and the customer's memory after each turn (whole after the opening, as
 * a change after each reply).
 */
export function* eventSteps(events: readonly StoredEvent[]): Generator<RecordedStep> {
  for (const event of events) {
    for (const step of eventToSteps(event)) yield { ...step, at: `event ${event.seq}` };
  }
}

function eventToSteps(event: StoredEvent): RecordedStep[] {
  switch (event.kind) {
    case 'start': {
      const p = event.payload as StartPayload;
      return [
        {
          kind: 'start',
          opening: p.opening,
          memory: p.memory as CustomerMemory,
          openedAt: p.openedAt ?? event.at,
        },
      ];
    }
    case 'respond':
      return [respondStep(event.payload as RespondPayload, 'human', event.at)];
    case 'tool':
      return [toolStep(event.payload as ToolPayload, 'human', event.at)];
    case 'regenerate': {
      const p = event.payload as RegeneratePayload;
      return [
        {
          kind: 'regenerate',
          ...(p.note === undefined ? {} : { note: p.note }),
          reply: p.reply,
          memory: memoryAfter(p.memoryChange),
          ids: { replyAt: p.replyAt ?? event.at },
        },
      ];
    }
    case 'rollback':
      return [{ kind: 'rollback', messageId: (event.payload as RollbackPayload).messageId }];
    case 'undo':
    case 'abandon':
      return [{ kind: event.kind }];
    case 'proposal': {
      // A copilot decision: its cost, the step it led to (if any), then the record, as it was applied.
      const p = event.payload as ProposalPayload;
      const author = p.author ?? 'model';
      return [
        { kind: 'agent-usage', usage: p.usage },
        ...(p.respond !== undefined ? [respondStep(p.respond, author, event.at)] : []),
        ...(p.tool !== undefined ? [toolStep(p.tool, author, event.at)] : []),
        { kind: 'proposal', proposal: p.proposal },
      ];
    }
    default:
      throw new ReplayMismatch(`event ${event.seq}`, `has an unknown kind "${String(event.kind)}"`);
  }
}

function respondStep(p: RespondPayload, author: Author, at: string): RecordedStep {
  const memory = (p.memory as CustomerMemory | undefined) ?? memoryAfter(p.memoryChange);
  return { kind: 'respond', message: p.message, reply: p.reply, memory, author, ids: timesOf(p.times, at) };
}

/** The memory after a step, from its change of the memory before it. */
function memoryAfter(change: unknown): (before: CustomerMemory) => CustomerMemory {
  // The memory before the step is the customer's now: the replay has brought it there.
  return (before) => applyJsonChange(before, (change ?? null) as JsonChange | null) as CustomerMemory;
}

function toolStep(p: ToolPayload, author: Author, at: string): RecordedStep {
  return {
    kind: 'tool',
    name: p.name,
    arguments: p.arguments,
    observation: p.observation,
    author,
    ids: timesOf(p.times, at),
  };
}

/** The recorded times of a step's messages; an event stored before they were kept gives its own time. */
function timesOf(times: StepTimes | undefined, at: string): RecordedIds {
  return times ?? { agentAt: at, replyAt: at };
}
