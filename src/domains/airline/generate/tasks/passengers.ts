import type { PyDict } from '../../../../core/python/index.ts';
import { spokenBirthday } from '../calendar.ts';
import { birthday, type Person, randomPerson } from '../users.ts';
import { fullName, identify, isAhead, passengersOf, userName } from './facts.ts';
import { reservationScenario } from './reservation-scenario.ts';

/**
 * Corrects the passengers of a reservation that lies ahead: a wrong date of birth, or a traveller
 * replaced by someone else (the number of passengers stays the same).
 */
export const updatePassengers = reservationScenario('update-passengers', (ctx, reservation, user) => {
  if (!isAhead(ctx, reservation)) return undefined;
  const passengers: Person[] = passengersOf(reservation).map((p) => ({ ...p }));
  // the customer's own details come from the profile: only companions are corrected or replaced
  const companions = passengers.map((_, i) => i).filter((i) => fullName(passengers[i]!) !== userName(user));
  if (companions.length === 0) return undefined;
  const index = ctx.random.pick(companions);
  const before = passengers[index]!;
  const id = identify(ctx, reservation);
  const known = [id.known];
  let reason: string;
  let purpose: string;
  const onBoard = new Set(passengers.map(fullName));
  const saved = (user.saved_passengers as Person[]).filter((p) => !onBoard.has(fullName(p)));
  if (ctx.random.chance(0.5)) {
    const dob = birthday(ctx.random);
    if (dob === before.dob) return undefined;
    passengers[index] = { ...before, dob };
    reason = `The date of birth of ${fullName(before)} on one of your reservations is wrong and you want it corrected.`;
    known.push(`${fullName(before)} was born on ${spokenBirthday(dob)}.`);
    purpose = 'Correct a passenger’s date of birth on a reservation.';
  } else {
    const other =
      saved.length > 0 && ctx.random.chance(0.5) ? { ...ctx.random.pick(saved) } : randomPerson(ctx.random);
    if (onBoard.has(fullName(other))) return undefined;
    passengers[index] = other;
    reason = `${fullName(before)} can no longer travel on one of your reservations; ${fullName(other)} takes their place.`;
    known.push(
      saved.some((p) => fullName(p) === fullName(other))
        ? `${fullName(other)}'s details are saved in your profile.`
        : `${fullName(other)} was born on ${spokenBirthday(other.dob)}.`,
    );
    purpose = 'Replace one passenger of a reservation by another, keeping the number of passengers.';
  }
  ctx.lookUpUser(reservation.user_id as string);
  ctx.lookUpReservation(reservation.reservation_id as string);
  ctx.call('update_reservation_passengers', {
    reservation_id: reservation.reservation_id as string,
    passengers: passengers as unknown as PyDict[],
  });
  return {
    userId: reservation.user_id as string,
    reason,
    known,
    unknown: id.unknown === undefined ? [] : [id.unknown],
    behaviour: ['You do not want to change anything else on the reservation.'],
    outputs: [],
    writes: true,
    purpose,
    reservations: [reservation.reservation_id as string],
  };
});
