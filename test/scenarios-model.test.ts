// A model proposes scenarios over HTTP (the loopback OpenAI-compatible server): valid, invalid in each
// way the checks catch, and repaired on the second attempt.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Domain } from '../src/core/domain/types.ts';
import { ModelError } from '../src/core/errors.ts';
import { type PyDict, type PyValue, pyDumps } from '../src/core/python/index.ts';
import { createModelClient } from '../src/llm/model-client.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { generateScenarios } from '../src/scenarios/batch.ts';
import { modelScenario } from '../src/scenarios/model-scenario.ts';
import { offlineScenario } from '../src/scenarios/offline.ts';
import {
  type OpenAICompatibleTestServer,
  startOpenAICompatibleServer,
} from '../src/testing/openai-compatible-server.ts';
import type { ScriptedResponse } from '../src/testing/scripted-response.ts';

let retail: Domain;
let server: OpenAICompatibleTestServer | undefined;
beforeAll(async () => {
  retail = await new DomainRegistry({ origins: ['built-in'] }).get('retail');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A valid proposal as a model would write it: an offline scenario of a kind, without its metadata. */
function proposal(kind: string, seed = 1): PyDict {
  const value = offlineScenario(retail, { seed, kind });
  const { meta: _meta, ...rest } = value;
  return { ...rest, kind };
}

function text(value: PyDict): string {
  return pyDumps(value as PyValue);
}

async function propose(responses: ScriptedResponse[], maxAttempts = 3) {
  server = await startOpenAICompatibleServer({ responses });
  const model = createModelClient(
    { provider: 'openai-compatible', model: 'local' },
    {
      env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: 'k' },
      maxRetries: 0,
    },
  );
  return modelScenario({ domain: retail, model, maxAttempts, describe: 'a customer with a delivered order' });
}

/** The first new order of a proposal and its first item. */
function firstOrder(value: PyDict): PyDict {
  const orders = (value.records as PyDict).orders as PyDict;
  return orders[Object.keys(orders)[0]!] as PyDict;
}

async function rejection(value: PyDict): Promise<string> {
  const error = await propose([text(value)], 1).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ModelError);
  expect((error as ModelError).kind).toBe('invalid-response');
  return (error as Error).message;
}

