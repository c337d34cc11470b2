import { defineConfig } from 'vitest/config';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  throw new Error(
    `Sigma's tests need Node >= 22.12 (this is ${process.version}). Run them with "npm test", which uses the Node 24 installed in node_modules.`,
  );
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/support/skip-reasons-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
