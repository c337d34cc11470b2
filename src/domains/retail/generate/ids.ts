import type { Random } from '../../shared/random.ts';

/** Draws random digit ids that are unique across everything drawn from the same pool. */
export class IdPool {
  private readonly used = new Set<string>();
  private readonly random: Random;

  constructor(random: Random) {
    this.random = random;
  }

  /** `prefix` followed by `length` random digits (the first not zero), never handed out before. */
  next(prefix: string, length: number): string {
    for (;;) {
      const id = `${prefix}${this.random.digits(length)}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** Reserves an id made elsewhere; false when it was taken. */
  claim(id: string): boolean {
    if (this.used.has(id)) return false;
    this.used.add(id);
    return true;
  }
}
