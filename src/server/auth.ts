import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { InputError } from '../core/errors.ts';
import { sendError } from './http-errors.ts';

/** Shortest API token accepted: a guessable token would make the check pointless. */
export const MIN_TOKEN_LENGTH = 16;

/** Checks a token's strength before the server starts with it. */
export function checkToken(token: string): string {
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new InputError(
      `SIGMA_API_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters without spaces (e.g. openssl rand -hex 32)`,
    );
  }
  return token;
}

/**
 * `Authorization: Bearer <token>` on every route except `open` ones (a path, or a prefix ending in `/`:
 * `/downloads/` holds single-use links made by an authorized request, whose unguessable name is the check). The comparison takes the same time
 * whatever the guess: both sides are hashed to equal-length digests and compared with `timingSafeEqual`.
 */
export function bearerAuth(token: string, open: readonly string[]): MiddlewareHandler {
  const expected = digest(checkToken(token));
  return async (c, next) => {
    const path = c.req.path;
    if (open.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p))) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (match === null || !timingSafeEqual(digest(match[1]!), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="sigma"');
      return sendError(c, 401, 'missing or wrong API token: send Authorization: Bearer <SIGMA_API_TOKEN>');
    }
    return next();
  };
}

/** A `Host` header that is plainly loopback (anything else is parsed and checked in full). */
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/;

/**
 * Without a token the server trusts being on loopback, so it must not be reachable through a browser
 * from another site. Two checks close that: the request must be addressed to a loopback name (a
 * DNS-rebinding page reaches 127.0.0.1 under its own host name: 421), and a request a browser sends from
 * a page of another origin (an `Origin` header that is neither this server nor a `--cors-origin`) is
 * refused (403). With a token, the token is the check and neither applies.
 */
export function sameMachineOnly(corsOrigins: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const host = c.req.header('host');
    const origin = c.req.header('origin');
    // The usual case, decided without parsing: a loopback Host that the request's URL was built from.
    if (
      origin === undefined &&
      host !== undefined &&
      LOOPBACK_HOST.test(host) &&
      c.req.url.startsWith(`http://${host}/`)
    )
      return next();
    const url = new URL(c.req.url);
    const hostname = host === undefined ? url.hostname : hostnameOf(host);
    if (hostname === undefined) return sendError(c, 400, 'malformed Host header');
    if (!isLoopback(hostname) || !isLoopback(url.hostname)) {
      return sendError(
        c,
        421,
        'this server answers only requests addressed to localhost, 127.0.0.1 or [::1]; to serve other host names, set SIGMA_API_TOKEN',
      );
    }
    if (origin !== undefined && origin !== url.origin && !corsOrigins.includes(origin)) {
      return sendError(
        c,
        403,
        'cross-site request refused: this origin is not allowed (list it with --cors-origin, and set SIGMA_API_TOKEN)',
      );
    }
    return next();
  };
}

/** The host name of a `Host` header (`127.0.0.1:8000`, `[::1]:8000`, `localhost`); undefined if malformed. */
function hostnameOf(host: string): string | undefined {
  if (host === '' || /[\s/?#@\\]/.test(host)) return undefined;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return undefined;
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Whether a host name or address stays on this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return h.split('.').every((n) => Number(n) <= 255);
  return h.startsWith('::ffff:127.') && isLoopback(h.slice('::ffff:'.length));
}
