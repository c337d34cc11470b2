import type { PyDict } from '../../../core/python/index.ts';
import type { Random } from '../../shared/random.ts';
import { CITIES, STREET_NAMES, STREET_SUFFIXES } from './words.ts';

/** The six address fields, in the order the retail records keep them. */
export const ADDRESS_KEYS = ['address1', 'address2', 'city', 'country', 'state', 'zip'] as const;

export type Address = Record<(typeof ADDRESS_KEYS)[number], string>;

/** A random US address: `{address1, address2, city, country, state, zip}` (address2 may be ''). */
export function randomAddress(random: Random): Address {
  const place = random.pick(CITIES);
  return {
    address1: `${random.int(1, 9999)} ${random.pick(STREET_NAMES)} ${random.pick(STREET_SUFFIXES)}`,
    address2: randomSecondLine(random),
    city: place.city,
    country: 'USA',
    state: place.state,
    zip: `${place.zipPrefix}${random.digits(2, true)}`,
  };
}

function randomSecondLine(random: Random): string {
  const roll = random.float();
  if (roll < 0.35) return `Suite ${random.int(100, 999)}`;
  if (roll < 0.6) return `Apt ${random.int(1, 48)}${random.pick(['', 'A', 'B', 'C'])}`;
  if (roll < 0.75) return `Unit ${random.int(1, 320)}`;
  return '';
}

export function addressRecord(address: Address): PyDict {
  return { ...address };
}

/** The address as one line, as a customer would say it. */
export function addressText(address: Readonly<PyDict>): string {
  const line2 = address.address2 === '' ? '' : `, ${String(address.address2)}`;
  return `${String(address.address1)}${line2}, ${String(address.city)}, ${String(address.state)} ${String(address.zip)}, ${String(address.country)}`;
}

export function sameAddress(a: Readonly<PyDict>, b: Readonly<PyDict>): boolean {
  return ADDRESS_KEYS.every((key) => a[key] === b[key]);
}
