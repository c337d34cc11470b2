import type { Domain, Task } from '../domain/types.ts';

/**
 * `compute`, remembered per domain and task for as long as both live: for what a task's ground truth
 * gives (its final data, that data's hash), which never changes once the task is loaded.
 */
export function perTask<T>(compute: (domain: Domain, task: Task) => T): (domain: Domain, task: Task) => T {
  const values = new WeakMap<Domain, WeakMap<Task, T>>();
  return (domain, task) => {
    let perDomain = values.get(domain);
    if (perDomain === undefined) {
      perDomain = new WeakMap();
      values.set(domain, perDomain);
    }
    if (perDomain.has(task)) return perDomain.get(task)!;
    const value = compute(domain, task);
    perDomain.set(task, value);
    return value;
  };
}
