import { ModelError } from '../core/errors.ts';
import type { ModelClient, ModelRequest, ModelResponse } from '../core/model/types.ts';
import { isRetryableStatus } from '../llm/index.ts';

/** Whose model failed: the agent's or the customer's. */
export type Seat = 'agent' | 'customer';

/** A model failure with the seat whose model it was. */
export class SeatModelError extends ModelError {
  override readonly cause: ModelError;
  readonly seat: Seat;
  constructor(seat: Seat, cause: ModelError) {
    super(
      {
        provider: cause.provider,
        model: cause.model,
        kind: cause.kind,
        status: cause.status,
        attempts: cause.attempts,
        reason: cause.reason,
      },
      { cause },
    );
    this.seat = seat;
    this.cause = cause;
  }
}

/** A client that names its seat in the failures it passes on. */
export function seatClient(client: ModelClient, seat: Seat): ModelClient {
  return {
    provider: client.provider,
    model: client.model,
    async complete(request: ModelRequest): Promise<ModelResponse> {
      try {
        return await client.complete(request);
      } catch (error) {
        throw error instanceof ModelError ? new SeatModelError(seat, error) : error;
      }
    },
  };
}

/**
 * `infrastructure`: the provider failed (rate limit, server error, timeout, network, an unreadable or
 * empty answer), so the attempt is played again later; `fatal`: the key or model cannot work (401, 403,
 * 404), so the run stops; `seat`: the model refused this request (another 4xx), the seat's error.
 */
export function classifyModelError(error: ModelError): 'infrastructure' | 'fatal' | 'seat' {
  if (error.kind !== 'http' && error.kind !== 'other') return 'infrastructure';
  if (error.status === null) return error.kind === 'other' ? 'seat' : 'infrastructure';
  if (isRetryableStatus(error.status)) return 'infrastructure';
  if (error.status === 401 || error.status === 403 || error.status === 404) return 'fatal';
  return 'seat';
}
