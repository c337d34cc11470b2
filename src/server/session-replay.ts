import type { RespondPayload, RollbackPayload, StartPayload, ToolPayload } from '../contracts/events.ts';
import type { CustomerMemory } from '../core/customer/types.ts';
import { type RecordedStep, ReplayMismatch } from '../session/replay.ts';
import type { StoredEvent } from '../store/index.ts';
import { applyJsonChange, type JsonChange } from './memory-change.ts';

export type { RespondPayload, RollbackPayload, StartPayload, ToolPayload } from '../contracts/events.ts';

/**
 * A session's stored events as the steps of a recorded conversation, for the replay module: each
 * action with what it observed, and the customer's memory after each turn (whole after the opening, as
 * a change after each reply).
 */
export function* eventSteps(events: readonly StoredEvent[]): Generator<RecordedStep> {
  for (const event of events) yield { ...eventStep(event), at: `event ${event.seq}` };
}

function eventStep(event: StoredEvent): RecordedStep {
  switch (event.kind) {
    case 'start': {
      const p = event.payload as StartPayload;
      return { kind: 'start', opening: p.opening, memory: p.memory as CustomerMemory };
    }
    case 'respond': {
      const p = event.payload as RespondPayload;
      const whole = p.memory as CustomerMemory | undefined;
      // The memory before the turn is the customer's now: the replay has brought it there.
      const memory =
        whole ??
        ((before: CustomerMemory) =>
          applyJsonChange(before, (p.memoryChange ?? null) as JsonChange | null) as CustomerMemory);
      return { kind: 'respond', message: p.message, reply: p.reply, memory };
    }
    case 'tool': {
      const p = event.payload as ToolPayload;
      return { kind: 'tool', name: p.name, arguments: p.arguments, observation: p.observation };
    }
    case 'rollback':
      return { kind: 'rollback', messageId: (event.payload as RollbackPayload).messageId };
    case 'undo':
    case 'abandon':
      return { kind: event.kind };
    default:
      throw new ReplayMismatch(`event ${event.seq}`, `has an unknown kind "${String(event.kind)}"`);
  }
}
