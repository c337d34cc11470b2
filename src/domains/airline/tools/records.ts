import type { PyDict } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { keyError, ToolError } from '../../../core/tools/tool.ts';

/** A reservation by id, or the refusal every reservation tool gives for an unknown id. */
export function findReservation(db: Db, reservationId: string): Readonly<PyDict> {
  const reservation = db.get('reservations', reservationId);
  if (reservation === undefined) throw new ToolError('reservation not found');
  return reservation;
}

/** A user by id, or the refusal the user tools give for an unknown id. */
export function findUser(db: Db, userId: string): Readonly<PyDict> {
  const user = db.get('users', userId);
  if (user === undefined) throw new ToolError('user not found');
  return user;
}

/** The user a reservation belongs to; the reference indexes the users table directly (a KeyError if absent). */
export function reservationOwnerId(db: Db, reservation: Readonly<PyDict>): string {
  const userId = reservation.user_id as string;
  if (!db.has('users', userId)) throw keyError(userId);
  return userId;
}
