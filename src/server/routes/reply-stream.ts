import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { describeError } from '../http-errors.ts';

/** A step as the session routes answer it; only its `observation` is needed here. */
interface StreamedStep {
  observation: string;
}

/**
 * Answers a step as server-sent events while the customer writes its reply: `delta` events (`{"text"}`)
 * with each piece as it is written, then `done` with the step once it is complete and stored. Nothing
 * is sent until the first piece arrives, so a step refused or failed before that is an ordinary error
 * answer with its status; a failure after it is an `error` event (`{"message","status","code"}`), and
 * then nothing of the step was stored. A customer that does not stream (the scripted one) gives its
 * reply as one `delta`.
 */
export async function streamReply<S extends StreamedStep>(
  c: Context,
  run: (onText: (delta: string) => void) => Promise<S>,
  log: (message: string) => void,
): Promise<Response> {
  const pieces: string[] = [];
  let wake: (() => void) | undefined;
  let firstPiece: () => void = () => {};
  const first = new Promise<void>((resolve) => {
    firstPiece = resolve;
  });
  const onText = (delta: string) => {
    pieces.push(delta);
    firstPiece();
    wake?.();
  };
  let finished = false;
  const step = run(onText).finally(() => {
    finished = true;
    wake?.();
  });
  await Promise.race([first, step.then(noop, noop)]);
  // Failed before a word of the reply: the error handler answers with the error's status.
  if (pieces.length === 0) {
    const whole = await step;
    pieces.push(whole.observation);
  }
  return streamSSE(c, async (sse) => {
    for (;;) {
      while (pieces.length > 0) {
        await sse.writeSSE({ event: 'delta', data: JSON.stringify({ text: pieces.shift() }) });
      }
      if (finished) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (pieces.length > 0 || finished) resolve();
      });
      wake = undefined;
    }
    try {
      await sse.writeSSE({ event: 'done', data: JSON.stringify(await step) });
    } catch (error) {
      const { status, body } = describeError(error);
      if (status >= 500)
        log(
          `sigma serve: ${c.req.method} ${new URL(c.req.url).pathname} failed (${status}) after the stream opened: ${(error as Error).message}`,
        );
      await sse.writeSSE({
        event: 'error',
        data: JSON.stringify({ message: body.error.message, status, code: body.error.code }),
      });
    }
  });
}

function noop(): void {}
