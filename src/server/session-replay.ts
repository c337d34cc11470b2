import type { CustomerMemory } from '../core/customer/types.ts';
import { InternalError } from '../core/errors.ts';
import type { SimulatorSession } from '../session/simulator-session.ts';
import type { StoredEvent } from '../store/index.ts';
import { applyJsonChange, type JsonChange } from './memory-change.ts';
import type { ReplayingCustomer } from './replaying-customer.ts';

/**
 * The payloads of stored events: the action, what it observed, and the customer's memory after a turn
 * (whole after the opening, as a change after each reply).
 */
export interface StartPayload {
  opening: string;
  memory: CustomerMemory;
}
export interface RespondPayload {
  message: string;
  reply: string;
  /** How the customer's memory changed over the turn (see `jsonChange`). */
  memoryChange?: JsonChange | null;
  /** The whole memory after the turn, as sessions stored it before `memoryChange`. */
  memory?: CustomerMemory;
}
export interface ToolPayload {
  name: string;
  /** As the agent gave them: an object, or JSON text (kept exactly). */
  arguments: Record<string, unknown> | string;
  observation: string;
}
export interface RollbackPayload {
  messageId: string;
}

/** A stored session that does not replay: its record and the code disagree. Not the client's fault. */
export class ReplayFailure extends InternalError {}

/**
 * Replays a session's stored events into a fresh session through its own methods, so ids, data, undo
 * history and everything else come out as they were. The customer gives back its stored turns (and
 * memory) instead of answering; every tool result must come out as it was stored.
 */
export async function replayEvents(
  session: SimulatorSession,
  customer: ReplayingCustomer,
  events: readonly StoredEvent[],
): Promise<void> {
  for (const event of events) {
    const where = `session ${session.id}, event ${event.seq} (${event.kind})`;
    try {
      switch (event.kind) {
        case 'start': {
          const p = event.payload as StartPayload;
          customer.replay({ text: p.opening, memory: p.memory });
          await session.start();
          break;
        }
        case 'respond': {
          const p = event.payload as RespondPayload;
          // The memory before the turn is the customer's now: the replay has brought it there.
          const memory =
            p.memory ?? (applyJsonChange(customer.memory(), p.memoryChange ?? null) as CustomerMemory);
          customer.replay({ text: p.reply, memory });
          await session.respondToUser(p.message);
          break;
        }
        case 'tool': {
          const p = event.payload as ToolPayload;
          const outcome = session.callTool(p.name, p.arguments);
          if (outcome.observation !== p.observation)
            throw new ReplayFailure(`${where}: the tool's result differs from the stored one`);
          break;
        }
        case 'undo':
          session.undo();
          break;
        case 'rollback':
          session.rollbackTo((event.payload as RollbackPayload).messageId);
          break;
        case 'abandon':
          session.abandon();
          break;
        default:
          throw new ReplayFailure(`${where}: unknown event kind`);
      }
    } catch (error) {
      if (error instanceof ReplayFailure) throw error;
      throw new ReplayFailure(`${where} does not replay: ${(error as Error).message}`, { cause: error });
    }
  }
}
