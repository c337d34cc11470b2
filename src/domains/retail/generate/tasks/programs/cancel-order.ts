import type { PyDict } from '../../../../../core/python/index.ts';
import { money } from '../describe.ts';
import { call, orderReference, pickOrder, statusIs } from '../pick.ts';
import type { Program } from '../types.ts';

const REASONS = [
  ['no longer needed', 'you no longer need it'],
  ['ordered by mistake', 'you ordered it by mistake'],
] as const;

/** Cancel a pending order, sometimes asking how much comes back. */
export const cancelOrder: Program = (ctx) => {
  const orderId = pickOrder(ctx, statusIs('pending'));
  if (orderId === undefined) return null;
  const userId = ctx.state.get('orders', orderId)!.user_id as string;
  const [reason, because] = ctx.random.pick(REASONS);
  const reference = orderReference(ctx, orderId);
  const asksAmount = ctx.random.chance(0.3);
  return {
    userId,
    reason:
      `You want to cancel ${reference.text} because ${because}.` +
      (asksAmount ? ' You also want to know how much money you will get back.' : ''),
    unknown: reference.unknown,
    actions: [
      ...reference.lookups,
      call('get_order_details', { order_id: orderId }),
      call('cancel_pending_order', { order_id: orderId, reason }),
    ],
    outputs: asksAmount ? (observations) => [money(refunded(observations.at(-1)!))] : undefined,
    orders: [orderId],
  };
};

/** The total refunded by a cancellation, from the cancelled order the tool returned. */
function refunded(observation: string): number {
  const order = JSON.parse(observation) as PyDict;
  return (order.payment_history as PyDict[])
    .filter((entry) => entry.transaction_type === 'refund')
    .reduce((total, entry) => total + Number(entry.amount), 0);
}
