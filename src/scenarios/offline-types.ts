import type { Action } from '../core/domain/types.ts';
import type { PyDict } from '../core/python/index.ts';

/** A scenario as a task program drew it, before it is written and checked. */
export interface OfflineDraft {
  /** The program (or programs) behind it, e.g. `return` or `multi`. */
  kind: string;
  userId: string;
  /** The new customer's record, with its `user_id`. */
  customer: PyDict;
  /** The other new records, by table and id. */
  records: Record<string, PyDict>;
  instruction: string;
  actions: Action[];
  outputs: string[];
  refusal: boolean;
}
