import type { PyDict, PyNum } from '../../../../../core/python/index.ts';
import { compare } from '../../../../../core/python/index.ts';
import { itemPhrase, methodPhrase } from '../describe.ts';
import { call, itemsOf, methodsOf, nameableItems, orderOf, pickOrder, statusIs, userOf } from '../pick.ts';
import type { Goal, Program, ProgramContext } from '../types.ts';

const ACCEPT = 'If the agent explains that this is not possible, accept it and do not ask to be transferred.';

type Case = (ctx: ProgramContext) => Goal | null;

/** A request the policy forbids: the agent must refuse, so the ground truth only reads. */
export const refusal: Program = (ctx) => {
  for (const attempt of ctx.random.shuffle(CASES)) {
    const goal = attempt(ctx);
    if (goal !== null) return goal;
  }
  return null;
};

function orderGoal(
  ctx: ProgramContext,
  statuses: string[],
  reason: (orderId: string, order: PyDict) => string | null,
): Goal | null {
  const orderId = pickOrder(ctx, statusIs(...statuses));
  if (orderId === undefined) return null;
  const order = orderOf(ctx, orderId) as PyDict;
  const text = reason(orderId, order);
  if (text === null) return null;
  return {
    userId: order.user_id as string,
    reason: text,
    behaviour: [ACCEPT],
    actions: [call('get_order_details', { order_id: orderId })],
    orders: [orderId],
  };
}

const CASES: Case[] = [
  // Cancelling an order that has left the warehouse.
  (ctx) =>
    orderGoal(
      ctx,
      ['processed', 'delivered'],
      (id) => `You want to cancel order ${id} because you no longer need it.`,
    ),
  // Returning items of an order that was never delivered.
  (ctx) =>
    orderGoal(ctx, ['pending', 'processed'], (id, order) => {
      const [item] = nameableItems(order);
      return item === undefined
        ? null
        : `You want to return ${itemPhrase(item)} from order ${id} for a refund.`;
    }),
  // A second change to an order whose items were already changed.
  (ctx) =>
    orderGoal(ctx, ['pending (item modified)'], (id, order) => {
      const [item] = nameableItems(order);
      return item === undefined
        ? null
        : `You want to change ${itemPhrase(item)} in order ${id} to a different version of it, or else cancel the order.`;
    }),
  // A second return after a return or exchange was already requested.
  (ctx) =>
    orderGoal(ctx, ['return requested', 'exchange requested'], (id, order) => {
      const [item] = nameableItems(order);
      return item === undefined
        ? null
        : `You already asked for a return or exchange in order ${id}; now you also want to return ${itemPhrase(item)}.`;
    }),
  // Exchanging an item for a different product.
  (ctx) =>
    orderGoal(ctx, ['delivered'], (id, order) => {
      const [item] = nameableItems(order);
      const names = ctx.state.ids('products').map((p) => ctx.state.get('products', p)!.name as string);
      const others = names.filter((name) => !itemsOf(order).some((i) => i.name === name));
      if (item === undefined || others.length === 0) return null;
      return `You want to exchange ${itemPhrase(item)} from order ${id} for a different product, the ${ctx.random.pick(others)}, instead.`;
    }),
  // A cancellation reason the policy does not accept.
  (ctx) =>
    orderGoal(
      ctx,
      ['pending'],
      (id) =>
        `You want to cancel order ${id} because you found it cheaper in another shop. If asked for the reason, that is the only reason you give: you insist it is the real one.`,
    ),
  // Paying with a gift card whose balance does not cover the order.
  (ctx) => {
    const goal = orderGoal(ctx, ['pending'], (id, order) => {
      const history = order.payment_history as PyDict[];
      const methods = methodsOf(ctx, order.user_id as string);
      const card = Object.keys(methods).find(
        (m) => m.startsWith('gift_card_') && m !== history[0]?.payment_method_id,
      );
      if (history.length !== 1 || card === undefined) return null;
      if (compare((methods[card] as PyDict).balance as PyNum, history[0]!.amount as PyNum) >= 0) return null;
      return `You want to pay for order ${id} with ${methodPhrase(methods[card] as PyDict)} instead. If that is not possible, keep the current payment.`;
    });
    if (goal !== null) goal.actions.push(call('get_user_details', { user_id: goal.userId }));
    return goal;
  },
  // Acting on someone else's order.
  (ctx) => {
    const userId = ctx.userId ?? ctx.random.pick(ctx.state.ids('users'));
    const orderId = pickOrder(
      { ...ctx, userId: undefined },
      (order) => order.status === 'pending' && order.user_id !== userId,
    );
    if (orderId === undefined) return null;
    const owner = userOf(ctx, orderOf(ctx, orderId).user_id as string).name as PyDict;
    const name = `${String(owner.first_name)} ${String(owner.last_name)}`;
    const own = userOf(ctx, userId).name as PyDict;
    if (name === `${String(own.first_name)} ${String(own.last_name)}`) return null;
    return {
      userId,
      reason: `Your friend ${name} asked you to cancel their order ${orderId}, which they no longer need.`,
      unknown: [`You do not know ${name}'s email address or zip code.`],
      behaviour: [ACCEPT],
      actions: [],
      orders: [orderId],
    };
  },
];
