// A Vitest reporter beside the default one: when the shared reference data is missing, it says which
// tests skipped and why, in one block at the end of the run (the default reporter shows a skipped
// file as a grey arrow, without the reason).
import type { Reporter, TestModule } from 'vitest/node';
import { noSharedData, skipReason } from './shared-data.ts';

export default class SkipReasonsReporter implements Reporter {
  private readonly counts = new Map<string, number>();

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    for (const module of modules) this.count(module);
    this.print();
  }

  private count(module: TestModule): void {
    if (!noSharedData) return;
    let skipped = 0;
    for (const test of module.children.allTests()) {
      if (test.options.mode === 'skip' && test.fullName.includes(skipReason)) skipped++;
    }
    if (skipped > 0) this.counts.set(module.relativeModuleId, skipped);
  }

  private print(): void {
    if (this.counts.size === 0) return;
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    const files = [...this.counts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, n]) => `   ${file} (${n})`);
    process.stdout.write(
      `\n Skipped ${total} tests in ${this.counts.size} files: each ${skipReason}\n${files.join('\n')}\n`,
    );
  }
}
