import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.ts';
import { classifyModelError } from './seat-client.ts';
import { terminationOf } from './terminations.ts';

function failure(kind: ModelError['kind'], status: number | null): ModelError {
  return new ModelError({ provider: 'openai', model: 'gpt-4o', kind, status, attempts: 5, reason: 'x' });
}

describe('what a model failure means for an attempt', () => {
  it('a provider fault (rate limit, 5xx, timeout, network, an unreadable answer) re-queues it', () => {
    for (const error of [
      failure('http', 429),
      failure('http', 503),
      failure('http', 408),
      failure('timeout', null),
      failure('network', null),
      failure('empty-reply', null),
      failure('invalid-response', 200),
    ])
      expect(classifyModelError(error)).toBe('infrastructure');
  });

  it('a key or model that cannot work stops the run; another refusal is the seat’s error', () => {
    expect(classifyModelError(failure('http', 401))).toBe('fatal');
    expect(classifyModelError(failure('http', 404))).toBe('fatal');
    expect(classifyModelError(failure('http', 400))).toBe('seat');
    expect(classifyModelError(failure('other', null))).toBe('seat');
  });

  it("names episode ends in tau2's words", () => {
    expect(['user-stop', 'transfer', 'turn-limit'].map((r) => terminationOf(r as never))).toEqual([
      'user_stop',
      'agent_stop',
      'max_steps',
    ]);
  });
});
