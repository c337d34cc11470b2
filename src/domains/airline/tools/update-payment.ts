import { type PyDict, type PyNum, sub } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { lookup, ToolError } from '../../../core/tools/tool.ts';

/**
 * Charges the extra cost of changing a reservation (flights or bags) to a saved payment method, with the
 * reference's rules: certificates cannot pay for changes, a gift card must cover the cost and is debited;
 * other methods are charged outside the data. The cost may be negative (a refund to a cheaper itinerary).
 */
export function chargeChange(db: Db, userId: string, paymentId: string, cost: PyNum): void {
  const methods = lookup<PyDict>(db.get('users', userId), 'payment_methods');
  if (!Object.hasOwn(methods, paymentId)) throw new ToolError('payment method not found');
  const method = methods[paymentId] as PyDict;
  const source = lookup(method, 'source');
  if (source === 'certificate') throw new ToolError('certificate cannot be used to update reservation');
  if (source !== 'gift_card') return;
  if (lookup<PyNum>(method, 'amount') < cost) throw new ToolError('gift card balance is not enough');
  const card = lookup<PyDict>(lookup<PyDict>(db.edit('users', userId), 'payment_methods'), paymentId);
  card.amount = sub(card.amount as PyNum, cost);
}

/** Records a change's cost in the reservation's payment history, unless it is zero. */
export function recordPayment(reservation: PyDict, paymentId: string, amount: PyNum): void {
  // Python's `amount != 0`: 0, 0.0 and -0.0 are all zero
  if (amount === 0n || amount === 0) return;
  const entry: PyDict = { payment_id: paymentId, amount };
  lookup<PyDict[]>(reservation, 'payment_history').push(entry);
}
