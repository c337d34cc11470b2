import { compare, type PyDict } from '../../../../../core/python/index.ts';
import { changePhrase, itemPhrase, listText, methodPhrase, money } from '../describe.ts';
import {
  call,
  methodsOf,
  orderOf,
  orderReference,
  pickOrder,
  pickPayer,
  pickSwaps,
  statusIs,
  swapDifference,
} from '../pick.ts';
import type { Goal, Program } from '../types.ts';

/** Swap items of a pending order for other variants of the same products (possible once). */
export const changeOrderItems: Program = (ctx) => swapGoal(ctx, 'pending', 'modify_pending_order_items');

/** Exchange items of a delivered order for other variants of the same products. */
export const exchangeItems: Program = (ctx) => swapGoal(ctx, 'delivered', 'exchange_delivered_order_items');

function swapGoal(
  ctx: Parameters<Program>[0],
  status: string,
  tool: 'modify_pending_order_items' | 'exchange_delivered_order_items',
): Goal | null {
  const orderId = pickOrder(ctx, statusIs(status));
  if (orderId === undefined) return null;
  const order = orderOf(ctx, orderId);
  const userId = order.user_id as string;
  const swaps = pickSwaps(ctx, order);
  if (swaps === null) return null;
  const difference = swapDifference(swaps);
  const payerId = pickPayer(ctx, userId, difference);
  if (payerId === undefined) return null;
  const payer = methodsOf(ctx, userId)[payerId] as PyDict;
  const reference = orderReference(ctx, orderId);
  const wants = swaps.map(
    ({ item, variant }) =>
      `${itemPhrase(item)} for the same product ${changePhrase(item.options as PyDict, variant.options as PyDict)}`,
  );
  const verb = status === 'pending' ? 'swap' : 'exchange';
  const settle = compare(difference, 0n) > 0 ? 'pay the price difference' : 'receive any price difference';
  const asksDifference = ctx.random.chance(0.3);
  const products = [...new Set(swaps.map(({ item }) => item.product_id as string))];
  return {
    userId,
    reason:
      `${status === 'pending' ? 'You have not received' : 'You received'} ${reference.text} and want to ${verb} ${listText(wants)}. ` +
      `You want to ${settle} with ${methodPhrase(payer)}.` +
      (asksDifference ? ' Before you confirm, you want to know the exact price difference.' : ''),
    unknown: reference.unknown,
    behaviour: [
      'If the agent asks whether there is anything else to change in this order, say that this is all.',
    ],
    actions: [
      ...reference.lookups,
      call('get_order_details', { order_id: orderId }),
      ...products.map((productId) => call('get_product_details', { product_id: productId })),
      ...(reference.lookups.length === 0 ? [call('get_user_details', { user_id: userId })] : []),
      call(tool, {
        order_id: orderId,
        item_ids: swaps.map(({ item }) => item.item_id as string),
        new_item_ids: swaps.map(({ variant }) => variant.item_id as string),
        payment_method_id: payerId,
      }),
    ],
    outputs: asksDifference ? (observations) => [money(chargedDifference(observations.at(-1)!))] : undefined,
    orders: [orderId],
  };
}

/** The price difference the tool settled, from the order it returned. */
function chargedDifference(observation: string): number {
  const order = JSON.parse(observation) as { exchange_price_difference?: number; payment_history: PyDict[] };
  if (order.exchange_price_difference !== undefined) return Math.abs(order.exchange_price_difference);
  return Number(order.payment_history.at(-1)!.amount);
}
