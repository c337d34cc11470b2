import type { PyDict } from '../../../core/python/index.ts';
import type { Random } from '../../shared/random.ts';
import { addDays } from './calendar.ts';
import { CITIES, FIRST_NAMES, LAST_NAMES, STREETS } from './words.ts';

export const MEMBERSHIPS = ['regular', 'silver', 'gold'] as const;
export type Membership = (typeof MEMBERSHIPS)[number];

/** Certificate values the airline issues, in dollars. */
export const CERTIFICATE_VALUES = [100n, 150n, 250n, 500n] as const;
/** The most a gift card holds, in dollars. */
export const MAX_GIFT_CARD = 300;

/** Ids `send_certificate` issues; generated payment methods never take them. */
const RESERVED_PAYMENT_IDS = new Set(['certificate_3221322', 'certificate_3221323', 'certificate_3221324']);

export type Person = { first_name: string; last_name: string; dob: string };

/** A date of birth between 1950 and 2005. */
export function birthday(random: Random): string {
  return addDays('1950-01-01', random.int(0, 20_088));
}

export function randomPerson(random: Random): Person {
  return { first_name: random.pick(FIRST_NAMES), last_name: random.pick(LAST_NAMES), dob: birthday(random) };
}

/** Hands out ids that are unique across the whole database. */
export class IdPool {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const id of reserved) this.taken.add(id);
  }

  /** The first id `make` returns that is not taken yet. */
  take(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.taken.has(id)) {
        this.taken.add(id);
        return id;
      }
    }
  }
}

function paymentMethods(random: Random, ids: IdPool): PyDict {
  const count = random.pick([1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 6, 7]);
  const methods: PyDict = {};
  for (let i = 0; i < count; i++) {
    const source = random.pick(['credit_card', 'gift_card', 'certificate'] as const);
    const id = ids.take(() => `${source}_${random.digits(7)}`);
    if (source === 'credit_card') {
      methods[id] = {
        source,
        brand: random.pick(['visa', 'mastercard']),
        last_four: random.digits(4, true),
        id,
      };
    } else if (source === 'gift_card') {
      methods[id] = { source, amount: BigInt(random.int(0, MAX_GIFT_CARD)), id };
    } else {
      methods[id] = { source, amount: random.pick(CERTIFICATE_VALUES), id };
    }
  }
  return methods;
}

/**
 * The users table without reservations (the reservation generator fills `reservations`): a name, a US
 * address, an email, a date of birth, one to seven saved payment methods, one or two saved passengers
 * and a membership tier. User ids are `first_last_NNNN`, lower case.
 */
export function generateUsers(random: Random, count: number): PyDict {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`users must be a whole number >= 1, got ${count}`);
  const userIds = new IdPool();
  const payments = new IdPool(RESERVED_PAYMENT_IDS);
  const table: PyDict = {};
  for (let i = 0; i < count; i++) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const id = userIds.take(() => `${first}_${last}_${random.digits(4)}`.toLowerCase());
    const place = random.pick(CITIES);
    table[id] = {
      name: { first_name: first, last_name: last },
      address: {
        address1: `${random.int(100, 9999)} ${random.pick(STREETS)}`,
        address2: `Suite ${random.int(100, 999)}`,
        city: place.city,
        country: 'USA',
        state: place.state,
        zip: `${place.zip3}${random.digits(2, true)}`,
      },
      email: `${first}.${last}${random.digits(4)}@example.com`.toLowerCase(),
      dob: birthday(random),
      payment_methods: paymentMethods(random, payments),
      saved_passengers: Array.from({ length: random.chance(0.35) ? 2 : 1 }, () => randomPerson(random)),
      membership: random.pick([
        'regular',
        'regular',
        'regular',
        'silver',
        'silver',
        'silver',
        'silver',
        'gold',
        'gold',
        'gold',
        'gold',
      ] as const),
      reservations: [],
    };
  }
  return table;
}
