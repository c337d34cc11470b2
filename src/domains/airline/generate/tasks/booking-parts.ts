import type { PyDict } from '../../../../core/python/index.ts';
import { spokenBirthday } from '../calendar.ts';
import { CABINS, type Cabin } from '../flights.ts';
import { EXTRA_BAG_PRICE, freeBags, INSURANCE_PER_PASSENGER } from '../rules.ts';
import { type Person, randomPerson } from '../users.ts';
import type { TaskContext } from './context.ts';
import { CABIN_WORDS, fullName, membershipOf, methodsOf, spokenCount, spokenMethod } from './facts.ts';

/** The parts of a new booking besides its flights: who flies, in which cabin, bags, insurance. */
export interface BookingChoices {
  cabin: Cabin;
  passengers: Person[];
  bags: number;
  nonfreeBags: number;
  insurance: 'yes' | 'no';
  /** What the customer knows about these choices. */
  known: string[];
  behaviour: string[];
}

export function bookingChoices(ctx: TaskContext, user: Readonly<PyDict>): BookingChoices {
  const { random } = ctx;
  const cabin = random.pick(CABINS);
  const count = random.pick([1, 1, 1, 2, 2, 3]);
  const name = user.name as PyDict;
  const passengers: Person[] = [
    { first_name: name.first_name as string, last_name: name.last_name as string, dob: user.dob as string },
  ];
  const known: string[] = [];
  for (const saved of user.saved_passengers as Person[]) {
    if (passengers.length === count) break;
    passengers.push({ ...saved });
    known.push(`${fullName(saved)} travels with you; their details are saved in your profile.`);
  }
  while (passengers.length < count) {
    const person = randomPerson(random);
    passengers.push(person);
    known.push(`${fullName(person)}, born ${spokenBirthday(person.dob)}, travels with you.`);
  }
  if (count === 1) known.push('You travel alone. Your date of birth is in your profile.');
  else known.push('Your own date of birth is in your profile.');
  const bags = random.pick([0, 0, 1, 1, 2, 3, 4]);
  const nonfreeBags = Math.max(0, bags - freeBags(membershipOf(user), cabin, count));
  const insurance = random.chance(0.5) ? 'yes' : 'no';
  const behaviour = [
    `You want to fly ${CABIN_WORDS[cabin]}.`,
    bags === 0 ? 'You will not check any bags.' : `You will check ${spokenCount(bags, 'bag')} in total.`,
    insurance === 'yes' ? 'You want travel insurance.' : 'You do not want travel insurance.',
  ];
  return { cabin, passengers, bags, nonfreeBags, insurance, known, behaviour };
}

/** The total a booking costs for fares of `perPassenger` dollars per passenger. */
export function bookingTotal(choices: BookingChoices, perPassenger: bigint): bigint {
  const n = BigInt(choices.passengers.length);
  let total = perPassenger * n + EXTRA_BAG_PRICE * BigInt(choices.nonfreeBags);
  if (choices.insurance === 'yes') total += INSURANCE_PER_PASSENGER * n;
  return total;
}

export interface Payment {
  methods: PyDict[];
  line: string;
}

const pay = (method: Readonly<PyDict>, amount: bigint): PyDict => ({
  payment_id: method.id as string,
  amount,
});

/**
 * How the customer pays `total`, among what the policy allows and their profile holds: one credit
 * card, one gift card that covers it, a certificate (topped up by a card), or a gift card's whole
 * balance topped up by a card. Undefined when nothing works.
 */
export function choosePayment(ctx: TaskContext, user: Readonly<PyDict>, total: bigint): Payment | undefined {
  const cards = methodsOf(user, 'credit_card');
  const gifts = methodsOf(user, 'gift_card');
  const certificates = methodsOf(user, 'certificate');
  const options: Array<() => Payment> = [];
  for (const card of cards) {
    options.push(() => ({ methods: [pay(card, total)], line: `Pay with ${spokenMethod(card)}.` }));
  }
  for (const gift of gifts) {
    const balance = gift.amount as bigint;
    if (balance >= total) {
      options.push(() => ({
        methods: [pay(gift, total)],
        line: `Pay the whole amount with ${spokenMethod(gift)}.`,
      }));
    } else if (balance > 0n && cards.length > 0) {
      const card = ctx.random.pick(cards);
      options.push(() => ({
        methods: [pay(gift, balance), pay(card, total - balance)],
        line: `Use the whole balance of ${spokenMethod(gift)} and pay the rest with ${spokenMethod(card)}.`,
      }));
    }
  }
  for (const certificate of certificates) {
    const value = certificate.amount as bigint;
    if (value >= total) {
      options.push(() => ({
        methods: [pay(certificate, total)],
        line: `Pay with ${spokenMethod(certificate)}; you accept that whatever is left of it is lost.`,
      }));
    } else if (cards.length > 0) {
      const card = ctx.random.pick(cards);
      options.push(() => ({
        methods: [pay(certificate, value), pay(card, total - value)],
        line: `Use ${spokenMethod(certificate)} in full and pay the rest with ${spokenMethod(card)}.`,
      }));
    }
  }
  return options.length === 0 ? undefined : ctx.random.pick(options)();
}

/** The arguments of `book_reservation`, in the tool's order. */
export function bookingArgs(
  userId: string,
  origin: string,
  destination: string,
  roundTrip: boolean,
  flights: PyDict[],
  choices: BookingChoices,
  payment: Payment,
): PyDict {
  return {
    user_id: userId,
    origin,
    destination,
    flight_type: roundTrip ? 'round_trip' : 'one_way',
    cabin: choices.cabin,
    flights,
    passengers: choices.passengers.map((p) => ({ ...p })),
    payment_methods: payment.methods,
    total_baggages: BigInt(choices.bags),
    nonfree_baggages: BigInt(choices.nonfreeBags),
    insurance: choices.insurance,
  };
}
