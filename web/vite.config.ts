import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is built into the package's dist/web, which `sigma serve` serves at `/`.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  build: {
    outDir: new URL('../dist/web', import.meta.url).pathname,
    emptyOutDir: true,
    // One module-preload polyfill in the bundle, never an inline script (the page's CSP forbids them).
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: { '^/(environments|sessions|trajectories|health|openapi.json)': 'http://127.0.0.1:8000' },
  },
});
