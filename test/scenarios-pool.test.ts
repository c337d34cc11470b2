// Scenarios are generated and checked off the server's event loop, in the scenario pool's worker
// threads: while a draw is held in its worker (a test gate, as a long draw would hold it), the server
// answers other requests; errors from a worker are the same clear answers as before.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainRegistry } from '../src/registry/index.ts';
import { ScenarioPool, setScenarioPool } from '../src/server/scenario-pool.ts';
import { startTestServer, type TestServer } from './support/server-harness.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

const servers: TestServer[] = [];
const pools: ScenarioPool[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
  for (const pool of pools) await pool.close();
});

async function serverWith(registry: DomainRegistry, gate?: Int32Array): Promise<TestServer> {
  const pool = new ScenarioPool(registry, { size: 1, ...(gate === undefined ? {} : { gate }) });
  pools.push(pool);
  setScenarioPool(registry, pool);
  const server = await startTestServer({ registry });
  servers.push(server);
  return server;
}

describe('the scenario pool', () => {
  it('answers other requests while a draw is held in its worker, then returns the draw', async () => {
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const registry = new DomainRegistry({ home: tempDir('pool-home') });
    const server = await serverWith(registry, gate);
    const events: string[] = [];
    const draw = server.call('POST', '/scenarios', { body: { envName: 'retail', seed: 5 } }).then((reply) => {
      events.push('draw');
      return reply;
    });
    const check = server
      .call('POST', '/scenarios/check', { body: { envName: 'retail', personaFile: { instruction: 'x' } } })
      .then((reply) => {
        events.push('check');
        return reply;
      });
    // The worker is held: were the draw on the event loop, nothing would answer until it was released.
    for (let i = 0; i < 3; i++) {
      const health = await server.call('GET', '/health');
      expect(health.status).toBe(200);
      const envs = await server.call('GET', '/environments');
      expect(envs.status).toBe(200);
      events.push('ping');
    }
    expect(events).toEqual(['ping', 'ping', 'ping']);
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    const made = await draw;
    expect(made.status, made.text).toBe(200);
    expect(made.json.scenario.meta).toMatchObject({ generator: 'offline', domain: 'retail', seed: 5 });
    const checked = await check;
    expect(checked.status).toBe(200);
    expect(checked.json.valid).toBe(false);
    expect(checked.json.problems.join('\n')).toMatch(/it has no ground truth/);
    // One worker: the jobs ran in the order they came, after the pings.
    expect(events).toEqual(['ping', 'ping', 'ping', 'draw', 'check']);
  });

  it('gives the same draw as the server thread would, for a seed', async () => {
    const registry = new DomainRegistry({ home: tempDir('pool-home-2') });
    const server = await serverWith(registry);
    const [a, b] = await Promise.all([
      server.call('POST', '/scenarios', { body: { envName: 'airline', seed: 9 } }),
      server.call('POST', '/scenarios', { body: { envName: 'airline', seed: 9 } }),
    ]);
    const { offlineScenario, scenarioText } = await import('../src/scenarios/index.ts');
    const here = scenarioText(offlineScenario(await registry.get('airline'), { seed: 9 }));
    expect(a.json.personaFile).toBe(here);
    expect(b.json.personaFile).toBe(here);
  });

  it("answers a worker's errors as before: 422 with what is wrong, 404 for an unknown domain", async () => {
    const registry = new DomainRegistry({ data: join(repoRoot, 'examples'), home: tempDir('pool-home-3') });
    const server = await serverWith(registry);
    const none = await server.call('POST', '/scenarios', { body: { envName: 'tea-shop', seed: 1 } });
    expect(none.status).toBe(422);
    expect(none.json.error.message ?? none.text).toMatch(/no offline scenario generator/);
    expect(none.text).not.toMatch(/at .*\.ts:\d+/);
    const session = await server.call('POST', '/sessions', {
      body: { envName: 'tea-shop', generateScenario: true },
    });
    expect(session.status).toBe(422);
    expect(session.text).toMatch(/no offline scenario generator/);
    const unknown = await server.call('POST', '/scenarios', { body: { envName: 'nowhere', seed: 1 } });
    expect(unknown.status).toBe(404);
  });
});
