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
 * `Authorization: Bearer <token>` on every route except `open` ones. The comparison takes the same time
 * whatever the guess: both sides are hashed to equal-length digests and compared with `timingSafeEqual`.
 */
export function bearerAuth(token: string, open: readonly string[]): MiddlewareHandler {
  const expected = digest(checkToken(token));
  return async (c, next) => {
    if (open.includes(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (match === null || !timingSafeEqual(digest(match[1]!), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="sigma"');
      return sendError(c, 401, 'missing or wrong API token: send Authorization: Bearer <SIGMA_API_TOKEN>');
    }
    return next();
  };
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
