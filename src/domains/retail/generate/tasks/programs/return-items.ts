import { type PyDict, type PyNum, parsePyJson, pyRound, sum } from '../../../../../core/python/index.ts';
import { methodPhrase, money } from '../describe.ts';
import {
  call,
  itemsOf,
  itemsText,
  methodsOf,
  nameableItems,
  orderOf,
  orderReference,
  pickOrder,
  statusIs,
} from '../pick.ts';
import type { Program } from '../types.ts';

/** Return some or all items of a delivered order, refunded to the original method or a gift card. */
export const returnItems: Program = (ctx) => {
  const orderId = pickOrder(ctx, statusIs('delivered'));
  if (orderId === undefined) return null;
  const order = orderOf(ctx, orderId);
  const userId = order.user_id as string;
  const nameable = nameableItems(order);
  if (nameable.length === 0) return null;
  const all = nameable.length === itemsOf(order).length && ctx.random.chance(0.25);
  const items = all
    ? itemsOf(order)
    : ctx.random.sample(nameable, ctx.random.int(1, Math.min(2, nameable.length)));
  const methods = methodsOf(ctx, userId);
  const original = (order.payment_history as PyDict[])[0]!.payment_method_id as string;
  const giftCards = Object.keys(methods).filter((id) => id.startsWith('gift_card_') && id !== original);
  const refundTo = giftCards.length > 0 && ctx.random.chance(0.4) ? ctx.random.pick(giftCards) : original;
  const reference = orderReference(ctx, orderId);
  const asksAmount = ctx.random.chance(0.4);
  const where =
    refundTo === original
      ? `the payment method you paid with (${methodPhrase(methods[original] as PyDict)})`
      : methodPhrase(methods[refundTo] as PyDict);
  return {
    userId,
    reason:
      `You received ${reference.text} and want to return ${all ? 'everything in it' : itemsText(items)}. ` +
      `The refund should go to ${where}.` +
      (asksAmount ? ' You want to know how much will be refunded.' : ''),
    unknown: reference.unknown,
    actions: [
      ...reference.lookups,
      call('get_order_details', { order_id: orderId }),
      ...(refundTo !== original && reference.lookups.length === 0
        ? [call('get_user_details', { user_id: userId })]
        : []),
      call('return_delivered_order_items', {
        order_id: orderId,
        item_ids: items.map((item) => item.item_id as string),
        payment_method_id: refundTo,
      }),
    ],
    outputs: asksAmount ? (observations) => [money(returnedValue(observations.at(-1)!))] : undefined,
    orders: [orderId],
  };
};

/** What the returned items cost, from the order the tool returned. */
function returnedValue(observation: string): PyNum {
  const order = parsePyJson(observation) as PyDict;
  const left = [...(order.return_items as string[])];
  const prices: PyNum[] = [];
  for (const item of order.items as PyDict[]) {
    const at = left.indexOf(item.item_id as string);
    if (at < 0) continue;
    left.splice(at, 1);
    prices.push(item.price as PyNum);
  }
  return pyRound(sum(prices), 2);
}
