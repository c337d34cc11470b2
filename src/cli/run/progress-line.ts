/** A one-line progress bar with ETA and live pass^1, redrawn in place on a terminal. */
export class ProgressLine {
  private readonly started = Date.now();
  private finished = 0;
  private successes = 0;
  private retried = 0;
  private readonly total: number;
  private readonly out: NodeJS.WriteStream;

  constructor(total: number, alreadyFinished: number, out: NodeJS.WriteStream = process.stderr) {
    this.total = total;
    this.out = out;
    this.baseline = alreadyFinished;
  }

  private readonly baseline: number;

  finish(reward: number): void {
    this.finished++;
    if (reward >= 1 - 1e-6) this.successes++;
    this.draw();
  }

  requeue(): void {
    this.retried++;
    this.draw();
  }

  draw(): void {
    const done = this.baseline + this.finished;
    const width = 24;
    const filled = Math.round((done / Math.max(1, this.total)) * width);
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = this.finished / Math.max(elapsed, 0.001);
    const eta = this.finished === 0 ? '?' : formatSeconds((this.total - done) / rate);
    const pass1 = this.finished === 0 ? '–' : (this.successes / this.finished).toFixed(3);
    this.out.write(
      `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} · ETA ${eta} · pass^1 ${pass1} · re-queued ${this.retried}\x1b[K`,
    );
  }

  end(): void {
    this.out.write('\n');
  }
}

function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
