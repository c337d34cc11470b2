// Scenarios for tau2 domains: the ground truth is tau2's evaluation_criteria. A model proposes them over
// HTTP (the loopback OpenAI-compatible server): valid, invalid, repaired; an offline draw played with its
// ground truth scores 1.0 through tau2's evaluator and doing nothing 0.0; `sigma persona check` reads it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Domain } from '../src/core/domain/types.ts';
import { ModelError } from '../src/core/errors.ts';
import { type PyDict, type PyValue, pyDumps, toJs } from '../src/core/python/index.ts';
import { createModelClient } from '../src/llm/model-client.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { checkScenario, modelScenario, offlineScenario, scenarioText } from '../src/scenarios/index.ts';
import { SimulatorCore } from '../src/session/index.ts';
import {
  type OpenAICompatibleTestServer,
  startOpenAICompatibleServer,
} from '../src/testing/openai-compatible-server.ts';
import { runCli } from './support/run-cli.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv } from './support/tmux.ts';

const dir = tempDir('scenarios-tau2');

let retail: Domain;
let airline: Domain;
let server: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Criteria {
  actions: Array<{ action_id: string; name: string; arguments: Record<string, unknown> }>;
  communicate_info: string[];
  reward_basis: string[];
  env_assertions: unknown;
}

function criteriaOf(value: PyDict): PyDict {
  return value.evaluation_criteria as PyDict;
}

/** A valid proposal as a model would write it: an offline scenario of a kind, without its metadata. */
function proposal(kind: string, seed = 1): PyDict {
  const { meta: _meta, ...rest } = offlineScenario(retail, { seed, kind });
  return { ...rest, kind };
}

function modelOn(url: string) {
  return createModelClient(
    { provider: 'openai-compatible', model: 'local' },
    { env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: url, SIGMA_OPENAI_COMPATIBLE_API_KEY: 'k' }, maxRetries: 0 },
  );
}

