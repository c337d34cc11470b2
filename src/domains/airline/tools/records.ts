import type { PyDict } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { keyError } from '../../../core/tools/tool.ts';
import { findRecord } from '../../shared/records.ts';

/** A reservation by id, or the refusal every reservation tool gives for an unknown id. */
export function findReservation(db: Db, reservationId: string): Readonly<PyDict> {
  return findRecord(db, 'reservations', reservationId, 'reservation not found');
}

/** The user a reservation belongs to; the reference indexes the users table directly (a KeyError if absent). */
export function reservationOwnerId(db: Db, reservation: Readonly<PyDict>): string {
  const userId = reservation.user_id as string;
  if (!db.has('users', userId)) throw keyError(userId);
  return userId;
}
