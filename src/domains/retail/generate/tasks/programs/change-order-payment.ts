import type { PyDict, PyNum } from '../../../../../core/python/index.ts';
import { methodPhrase } from '../describe.ts';
import { call, methodsOf, orderOf, orderReference, pickOrder, pickPayer, statusIs } from '../pick.ts';
import type { Program } from '../types.ts';

/** Pay a pending order with another of the customer's methods (a gift card only if it covers it). */
export const changeOrderPayment: Program = (ctx) => {
  const orderId = pickOrder(ctx, statusIs('pending'));
  if (orderId === undefined) return null;
  const order = orderOf(ctx, orderId);
  const userId = order.user_id as string;
  const history = order.payment_history as PyDict[];
  if (history.length !== 1) return null;
  const paid = history[0]!;
  const oldId = paid.payment_method_id as string;
  const newId = pickPayer(ctx, userId, paid.amount as PyNum, (id) => id !== oldId);
  if (newId === undefined) return null;
  const methods = methodsOf(ctx, userId);
  const reference = orderReference(ctx, orderId);
  return {
    userId,
    reason: `You want to pay for ${reference.text} with ${methodPhrase(methods[newId] as PyDict)} instead of ${methodPhrase(methods[oldId] as PyDict)}.`,
    unknown: reference.unknown,
    actions: [
      ...reference.lookups,
      call('get_order_details', { order_id: orderId }),
      ...(reference.lookups.length === 0 ? [call('get_user_details', { user_id: userId })] : []),
      call('modify_pending_order_payment', { order_id: orderId, payment_method_id: newId }),
    ],
    orders: [orderId],
  };
};
