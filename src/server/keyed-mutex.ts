/**
 * One lock per key: requests on the same session run one after the other, in arrival order, while
 * different sessions run in parallel. `acquire` resolves to the function that releases the lock.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key);
    let open!: () => void;
    const held = new Promise<void>((resolve) => {
      open = resolve;
    });
    const tail = previous === undefined ? held : previous.then(() => held);
    this.tails.set(key, tail);
    if (previous !== undefined) await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      open();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Whether anyone holds or waits for the key's lock. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
