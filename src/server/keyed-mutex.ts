/** A place in a key's queue, taken when a request arrives; `ready` resolves when the ones before it are done. */
export interface Turn {
  readonly ready: Promise<void>;
  /** Gives the place up (idempotent); the next in the key's queue goes on. */
  release(): void;
}

/**
 * One lock per key: holders of the same key run one after another, in the order they asked; different keys
 * do not wait for each other. Keys with nobody holding or waiting are forgotten.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly counts = new Map<string, number>();

  /** Joins the key's queue now, without waiting; the caller awaits `ready` when it needs the lock. */
  reserve(key: string): Turn {
    const previous = this.tails.get(key);
    let open!: () => void;
    const held = new Promise<void>((resolve) => {
      open = resolve;
    });
    const tail = previous === undefined ? held : previous.then(() => held);
    this.tails.set(key, tail);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    let released = false;
    return {
      ready: previous ?? Promise.resolve(),
      release: () => {
        if (released) return;
        released = true;
        const left = (this.counts.get(key) ?? 1) - 1;
        if (left === 0) this.counts.delete(key);
        else this.counts.set(key, left);
        open();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      },
    };
  }

  async acquire(key: string): Promise<() => void> {
    const turn = this.reserve(key);
    await turn.ready;
    return turn.release;
  }

  /** How many hold or wait for the key's lock. */
  queued(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Whether anyone holds or waits for the key's lock. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
