// An episode played in the terminal (`sigma play`) and saved in the store, then served: the server lists
// it, returns its record, rebuilds it from the stored trajectory (it has no events), and refuses to change it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { episodeRecord, saveEpisodeInStore } from '../src/cli/play/save.ts';
import type { Proposal, Trajectory } from '../src/contracts/trajectory.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { SqliteStore } from '../src/store/index.ts';
import { startTestServer, type TestServer, testRegistry } from './support/server-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'sigma-imported-'));
const file = join(dir, 'sigma.db');
let server: TestServer;
let record: Trajectory;

beforeAll(async () => {
  const sim = new SimulatorCore({ envName: 'retail', taskIndex: 0, registry: testRegistry() });
  await sim.start();
  await sim.callTool('get_order_details', '{"order_id": "#W1392577"}');
  sim.abandon();
  const proposal: Proposal = {
    model: 'openai-compatible:copilot-test',
    intent: 'look at the order',
    context: [],
    raw: '{"tool": "get_order_details"}',
    proposal: { type: 'tool_call', name: 'get_order_details', arguments: '{"order_id": "#W1392577"}' },
    decision: 'accepted',
    at: '2026-12-01T10:00:00.000Z',
  };
  sim.session.recordProposal(proposal);
  record = episodeRecord(sim);
  await saveEpisodeInStore(sim, record, `sqlite:${file}`);
  server = await startTestServer({ store: SqliteStore.open(file) });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an imported terminal episode', () => {
  it('is listed by GET /trajectories and returned whole, proposals kept, by GET /trajectories/{id}', async () => {
    const list = await server.call('GET', '/trajectories');
    expect(list.status).toBe(200);
    expect(list.json.items).toEqual([
      expect.objectContaining({
        id: record.id,
        domain: 'retail',
        taskIndex: 0,
        status: 'finished',
        finished: true,
        reward: 0,
        endReason: 'abandoned',
        eventCount: 0,
      }),
    ]);
    const one = await server.call('GET', `/trajectories/${record.id}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual(JSON.parse(JSON.stringify(record)));
    expect((one.json as Trajectory).proposals).toHaveLength(1);
  });

  it('is rebuilt from its trajectory for GET /sessions/{id} and /result', async () => {
    const view = await server.call('GET', `/sessions/${record.id}`);
    expect(view.status, JSON.stringify(view.json)).toBe(200);
    expect(view.json).toMatchObject({ id: record.id, status: 'finished', done: true, reward: 0 });
    expect(view.json.history).toEqual(record.messages.filter((m) => m.role !== 'system'));
    const result = await server.call('GET', `/sessions/${record.id}/result`);
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ done: true, endReason: 'abandoned', reward: { reward: 0 } });
  });

  it('takes no more actions: 409', async () => {
    const tool = await server.call('POST', `/sessions/${record.id}/tool`, {
      body: { name: 'get_order_details', arguments: { order_id: '#W1392577' } },
    });
    expect(tool.status).toBe(409);
    expect(tool.json).toMatchObject({ error: { code: expect.any(String) } });
    expect((await server.call('POST', `/sessions/${record.id}/undo`, { body: {} })).status).toBe(409);
    expect(
      (await server.call('POST', `/sessions/${record.id}/respond`, { body: { message: 'hi' } })).status,
    ).toBe(409);
    // Still as stored.
    const one = await server.call('GET', `/trajectories/${record.id}`);
    expect(one.json).toEqual(JSON.parse(JSON.stringify(record)));
  });
});