describe('modelScenario', () => {
  it('accepts a valid proposal and records model, prompt version, attempts and usage', async () => {
    const made = await propose([
      { type: 'completion', text: text(proposal('return')), inputTokens: 900, outputTokens: 300 },
    ]);
    expect(made.attempts).toBe(1);
    const meta = made.value.meta as PyDict;
    expect(meta.generator).toBe('model');
    expect(meta.model).toBe('openai-compatible:local');
    expect(meta.promptVersion).toBe('scenario-1');
    expect(meta.kind).toBe('return');
    expect(meta.usage).toEqual({ inputTokens: 900n, outputTokens: 300n, costUsd: null });
    expect(meta.description).toBe('a customer with a delivered order');
    const request = server!.requests[0]!;
    expect(JSON.stringify(request.messages)).toContain('a customer with a delivered order');
    expect(JSON.stringify(request.messages)).toContain('Tasks for inspiration');
  });

  it('rejects an unknown product', async () => {
    const value = proposal('return');
    ((firstOrder(value).items as PyDict[])[0] as PyDict).product_id = '0000000000';
    expect(await rejection(value)).toMatch(/product 0000000000 does not exist/);
  });

  it('rejects a wrong price', async () => {
    const value = proposal('cancel');
    const item = (firstOrder(value).items as PyDict[])[0] as PyDict;
    item.price = (item.price as number) + 1;
    expect(await rejection(value)).toMatch(/its price .* is not item .*'s price/);
  });

  it("rejects someone else's payment method", async () => {
    const value = proposal('cancel');
    const other = retail.base.table('users').records.get(retail.base.table('users').ids[0]!)!;
    const theirs = Object.keys(other.payment_methods as PyDict)[0]!;
    ((firstOrder(value).payment_history as PyDict[])[0] as PyDict).payment_method_id = theirs;
    expect(await rejection(value)).toMatch(new RegExp(`payment method ${theirs} is not one of`));
  });

  it('rejects a ground truth that fails', async () => {
    const value = proposal('cancel');
    const actions = value.actions as PyDict[];
    const write = actions.find((a) => a.name === 'cancel_pending_order')!;
    (write.kwargs as PyDict).order_id = '#W0000001';
    expect(await rejection(value)).toMatch(
      /ground truth does not replay: action \d \(cancel_pending_order\) fails: Error: order not found/,
    );
  });

  it('rejects a write in a declared refusal', async () => {
    const value = { ...proposal('cancel'), refusal: true };
    expect(await rejection(value)).toMatch(
      /declared a refusal, but its ground truth writes \(cancel_pending_order\)/,
    );
  });

  it('rejects an answer that is not a scenario object', async () => {
    expect(await rejection({ note: 'no scenario here' } as PyDict)).toMatch(
      /not a scenario object of the schema/,
    );
  });

  it('sends what failed back and accepts the repaired second proposal', async () => {
    const good = proposal('exchange', 2);
    const bad = structuredClone(good);
    ((firstOrder(bad).items as PyDict[])[0] as PyDict).product_id = '0000000000';
    const rejected: string[][] = [];
    server = await startOpenAICompatibleServer({ responses: [text(bad), text(good)] });
    const model = createModelClient(
      { provider: 'openai-compatible', model: 'local' },
      {
        env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: 'k' },
        maxRetries: 0,
      },
    );
    const made = await modelScenario({
      domain: retail,
      model,
      onRejected: (_n, problems) => rejected.push([...problems]),
    });
    expect(made.attempts).toBe(2);
    expect((made.value.meta as PyDict).attempts).toBe(2n);
    expect(rejected[0]!.join()).toMatch(/product 0000000000 does not exist/);
    const repair = server.requests[1]!.messages.at(-1) as { content: string };
    expect(repair.content).toMatch(/fails these checks:[\s\S]*product 0000000000 does not exist/);
    server.assertDone();
  });

  it('gives up after the bounded number of attempts, listing what failed', async () => {
    const bad = proposal('cancel');
    ((firstOrder(bad).items as PyDict[])[0] as PyDict).product_id = '0000000000';
    const error = await propose([text(bad), text(bad), text(bad)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toMatch(/no valid scenario in 3 proposal\(s\).*product 0000000000/);
    expect(server!.requests).toHaveLength(3);
  });
});

describe('generateScenarios with a model', () => {
  it('counts valid, repaired, failed and duplicate proposals, with their usage', async () => {
    const good = proposal('cancel', 5);
    const bad = structuredClone(good);
    ((firstOrder(bad).items as PyDict[])[0] as PyDict).product_id = '0000000000';
    const other = proposal('return', 6);
    // Scenario 0: valid; 1: the same again (a duplicate); 2: repaired on its second proposal.
    server = await startOpenAICompatibleServer({
      responses: [text(good), text(good), text(bad), text(other)].map((t) => ({
        type: 'completion' as const,
        text: t,
        inputTokens: 100,
        outputTokens: 10,
      })),
    });
    const model = createModelClient(
      { provider: 'openai-compatible', model: 'local' },
      {
        env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: 'k' },
        maxRetries: 0,
      },
    );
    const progress: number[] = [];
    const batch = await generateScenarios({
      domain: retail,
      model,
      count: 3,
      concurrency: 1,
      onProgress: (done) => progress.push(done),
    });
    expect(batch.summary).toMatchObject({ asked: 3, valid: 2, repaired: 1, failed: 1, duplicates: 1 });
    expect(batch.summary.usage).toMatchObject({ inputTokens: 400, outputTokens: 40 });
    expect(batch.summary.failures[0]).toMatch(/scenario 1: the same intent on the same records/);
    expect(batch.scenarios.map((s) => (s.meta as PyDict).kind)).toEqual(['cancel', 'return']);
    expect(progress).toEqual([1, 2, 3]);
    server.assertDone();
  });
});
