import type { Action } from '../../../../core/domain/types.ts';
import { add, compare, type PyDict, type PyNum, sub } from '../../../../core/python/index.ts';
import { itemPhrase, listText } from './describe.ts';
import type { ProgramContext } from './types.ts';

export type DataRecord = Readonly<PyDict>;

export function orderOf(ctx: ProgramContext, orderId: string): DataRecord {
  return ctx.state.get('orders', orderId)!;
}

export function userOf(ctx: ProgramContext, userId: string): DataRecord {
  return ctx.state.get('users', userId)!;
}

export function methodsOf(ctx: ProgramContext, userId: string): DataRecord {
  return userOf(ctx, userId).payment_methods as PyDict;
}

/**
 * A random order (id) that passes `accept`, among the fixed customer's orders when there is one,
 * leaving out orders earlier goals used; undefined when there is none.
 */
export function pickOrder(
  ctx: ProgramContext,
  accept: (order: DataRecord, orderId: string) => boolean,
): string | undefined {
  const ids =
    ctx.userId === undefined ? ctx.state.ids('orders') : (userOf(ctx, ctx.userId).orders as string[]);
  const fits = ids.filter((id) => !ctx.usedOrders.has(id) && accept(orderOf(ctx, id), id));
  return fits.length === 0 ? undefined : ctx.random.pick(fits);
}

export function statusIs(...statuses: string[]): (order: DataRecord) => boolean {
  return (order) => statuses.includes(order.status as string);
}

export function itemsOf(order: DataRecord): DataRecord[] {
  return order.items as PyDict[];
}

/** Items the customer can name without ambiguity: their product occurs once in the order. */
export function nameableItems(order: DataRecord): DataRecord[] {
  const items = itemsOf(order);
  return items.filter((item) => items.filter((other) => other.name === item.name).length === 1);
}

/** Other available variants of an item's product. */
export function alternativesOf(ctx: ProgramContext, item: DataRecord): DataRecord[] {
  const product = ctx.state.get('products', item.product_id as string)!;
  return Object.values(product.variants as PyDict).filter(
    (variant) => (variant as PyDict).available === true && (variant as PyDict).item_id !== item.item_id,
  ) as DataRecord[];
}

export interface Swap {
  item: DataRecord;
  variant: DataRecord;
}

/** One or two nameable items, each with a new variant of its product; null when none can change. */
export function pickSwaps(ctx: ProgramContext, order: DataRecord): Swap[] | null {
  const candidates = ctx.random
    .shuffle(nameableItems(order))
    .filter((item) => alternativesOf(ctx, item).length > 0);
  if (candidates.length === 0) return null;
  const count = candidates.length > 1 && ctx.random.chance(0.35) ? 2 : 1;
  return candidates
    .slice(0, count)
    .map((item) => ({ item, variant: ctx.random.pick(alternativesOf(ctx, item)) }));
}

/** New price minus old price over the swaps, added up from the int 0 as the tools do. */
export function swapDifference(swaps: readonly Swap[]): PyNum {
  let difference: PyNum = 0n;
  for (const { item, variant } of swaps) {
    difference = add(difference, sub(variant.price as PyNum, item.price as PyNum));
  }
  return difference;
}

/** A random payment method of the customer that can pay `amount` (a gift card needs the balance). */
export function pickPayer(
  ctx: ProgramContext,
  userId: string,
  amount: PyNum,
  accept: (methodId: string) => boolean = () => true,
): string | undefined {
  const methods = methodsOf(ctx, userId);
  const fits = Object.keys(methods).filter((id) => {
    const method = methods[id] as PyDict;
    if (!accept(id)) return false;
    return method.source !== 'gift_card' || compare(method.balance as PyNum, amount) >= 0;
  });
  return fits.length === 0 ? undefined : ctx.random.pick(fits);
}

export interface OrderReference {
  /** How the customer names the order ("order #W1234567" or "the order with ..."). */
  text: string;
  /** Reads the agent needs to find it. */
  lookups: Action[];
  unknown: string[];
}

/**
 * How the customer refers to an order: mostly by id; otherwise by its products, when no other order
 * of the customer has all of them (the agent then looks through the customer's orders).
 */
export function orderReference(ctx: ProgramContext, orderId: string): OrderReference {
  const order = orderOf(ctx, orderId);
  const userId = order.user_id as string;
  const names = [...new Set(itemsOf(order).map((item) => item.name as string))];
  const others = (userOf(ctx, userId).orders as string[]).filter((id) => id !== orderId);
  const unique = others.every((id) => {
    const theirs = new Set(itemsOf(orderOf(ctx, id)).map((item) => item.name));
    return !names.every((name) => theirs.has(name));
  });
  if (!unique || names.length > 3 || ctx.random.chance(0.7)) {
    return { text: `order ${orderId}`, lookups: [], unknown: [] };
  }
  const text = `your order with ${listText(names.map((name) => `the ${name}`))}`;
  return {
    text,
    lookups: [{ name: 'get_user_details', kwargs: { user_id: userId } }],
    unknown: [`You do not remember the id of ${text}.`],
  };
}

export function itemsText(items: readonly DataRecord[]): string {
  return listText(items.map(itemPhrase));
}

export function call(name: string, kwargs: PyDict): Action {
  return { name, kwargs };
}
