/**
 * What a batch's `run` returns when it cannot run yet (a lock that another connection holds for a few
 * milliseconds): the items stay first in line, and the batch is tried again `NOT_NOW_RETRY_MS` later,
 * with the items added meanwhile. The event loop is not held while it waits.
 */
export const NOT_NOW = Symbol('not now');
const NOT_NOW_RETRY_MS = 1;

type Outcomes<R> = PromiseSettledResult<R>[] | Promise<PromiseSettledResult<R>[]>;

/**
 * Requests made while the event loop is busy with other work, run together when it next turns
 * (`setImmediate`): a store's group commit (many sessions' events in one transaction or one statement)
 * and its batched lookups. Each caller gets its own outcome: `run` settles every item, so one bad item
 * fails only its own caller.
 *
 * With `minIntervalMs`, under load a batch starts at most that long after the previous one started, so
 * the items of that interval share one batch (SQLite: one commit, one write of the pages the events
 * share, instead of one per turn). Under load means the previous batch held more than one item: a
 * caller that waits for each item before adding the next (one client in a loop) finds a batch of one
 * before it and runs at the next turn, never waiting for the interval.
 */
export class TurnBatch<T, R> {
  private pending: Array<{ item: T; resolve: (value: R) => void; reject: (error: unknown) => void }> = [];
  private readonly running = new Set<Promise<void>>();
  private readonly run: (items: T[]) => Outcomes<R> | typeof NOT_NOW;
  private readonly ready: () => boolean;
  private readonly minIntervalMs: number;
  /** When the last batch started (`performance.now()`), and how many items it held. */
  private lastRun = Number.NEGATIVE_INFINITY;
  private lastSize = 0;

  /**
   * @param run the batch's work; returns one outcome per item, in order, or `NOT_NOW`.
   * @param ready whether a batch may run now; if not, it is tried again at the next turn (a SQLite
   *   connection inside another transaction).
   * @param minIntervalMs the least time between the starts of two batches under load (0: every turn).
   */
  constructor(
    run: (items: T[]) => Outcomes<R> | typeof NOT_NOW,
    ready: () => boolean = () => true,
    minIntervalMs = 0,
  ) {
    this.run = run;
    this.ready = ready;
    this.minIntervalMs = minIntervalMs;
  }

  add(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length > 1) return;
      const wait = this.lastSize > 1 ? this.lastRun + this.minIntervalMs - performance.now() : 0;
      if (wait > 0) setTimeout(() => this.flush(), wait);
      else setImmediate(() => this.flush());
    });
  }

  /** Runs what is pending now (if it may); resolves once every batch started so far has settled. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.all(this.running);
  }

  /** Starts the pending batch (synchronous work is done before this returns). */
  flush(): void {
    if (this.pending.length === 0) return;
    if (!this.ready()) {
      setImmediate(() => this.flush());
      return;
    }
    const batch = this.pending;
    this.pending = [];
    this.lastRun = performance.now();
    this.lastSize = batch.length;
    const settle = (outcomes: PromiseSettledResult<R>[]) => {
      batch.forEach((entry, i) => {
        const outcome = outcomes[i];
        if (outcome?.status === 'fulfilled') entry.resolve(outcome.value);
        else entry.reject(outcome === undefined ? new Error('the batch gave no outcome') : outcome.reason);
      });
    };
    let outcomes: Outcomes<R> | typeof NOT_NOW;
    try {
      outcomes = this.run(batch.map((entry) => entry.item));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
      return;
    }
    if (outcomes === NOT_NOW) {
      this.pending = batch.concat(this.pending);
      setTimeout(() => this.flush(), NOT_NOW_RETRY_MS);
      return;
    }
    if (Array.isArray(outcomes)) {
      settle(outcomes);
      return;
    }
    const done = outcomes.then(settle, (error: unknown) => {
      for (const entry of batch) entry.reject(error);
    });
    const tracked = done.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }
}

export const fulfilled = <R>(value: R): PromiseFulfilledResult<R> => ({ status: 'fulfilled', value });
export const rejected = (reason: unknown): PromiseRejectedResult => ({ status: 'rejected', reason });
