import type { PyDict } from '../../../core/python/index.ts';
import type { Random } from '../../shared/random.ts';
import { PRODUCT_TYPES, type ProductType, SERIES } from './catalog.ts';
import type { IdPool } from './ids.ts';
import { orderedDict } from './ordered-dict.ts';

const MIN_VARIANTS = 5;
const MAX_VARIANTS = 20;
const AVAILABLE_SHARE = 0.64;

/** The most products the catalog can name without repeating a name. */
export const MAX_PRODUCTS = PRODUCT_TYPES.length * (SERIES.length + 1);

/**
 * `count` products as `[product_id, record]` in table order. Each record is
 * `{name, product_id, variants: {item_id: {item_id, options, available, price}}}`; product and item
 * ids are distinct 10-digit strings, prices are floats in cents, and every product has at least two
 * available variants (so an item can always be swapped for another).
 */
export function generateProducts(random: Random, ids: IdPool, count: number): Array<[string, PyDict]> {
  if (count > MAX_PRODUCTS) throw new RangeError(`at most ${MAX_PRODUCTS} products can be generated`);
  const types = random.shuffle(PRODUCT_TYPES);
  const out: Array<[string, PyDict]> = [];
  for (let i = 0; i < count; i++) {
    const type = types[i % types.length]!;
    const round = Math.floor(i / types.length);
    const name = round === 0 ? type.name : `${SERIES[round - 1]} ${type.name}`;
    const productId = ids.next('', 10);
    out.push([
      productId,
      orderedDict([
        ['name', name],
        ['product_id', productId],
        ['variants', generateVariants(random, ids, type)],
      ]),
    ]);
  }
  return out;
}

function generateVariants(random: Random, ids: IdPool, type: ProductType): PyDict {
  const sizes = type.options.map(([, values]) => values.length);
  const combinations = sizes.reduce((a, b) => a * b, 1);
  const count = Math.min(combinations, random.int(MIN_VARIANTS, MAX_VARIANTS));
  const picked = random.sample(
    Array.from({ length: combinations }, (_, i) => i),
    count,
  );
  // A price per variant: a base for the type, raised by each option's position in its value list.
  const base = type.minPrice + random.float() * (type.maxPrice - type.minPrice);
  const steps = type.options.map(() => 0.02 + random.float() * 0.1);
  const available = picked.map(() => random.chance(AVAILABLE_SHARE));
  while (available.filter(Boolean).length < Math.min(2, count)) available[random.int(0, count - 1)] = true;

  return orderedDict(
    picked.map((combination, v) => {
      const positions = positionsOf(combination, sizes);
      let price = base * (0.96 + random.float() * 0.08);
      positions.forEach((position, k) => {
        price *= 1 + steps[k]! * position;
      });
      const itemId = ids.next('', 10);
      const options = orderedDict(type.options.map(([key, values], k) => [key, values[positions[k]!]!]));
      const variant = orderedDict([
        ['item_id', itemId],
        ['options', options],
        ['available', available[v]!],
        ['price', Math.max(1, Math.round(price * 100)) / 100],
      ]);
      return [itemId, variant] as const;
    }),
  );
}

/** The value position of each option in the combination with this index (mixed-radix digits). */
function positionsOf(index: number, sizes: readonly number[]): number[] {
  const out: number[] = [];
  let rest = index;
  for (let k = sizes.length - 1; k >= 0; k--) {
    out[k] = rest % sizes[k]!;
    rest = Math.floor(rest / sizes[k]!);
  }
  return out;
}
