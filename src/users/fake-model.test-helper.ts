// A fake model for the tests of this folder (not shipped behaviour: nothing outside tests imports it).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CustomerContext } from '../core/customer/types.ts';
import { renderUserScenario } from '../core/domain/loaders/tau2.ts';
import type { Task } from '../core/domain/types.ts';
import type { ModelClient, ModelRequest, ModelResponse } from '../core/model/types.ts';
import { isDict, parsePyJson } from '../core/python/index.ts';

export type Answer = string | ((request: ModelRequest, index: number) => string);

/**
 * Records every request and answers from a queue of texts (or functions of the request). Each call
 * costs one input token per message, one output token per character and a quarter of a cent, so usage
 * sums are exact. An unexpected call fails the test.
 */
export class FakeModel implements ModelClient {
  readonly provider = 'fake';
  readonly model = 'fake-1';
  readonly requests: ModelRequest[] = [];
  private readonly answers: Answer[];

  constructor(answers: Answer[] = []) {
    this.answers = [...answers];
  }

  queue(...answers: Answer[]): this {
    this.answers.push(...answers);
    return this;
  }

  get pending(): number {
    return this.answers.length;
  }

  async complete(request: ModelRequest): Promise<ModelResponse> {
    const index = this.requests.length;
    this.requests.push(structuredClone(request));
    const answer = this.answers.shift();
    if (answer === undefined) throw new Error(`FakeModel: no answer queued for call ${index}`);
    const text = typeof answer === 'string' ? answer : answer(request, index);
    return {
      text,
      usage: { inputTokens: request.messages.length, outputTokens: text.length, costUsd: 0.25 },
      attempts: 1,
    };
  }
}

/** An answer that depends only on the request: the same request always gets the same text. */
export function echoOf(request: ModelRequest): string {
  return `reply ${createHash('sha256').update(JSON.stringify(request)).digest('hex').slice(0, 8)}`;
}

/** A small retail-like context. */
export function adaContext(overrides: Partial<CustomerContext> = {}): CustomerContext {
  return {
    domain: 'retail',
    task: {
      id: 'test-0',
      userId: 'ada_park_1234',
      instruction:
        'You are Ada Park in 12345. You want to cancel order #W1000001 because you no longer need it.',
      actions: [],
      outputs: [],
    },
    userGuidelines: 'Reply briefly. Give your email only when asked.',
    ...overrides,
  };
}

/**
 * A task of the shared reference data as a loader would give it, read without the domain's tools
 * (this layer may not import them): `tau-bench` tasks carry `user_id` and `instruction`, tau2 tasks a
 * `user_scenario`.
 */
export function referenceTask(file: string, index: number): Task {
  const list = parsePyJson(readFileSync(file, 'utf8'));
  const raw = Array.isArray(list) ? list[index] : undefined;
  if (!isDict(raw)) throw new Error(`${file} has no task ${index}`);
  if (raw.user_scenario !== undefined) {
    return {
      id: String(raw.id),
      instruction: renderUserScenario(raw.user_scenario),
      actions: [],
      outputs: [],
      userScenario: raw.user_scenario,
    };
  }
  return {
    id: `test-${index}`,
    userId: String(raw.user_id),
    instruction: String(raw.instruction),
    actions: [],
    outputs: [],
  };
}
