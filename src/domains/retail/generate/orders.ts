import {
  add,
  compare,
  compareCodePoints,
  type PyDict,
  type PyNum,
  type PyValue,
  pyRound,
  sub,
  sum,
} from '../../../core/python/index.ts';
import type { Random } from '../../shared/random.ts';
import { addressRecord, randomAddress } from './address.ts';
import type { IdPool } from './ids.ts';

/** Order statuses and how often each occurs (the three "requested"/modified forms are rare). */
const STATUS_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['pending', 0.4],
  ['delivered', 0.35],
  ['processed', 0.1],
  ['cancelled', 0.1],
  ['pending (item modified)', 0.02],
  ['return requested', 0.015],
  ['exchange requested', 0.015],
];

type Item = PyDict & { item_id: string; product_id: string; price: number };

/**
 * `count` orders as `[order_id, record]`, appending each order's id to its customer's `orders`.
 * A record is `{order_id, user_id, address, items, fulfillments, status, payment_history}` plus, for
 * the requested/modified statuses, the fields the retail tools add. Items are product variants with
 * their current price and options; the first payment is the items' total rounded to cents, paid with
 * one of the customer's methods; a cancelled order was refunded in full; an order that left the
 * warehouse has one shipment holding all its items.
 */
export function generateOrders(
  random: Random,
  ids: IdPool,
  count: number,
  users: ReadonlyArray<[string, PyDict]>,
  products: ReadonlyArray<[string, PyDict]>,
): Array<[string, PyDict]> {
  const out: Array<[string, PyDict]> = [];
  for (let i = 0; i < count; i++) {
    const [userId, user] = random.pick(users);
    const orderId = ids.next('#W', 7);
    const methods = user.payment_methods as PyDict;
    const items = pickItems(random, products);
    const paidWith = random.pick(Object.keys(methods));
    const history: PyDict[] = [
      payment('payment', pyRound(sum(items.map((item) => item.price)), 2), paidWith),
    ];
    let status = weightedStatus(random);
    const extra: Array<[string, PyValue]> = [];

    if (status === 'pending (item modified)') {
      const swaps = pickSwaps(random, items, products);
      const difference = swaps === null ? null : priceDifference(swaps);
      const payer = random.shuffle(Object.keys(methods)).find((id) => !id.startsWith('gift_card_'));
      if (swaps === null || difference === null || payer === undefined) status = 'pending';
      else {
        for (const [item, variant] of swaps) replaceItem(item, variant);
        const type = compare(difference, 0n) > 0 ? 'payment' : 'refund';
        history.push(payment(type, abs(difference), payer));
      }
    } else if (status === 'exchange requested') {
      const swaps = pickSwaps(random, items, products);
      const difference = swaps === null ? null : pyRound(priceDifference(swaps), 2);
      const payer = random
        .shuffle(Object.keys(methods))
        .find(
          (id) =>
            !id.startsWith('gift_card_') ||
            compare((methods[id] as PyDict).balance as PyNum, difference ?? 0n) >= 0,
        );
      if (swaps === null || difference === null || payer === undefined) status = 'delivered';
      else {
        extra.push(['exchange_items', swaps.map(([item]) => item.item_id).sort(compareCodePoints)]);
        extra.push([
          'exchange_new_items',
          swaps.map(([, variant]) => variant.item_id as string).sort(compareCodePoints),
        ]);
        extra.push(['exchange_payment_method_id', payer], ['exchange_price_difference', difference]);
      }
    } else if (status === 'return requested') {
      const returned = random.sample(items, random.int(1, items.length)).map((item) => item.item_id);
      const giftCards = Object.keys(methods).filter((id) => id.startsWith('gift_card_'));
      const refundTo = giftCards.length > 0 && random.chance(0.4) ? random.pick(giftCards) : paidWith;
      extra.push(['return_items', returned.sort(compareCodePoints)], ['return_payment_method_id', refundTo]);
    }
    if (status === 'cancelled') history.push(payment('refund', history[0]!.amount as PyNum, paidWith));

    const shipped = !status.startsWith('pending');
    const fulfillments = shipped
      ? [{ tracking_id: [ids.next('', 12)], item_ids: items.map((item) => item.item_id) }]
      : [];
    const address = random.chance(0.8)
      ? { ...(user.address as PyDict) }
      : addressRecord(randomAddress(random));
    const order: PyDict = {
      order_id: orderId,
      user_id: userId,
      address,
      items,
      fulfillments,
      status,
      payment_history: history,
    };
    for (const [key, value] of extra) order[key] = value;
    out.push([orderId, order]);
    (user.orders as string[]).push(orderId);
  }
  return out;
}

function weightedStatus(random: Random): string {
  let roll = random.float();
  for (const [status, weight] of STATUS_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return status;
  }
  return 'pending';
}

function payment(type: string, amount: PyNum, methodId: string): PyDict {
  return { transaction_type: type, amount, payment_method_id: methodId };
}

/** 1 to 5 items of different products at their variant's price; rarely the same item twice. */
function pickItems(random: Random, products: ReadonlyArray<[string, PyDict]>): Item[] {
  const chosen = random.sample(products, Math.min(products.length, random.int(1, 5)));
  const items = chosen.map(([productId, product]) => {
    const variants = product.variants as PyDict;
    const variant = variants[random.pick(Object.keys(variants))] as PyDict;
    return itemOf(product.name as string, productId, variant);
  });
  if (items.length < 5 && random.chance(0.01)) items.push(copyItem(random.pick(items)));
  return items;
}

function itemOf(name: string, productId: string, variant: PyDict): Item {
  return {
    name,
    product_id: productId,
    item_id: variant.item_id as string,
    price: variant.price as number,
    options: { ...(variant.options as PyDict) },
  };
}

type Swap = [Item, PyDict];

/** One or two items (each listed once), each with another available variant of its product. */
function pickSwaps(random: Random, items: Item[], products: ReadonlyArray<[string, PyDict]>): Swap[] | null {
  const byId = new Map(products);
  const repeated = (id: string) => items.filter((item) => item.item_id === id).length > 1;
  const swaps: Swap[] = [];
  for (const item of random.shuffle(items)) {
    // An item listed twice is left alone: the tools would change only its first copy.
    if (repeated(item.item_id) || swaps.length === 2) continue;
    const variants = byId.get(item.product_id)!.variants as PyDict;
    const others = Object.values(variants).filter(
      (v) => (v as PyDict).available === true && (v as PyDict).item_id !== item.item_id,
    ) as PyDict[];
    if (others.length > 0) swaps.push([item, random.pick(others)]);
    if (swaps.length > 0 && random.chance(0.5)) break;
  }
  return swaps.length === 0 ? null : swaps;
}

/** Sum of new price - old price from the int 0, as the retail tools add it up. */
function priceDifference(swaps: Swap[]): PyNum {
  let difference: PyNum = 0n;
  for (const [item, variant] of swaps) difference = add(difference, sub(variant.price as number, item.price));
  return difference;
}

function copyItem(item: Item): Item {
  return { ...item, options: { ...(item.options as PyDict) } };
}

function replaceItem(item: Item, variant: PyDict): void {
  item.item_id = variant.item_id as string;
  item.price = variant.price as number;
  item.options = { ...(variant.options as PyDict) };
}

/** Python's `abs` on an int or a float. */
function abs(x: PyNum): PyNum {
  if (typeof x === 'bigint') return x < 0n ? -x : x;
  return Math.abs(x);
}
