import { InputError } from '../core/errors.ts';
import type { ModelClient, ModelRequest, ModelResponse } from '../core/model/types.ts';
import { ModelUnavailable } from './http-errors.ts';

/**
 * The model of a session rebuilt from the store, created on its first call. A rebuilt session replays
 * its stored turns without calling the model, so a server that lost the provider's key (or address)
 * still shows and scores its sessions; only the next customer turn fails, with a 503 that names the
 * variable to set.
 */
export class DeferredModelClient implements ModelClient {
  readonly provider: string;
  readonly model: string;
  readonly #create: () => ModelClient;
  #client: ModelClient | undefined;

  constructor(provider: string, model: string, create: () => ModelClient) {
    this.provider = provider;
    this.model = model;
    this.#create = create;
  }

  complete(request: ModelRequest): Promise<ModelResponse> {
    if (this.#client === undefined) {
      try {
        this.#client = this.#create();
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        throw new ModelUnavailable(
          `the customer's model ${this.provider}:${this.model} cannot be called from this server: ${error.message}`,
          { cause: error },
        );
      }
    }
    return this.#client.complete(request);
  }
}
