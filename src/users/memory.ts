import type { CustomerMemory, CustomerStrategy } from '../core/customer/types.ts';
import { InputError } from '../core/errors.ts';

export type MemoryMessage = CustomerMemory['messages'][number];

/** A deep copy: a memory handed out or taken in never shares objects with a live customer. */
export function copyMemory(memory: CustomerMemory): CustomerMemory {
  return structuredClone(memory);
}

/** Checks that a memory belongs to a customer of this strategy before it is put back. */
export function checkMemory(memory: CustomerMemory, strategy: CustomerStrategy): CustomerMemory {
  if (memory === null || typeof memory !== 'object' || !Array.isArray(memory.messages)) {
    throw new InputError('a customer memory must be an object with a "messages" list');
  }
  if (memory.strategy !== strategy) {
    throw new InputError(
      `cannot restore the memory of a "${memory.strategy}" customer into a "${strategy}" customer`,
    );
  }
  return copyMemory(memory);
}
