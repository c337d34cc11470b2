import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MiddlewareHandler } from 'hono';

/** Where `npm run build` puts the web app: `dist/web` of the package (this file is in src/ or dist/). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/**
 * The app's pages. Each is the same `index.html`; the app's router reads the path. None collides with
 * an API route, so the API keeps its original paths beside the app.
 */
const PAGES = [
  /^\/$/,
  /^\/play\/[0-9a-f-]{36}$/,
  /^\/result\/[0-9a-f-]{36}$/,
  /^\/domains(?:\/[\w.@-]{1,100})?$/,
  /^\/compare$/,
  /^\/review$/,
];

/**
 * Pages at a path the API also answers (`GET /trajectories`, `GET /trajectories/{id}`, `GET /runs…`): the
 * page is sent only to a browser's navigation (`Accept: text/html`, which `fetch` and API clients do not
 * send); anything else reaches the API. The answer varies by `Accept`.
 */
const NAVIGATION_PAGES = [
  /^\/trajectories$/,
  /^\/trajectories\/[0-9a-f-]{36}$/,
  /^\/runs(?:\/[\w-]{1,64}(?:\/compare\/[\w-]{1,64})?)?$/,
];

function isNavigation(accept: string | undefined): boolean {
  return accept !== undefined && /^\s*text\/html\b/i.test(accept);
}

/** Hashed build output: the file names change with their content, so they can be cached for good. */
const ASSET = /^\/assets\/[\w.-]{1,200}$/;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

/**
 * The one style element the page may add: react-aria's fixed touch-action rule for pressable elements
 * (`<style id="react-aria-pressable-style">`), allowed by the hash of its exact text. The browser tests
 * fail on any CSP violation, so a library update that changes it is caught.
 */
const PRESSABLE_STYLE_HASH = 'sha256-38RhXrc7EdReTKsOm23ZPOCUgniTUUcjky8QOOrQx6o=';

/**
 * The page's Content-Security-Policy: scripts, styles and requests only from this server, no inline
 * script or style element, no plugins, no framing. React sets styles through the DOM, which a CSP
 * allows; Markdown is rendered without raw HTML.
 */
export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' '${PRESSABLE_STYLE_HASH}'`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built web app: its pages at `/`, `/play/…`, `/result/…`, `/domains…`, `/trajectories/…`
 * and `/runs…` (to a browser), `/compare` and `/review`, its files at
 * `/assets/…`. A middleware (not routes), so the OpenAPI document keeps listing the API alone. Pages
 * need no token — a browser's address bar cannot send one; the page asks for it and sends it with
 * each API request. Without a built app (`npm run build` not run) `/` explains how to build it.
 */
export function webApp(root: string = DEFAULT_WEB_ROOT): MiddlewareHandler {
  const index = join(root, 'index.html');
  let cachedIndex: Buffer | undefined;
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const path = c.req.path;
    const shared = NAVIGATION_PAGES.some((page) => page.test(path));
    if (shared) c.header('Vary', 'Accept');
    if (PAGES.some((page) => page.test(path)) || (shared && isNavigation(c.req.header('accept')))) {
      if (!existsSync(index)) {
        if (path !== '/') return next();
        return c.text(
          'The web app is not built: run "npm run build" in the Sigma folder (npm install does it), then reload.\nThe API is at /openapi.json and /docs.\n',
          503,
          { 'Content-Type': 'text/plain; charset=utf-8' },
        );
      }
      cachedIndex ??= readFileSync(index);
      c.header('Content-Security-Policy', WEB_APP_CSP);
      return c.body(new Uint8Array(cachedIndex), 200, { 'Content-Type': 'text/html; charset=utf-8' });
    }
    if (ASSET.test(path)) {
      const file = normalize(join(root, path));
      if (!file.startsWith(join(root, 'assets') + sep) || !existsSync(file) || !statSync(file).isFile())
        return next();
      c.header('Cache-Control', 'public, max-age=31536000, immutable');
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      return c.body(new Uint8Array(readFileSync(file)), 200, { 'Content-Type': type });
    }
    return next();
  };
}
