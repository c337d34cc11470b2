import type { PyDict } from '../../../core/python/index.ts';
import type { Random } from '../../shared/random.ts';
import { addressRecord, randomAddress } from './address.ts';
import type { IdPool } from './ids.ts';
import { orderedDict } from './ordered-dict.ts';
import { CARD_BRANDS, FIRST_NAMES, LAST_NAMES } from './words.ts';

/** How many payment methods a customer has: 1 to 4, most have one. */
const METHOD_COUNTS = [1, 1, 1, 1, 1, 1, 2, 2, 2, 3] as const;
const METHOD_KINDS = ['credit_card', 'paypal', 'gift_card', 'credit_card'] as const;

/**
 * `count` customers as `[user_id, record]`, each `{name, address, email, payment_methods, orders}`
 * with `orders` empty (the order generator fills it). User ids, emails and (first name, last name,
 * zip) are unique, so both ways of finding a user id give exactly one customer.
 */
export function generateUsers(random: Random, ids: IdPool, count: number): Array<[string, PyDict]> {
  const taken = new Set<string>();
  const out: Array<[string, PyDict]> = [];
  while (out.length < count) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const address = randomAddress(random);
    const person = `${first} ${last} ${address.zip}`;
    if (taken.has(person)) continue;
    taken.add(person);
    const handle = `${first}_${last}`.toLowerCase();
    const userId = ids.next(`${handle}_`, 4);
    const email = ids.next(`${first}.${last}`.toLowerCase(), 4);
    out.push([
      userId,
      {
        name: { first_name: first, last_name: last },
        address: addressRecord(address),
        email: `${email}@example.com`,
        payment_methods: paymentMethods(random, ids),
        orders: [],
      },
    ]);
  }
  return out;
}

function paymentMethods(random: Random, ids: IdPool): PyDict {
  const kinds = random.sample(METHOD_KINDS, random.pick(METHOD_COUNTS));
  const fours = new Set<string>();
  return orderedDict(
    kinds.map((kind) => {
      const id = ids.next(`${kind}_`, 7);
      if (kind === 'paypal') return [id, { source: 'paypal', id }];
      if (kind === 'gift_card') {
        const balance = random.chance(0.2) ? random.int(100, 500) : random.int(0, 100);
        return [id, { source: 'gift_card', balance: BigInt(balance), id }];
      }
      let lastFour: string;
      do lastFour = random.digits(4, true);
      while (fours.has(lastFour));
      fours.add(lastFour);
      const brand = random.chance(0.1) ? 'amex' : random.pick(CARD_BRANDS.slice(0, 2));
      return [id, { source: 'credit_card', brand, last_four: lastFour, id }];
    }),
  );
}
