/** A reward counts as a success at 1 (tau-bench's `1 - 1e-6 <= reward`). */
export function isSuccess(reward: number): boolean {
  return reward >= 1 - 1e-6;
}

/** C(n, k) as a float; exact for the small numbers of trials runs have. */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

export interface PassHatK {
  /** The mean over tasks of C(c, k) / C(n, k), with c successes in n trials. */
  value: number;
  /** A 95% interval over tasks (normal approximation of the mean, clipped to [0, 1]). */
  low: number;
  high: number;
  /** Tasks counted: those with at least k trials finished. */
  tasks: number;
}

/**
 * tau-bench's pass^k estimator: the probability that k trials of a task, drawn from its n, all succeed,
 * averaged over tasks. `trials` maps each task to the rewards of its finished trials.
 */
export function passHatK(trials: ReadonlyMap<string | number, readonly number[]>, k: number): PassHatK {
  const perTask: number[] = [];
  for (const rewards of trials.values()) {
    const n = rewards.length;
    if (n < k) continue;
    const c = rewards.filter(isSuccess).length;
    perTask.push(choose(c, k) / choose(n, k));
  }
  const tasks = perTask.length;
  if (tasks === 0) return { value: 0, low: 0, high: 0, tasks: 0 };
  const mean = perTask.reduce((a, b) => a + b, 0) / tasks;
  const variance = tasks < 2 ? 0 : perTask.reduce((a, v) => a + (v - mean) ** 2, 0) / (tasks - 1);
  const half = 1.96 * Math.sqrt(variance / tasks);
  return { value: mean, low: Math.max(0, mean - half), high: Math.min(1, mean + half), tasks };
}

/** pass^k for k = 1..maxK. */
export function passHatKs(
  trials: ReadonlyMap<string | number, readonly number[]>,
  maxK: number,
): Record<string, PassHatK> {
  const result: Record<string, PassHatK> = {};
  for (let k = 1; k <= maxK; k++) result[String(k)] = passHatK(trials, k);
  return result;
}