async function rejection(value: PyDict): Promise<string> {
  server = await startOpenAICompatibleServer({ responses: [pyDumps(value as PyValue)] });
  const error = await modelScenario({ domain: retail, model: modelOn(server.url), maxAttempts: 1 }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return (error as Error).message;
}

describe.skipIf(noSharedData)(`scenarios for tau2 domains (${skipReason})`, () => {
  beforeAll(async () => {
    const registry = new DomainRegistry({ data: shared('tau2'), home: '/nonexistent-sigma-home' });
    retail = await registry.get('retail');
    airline = await registry.get('airline');
    expect(retail.flavour.name).toBe('tau2');
  });

  it("asks the model for tau2's criteria and accepts a valid proposal", async () => {
    server = await startOpenAICompatibleServer({ responses: [pyDumps(proposal('return') as PyValue)] });
    const made = await modelScenario({ domain: retail, model: modelOn(server.url) });
    expect(made.attempts).toBe(1);
    expect(criteriaOf(made.value).reward_basis).toEqual(['DB', 'COMMUNICATE']);
    expect(made.value.actions).toBeUndefined();
    const request = JSON.stringify(server.requests[0]);
    // The schema and the instructions ask for evaluation_criteria, and the inspiration shows tau2 tasks' own.
    expect(request).toContain('evaluation_criteria');
    expect(request).toContain('reward_basis');
    expect(request).toMatch(/ground truth: evaluation_criteria/);
  });

  it('rejects a proposal with actions/outputs instead of criteria', async () => {
    const { evaluation_criteria: _c, ...rest } = proposal('cancel');
    const value = { ...rest, actions: [], outputs: [] } as PyDict;
    // The schema asks for evaluation_criteria, so the answer is refused before the checks run ...
    expect(await rejection(value)).toMatch(/not a scenario object of the schema/);
    // ... and a file written that way fails the check with what to write instead.
    const { kind: _kind, ...file } = value;
    expect(checkScenario(retail, file).problems.join('\n')).toMatch(
      /no ground truth in tau2's form: the retail domain is scored by "evaluation_criteria"/,
    );
  });

  it('rejects criteria whose actions fail, and a basis that does not score the data', async () => {
    const failing = proposal('cancel');
    const write = (criteriaOf(failing).actions as PyDict[]).find((a) => a.name === 'cancel_pending_order')!;
    (write.arguments as PyDict).order_id = '#W0000001';
    expect(await rejection(failing)).toMatch(
      /ground truth does not replay: action \d \(cancel_pending_order\)/,
    );
    const unscored = proposal('cancel');
    criteriaOf(unscored).reward_basis = ['COMMUNICATE'];
    expect(await rejection(unscored)).toMatch(/reward_basis is \["COMMUNICATE"\]: it must score the data/);
  });

  it('rejects a write in a declared refusal, and an env assertion that does not hold', async () => {
    expect(await rejection({ ...proposal('cancel'), refusal: true })).toMatch(
      /declared a refusal, but its ground truth writes \(cancel_pending_order\)/,
    );
    const value = proposal('cancel');
    const orderId = (criteriaOf(value).actions as PyDict[]).at(-1)!.arguments as PyDict;
    criteriaOf(value).env_assertions = [
      {
        func_name: 'no_such_function',
        arguments: { order_id: orderId.order_id as string },
        assert_value: true,
      },
    ];
    expect(await rejection(value)).toMatch(/env_assertions\[0\] cannot run: no environment function/);
  });

  it('sends what failed back and accepts the repaired second proposal', async () => {
    const good = proposal('exchange', 2);
    const bad = structuredClone(good);
    criteriaOf(bad).reward_basis = ['NL_ASSERTION'];
    server = await startOpenAICompatibleServer({
      responses: [pyDumps(bad as PyValue), pyDumps(good as PyValue)],
    });
    const made = await modelScenario({ domain: retail, model: modelOn(server.url) });
    expect(made.attempts).toBe(2);
    const repair = server.requests[1]!.messages.at(-1) as { content: string };
    expect(repair.content).toMatch(/fails these checks:[\s\S]*reward_basis is \["NL_ASSERTION"\]/);
    expect(checkScenario(retail, made.value).problems).toEqual([]);
    server.assertDone();
  });

  describe.each(['retail', 'airline'])('an offline %s scenario', (env) => {
    const file = join(dir, `${env}-tau2-7.json`);
    const home = join(dir, `home-${env}`);
    const sigma = (args: string[]) => runCli(args, { env: offlineEnv(home) });

    it('is written in tau2 form by persona create, and persona check accepts it', () => {
      const run = sigma([
        'persona',
        'create',
        '--env',
        env,
        '--data',
        shared('tau2'),
        '--seed',
        '7',
        '--out',
        file,
        '--yes',
      ]);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(
        `Play it: sigma --env ${env} --data ${shared('tau2')} --persona-file ${file}`,
      );
      const check = sigma(['persona', 'check', file, '--data', shared('tau2')]);
      expect(check.status, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain(`OK ${file}: a valid ${env} scenario`);
      // On tau-bench's built-in domain, the same file is refused: it is scored by actions there.
      const builtIn = sigma(['persona', 'check', file, '--env', env]);
      expect(builtIn.status).toBe(1);
      expect(builtIn.stdout).toMatch(/"evaluation_criteria" is tau2's form/);
    });

    it("scores 1.0 through tau2's evaluator when its ground truth is played, 0.0 doing nothing", async () => {
      const domain = env === 'retail' ? retail : airline;
      const value = offlineScenario(domain, { seed: 11, kind: 'cancel' });
      expect(value.refusal).toBe(false);
      const path = join(dir, `${env}-tau2-11.json`);
      writeFileSync(path, scenarioText(value));
      const criteria = toJs(value.evaluation_criteria as PyValue) as Criteria;
      const registry = new DomainRegistry({ data: shared('tau2'), home: '/nonexistent-sigma-home' });
      const played = new SimulatorCore({ envName: env, registry, env: {}, personaFile: path });
      await played.start();
      expect(played.domain.flavour.name).toBe('tau2');
      for (const action of criteria.actions) await played.callTool(action.name, action.arguments);
      const info = criteria.communicate_info;
      const figures = info.length > 0 ? ` The figures: ${info.join(', ')}.` : '';
      // The scripted customer goes through every goal of the scenario before it stops.
      let outcome = await played.respondToUser(`All done.${figures} Anything else?`);
      for (let i = 0; i < 8 && !outcome.done; i++)
        outcome = await played.respondToUser(`As I said:${figures} Is there anything else I can help with?`);
      expect(outcome.done).toBe(true);
      const { reward } = played.getFinalResult();
      expect(reward).toMatchObject({ reward: 1, provisional: false });
      expect(reward.breakdown).toMatchObject({ db: { status: 'met', inBasis: true } });
      const idle = new SimulatorCore({ envName: env, registry, env: {}, personaFile: path });
      await idle.start();
      let end = await idle.respondToUser('I am sorry, I cannot help with that. Goodbye.');
      for (let i = 0; i < 8 && !end.done; i++) end = await idle.respondToUser('I cannot help. Goodbye.');
      expect(idle.getFinalResult().reward).toMatchObject({
        reward: 0,
        breakdown: { db: { status: 'not met' } },
      });
    });
  });
});
