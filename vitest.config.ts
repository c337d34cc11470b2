import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { NODE_NEEDED, supportedNode } from './src/node-version.ts';

if (!supportedNode(process.versions.node)) {
  throw new Error(
    `Sigma's tests need ${NODE_NEEDED} (this is ${process.version}). Run them with "npm test", which uses the Node 24 installed in node_modules.`,
  );
}

export default defineConfig({
  test: {
    reporters: ['default', './test/support/skip-reasons-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
      },
      {
        // The web app's components, rendered in happy-dom with Testing Library.
        extends: true,
        plugins: [react()],
        test: { name: 'web', include: ['web/src/**/*.test.tsx'], environment: 'happy-dom' },
      },
    ],
  },
});
