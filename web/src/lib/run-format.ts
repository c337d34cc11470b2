import { ApiError, type Schemas } from '../api/client';

export type RunSummary = Schemas['RunSummary'];
export type ModelUsage = Schemas['ModelUsage'];

/** A probability as three decimals (pass^k, pass rates). */
export function rate(value: number): string {
  return value.toFixed(3);
}

/** A run's cost: dollars when every model's price is known, tokens otherwise. */
export function costText(usage: ModelUsage): string {
  const tokens = `${usage.inputTokens.toLocaleString('en')} in / ${usage.outputTokens.toLocaleString('en')} out tokens`;
  return usage.costUsd === null ? tokens : `$${usage.costUsd.toFixed(4)} (${tokens})`;
}

/** Termination reasons, most frequent first: `user_stop 5, max_steps 1`. */
export function terminationsText(terminations: Record<string, number>): string {
  const entries = Object.entries(terminations).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'none yet' : entries.map(([name, n]) => `${name} ${n}`).join(', ');
}

/** `pass^1 0.500 · pass^2 0.333 …`, k ascending. */
export function passHatKEntries(passHatK: Record<string, number>): [string, number][] {
  return Object.entries(passHatK).sort((a, b) => Number(a[0]) - Number(b[0]));
}

export function dateText(iso: string): string {
  return (
    new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) +
    ' UTC'
  );
}

/** A reward's class for the grid: success (1), failure (0), partial, or not finished yet. */
export function rewardClass(reward: number | null): 'pending' | 'success' | 'failure' | 'partial' {
  if (reward === null) return 'pending';
  if (reward >= 1 - 1e-6) return 'success';
  if (reward <= 1e-6) return 'failure';
  return 'partial';
}

export const REWARD_LABELS = {
  success: 'success (reward 1)',
  failure: 'failure (reward 0)',
  partial: 'partial reward',
  pending: 'not finished yet',
} as const;

/** Polls every second while the run (or any of the runs) is still playing; stops once none is. */
export function pollWhileRunning(runs: readonly Pick<RunSummary, 'status'>[] | undefined): number | false {
  return runs?.some((r) => r.status === 'running') ? 1000 : false;
}

/** Where a trajectory is shown (the trajectory page). */
export function trajectoryHref(sessionId: string): string {
  return `/trajectories/${encodeURIComponent(sessionId)}`;
}

/** Where trajectories are compared side by side (the compare page). */
export function compareHref(sessionIds: readonly string[]): string {
  return `/compare?ids=${sessionIds.map(encodeURIComponent).join(',')}`;
}

/** Asks again after a failure of the server or the network, not after a refusal (an unknown run: 404). */
export function retryUnlessRefused(failures: number, error: Error): boolean {
  return !(error instanceof ApiError && error.status < 500) && failures < 3;
}
