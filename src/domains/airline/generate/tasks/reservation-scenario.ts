import type { PyDict } from '../../../../core/python/index.ts';
import type { TaskContext } from './context.ts';
import { candidateReservations, isCancelled } from './facts.ts';
import type { Goal, Scenario } from './scenario.ts';

/** Tries one reservation: a goal about it, or undefined when it does not fit. */
export type ReservationGoal = (
  ctx: TaskContext,
  reservation: Readonly<PyDict>,
  user: Readonly<PyDict>,
) => Goal | undefined;

/**
 * A scenario about one existing reservation: tries every active reservation in random order (of the
 * constrained user, if any) until one fits, undoing whatever a failed try recorded.
 */
export function reservationScenario(kind: string, goal: ReservationGoal): Scenario {
  return {
    kind,
    build(ctx, constraint) {
      for (const id of candidateReservations(ctx, constraint.userId, constraint.exclude)) {
        const reservation = ctx.reservation(id);
        if (isCancelled(reservation)) continue;
        const mark = ctx.mark();
        const found = goal(ctx, reservation, ctx.user(reservation.user_id as string));
        if (found !== undefined) return found;
        ctx.reset(mark);
      }
      return undefined;
    },
  };
}
