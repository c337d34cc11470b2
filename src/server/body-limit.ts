import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';
import { sendError } from './http-errors.ts';

/**
 * 413 for bodies over `maxSize` bytes. A request that announces its length is judged by its header
 * alone, without touching the body (on Node, touching it would build a web stream for every request);
 * a chunked one is counted as it streams in, by Hono's body limit.
 */
export function bodyLimit(maxSize: number): MiddlewareHandler {
  const tooLarge = (c: Context) => sendError(c, 413, `the request body is larger than ${maxSize} bytes`);
  const streaming = streamingBodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const length = c.req.header('content-length');
    if (c.req.header('transfer-encoding') === undefined) {
      if (length === undefined) return next();
      const size = Number(length);
      if (!Number.isSafeInteger(size) || size < 0) return sendError(c, 400, 'invalid Content-Length');
      return size > maxSize ? tooLarge(c) : next();
    }
    return streaming(c, next);
  };
}
