import type {
  ProposalPayload,
  RespondPayload,
  RollbackPayload,
  StartPayload,
  ToolPayload,
} from '../contracts/events.ts';
import type { Author } from '../contracts/trajectory.ts';
import type { CustomerMemory } from '../core/customer/types.ts';
import { type RecordedStep, ReplayMismatch } from '../session/replay.ts';
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
      return [{ kind: 'start', opening: p.opening, memory: p.memory as CustomerMemory }];
    }
    case 'respond':
      return [respondStep(event.payload as RespondPayload, 'human')];
    case 'tool':
      return [toolStep(event.payload as ToolPayload, 'human')];
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
        ...(p.respond !== undefined ? [respondStep(p.respond, author)] : []),
        ...(p.tool !== undefined ? [toolStep(p.tool, author)] : []),
        { kind: 'proposal', proposal: p.proposal },
      ];
    }
    default:
      throw new ReplayMismatch(`event ${event.seq}`, `has an unknown kind "${String(event.kind)}"`);
  }
}

function respondStep(p: RespondPayload, author: Author): RecordedStep {
  const whole = p.memory as CustomerMemory | undefined;
  // The memory before the turn is the customer's now: the replay has brought it there.
  const memory =
    whole ??
    ((before: CustomerMemory) =>
      applyJsonChange(before, (p.memoryChange ?? null) as JsonChange | null) as CustomerMemory);
  return { kind: 'respond', message: p.message, reply: p.reply, memory, author };
}

function toolStep(p: ToolPayload, author: Author): RecordedStep {
  return { kind: 'tool', name: p.name, arguments: p.arguments, observation: p.observation, author };
}
