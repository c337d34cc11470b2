// Scenarios over HTTP, against `sigma serve` as a real child process with no model configured:
// POST /scenarios and /scenarios/check, and a session made with generateScenario that survives a
// SIGKILL of the server and, like a trajectory given to SimulatorCore.fromTrajectory, ends exactly as an
// uninterrupted run of the same scenario.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrajectorySchema } from '../src/contracts/trajectory.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { call } from './support/server-harness.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';
import { offlineEnv } from './support/tmux.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-scenario-server-'));
const home = join(temp, 'home');
const running: ServerProcess[] = [];
afterAll(async () => {
  for (const server of running) await server.kill();
  rmSync(temp, { recursive: true, force: true });
});

async function start(): Promise<ServerProcess> {
  const server = await spawnServer(['--store', `sqlite:${join(temp, 'sigma.db')}`], {
    ...offlineEnv(home),
    SIGMA_API_TOKEN: '',
  });
  running.push(server);
  return server;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies read back in a test
type Any = Record<string, any>;

describe('scenarios over HTTP', () => {
  it('POST /scenarios generates a checked scenario offline, and POST /scenarios/check checks one', async () => {
    const server = await start();
    const made = await call(server.url, 'POST', '/scenarios', { body: { envName: 'airline', seed: 3 } });
    expect(made.status, made.text).toBe(200);
    const body = made.json as Any;
    expect(body.scenario.meta).toMatchObject({ generator: 'offline', domain: 'airline', seed: 3 });
    const again = await call(server.url, 'POST', '/scenarios', { body: { envName: 'airline', seed: 3 } });
    expect((again.json as Any).personaFile).toBe(body.personaFile);
    const ok = await call(server.url, 'POST', '/scenarios/check', {
      body: { personaFile: body.personaFile },
    });
    expect(ok.json).toEqual({ valid: true, domain: 'airline', problems: [] });
    const broken = { ...body.scenario, refusal: !body.scenario.refusal };
    const bad = await call(server.url, 'POST', '/scenarios/check', { body: { personaFile: broken } });
    expect(bad.status).toBe(200);
    expect((bad.json as Any).valid).toBe(false);
    expect((bad.json as Any).problems.join()).toMatch(/refusal/);
    const unknown = await call(server.url, 'POST', '/scenarios', { body: { envName: 'nowhere' } });
    expect(unknown.status).toBe(404);
    const extra = await call(server.url, 'POST', '/scenarios', {
      body: { envName: 'retail', colour: 'red' },
    });
    expect(extra.status).toBe(400);
    await server.kill();
  });

  it('a generateScenario session resumes after SIGKILL and ends with the same result as an uninterrupted run', async () => {
    let server = await start();
    const created = await call(server.url, 'POST', '/sessions', {
      body: {
        envName: 'retail',
        generateScenario: true,
        describe: 'a customer who wants to return an item',
        seed: 11,
        userStrategy: 'scripted',
      },
    });
    expect(created.status, created.text).toBe(201);
    const id = (created.json as Any).id as string;
    expect((created.json as Any).split).toBe('persona');
    const opening = await call(server.url, 'POST', `/sessions/${id}/start`);
    expect(opening.status).toBe(200);
    const first = TrajectorySchema.parse((await call(server.url, 'GET', `/trajectories/${id}`)).json);
    expect(first.scenario?.version).toBe(1);
    const scenario = JSON.parse(first.scenario!.personaFile) as Any;
    expect(scenario.meta).toMatchObject({
      generator: 'offline',
      kind: 'return',
      description: 'a customer who wants to return an item',
    });
    const actions = first.task.actions;
    const half = Math.ceil(actions.length / 2);
    for (const action of actions.slice(0, half)) {
      const r = await call(server.url, 'POST', `/sessions/${id}/tool`, {
        body: { name: action.name, arguments: action.kwargs },
      });
      expect(r.status, r.text).toBe(200);
    }
    const midway = TrajectorySchema.parse((await call(server.url, 'GET', `/trajectories/${id}`)).json);
    await server.kill();
    expect(server.child.signalCode).toBe('SIGKILL');

    server = await start();
    const recovered = (await call(server.url, 'GET', `/sessions/${id}`)).json as Any;
    expect(recovered.history).toEqual(midway.messages.slice(1));
    const closing = [
      `Done. ${first.task.outputs.join(', ')} Anything else?`,
      `As I said: ${first.task.outputs.join(', ')}. Anything else?`,
    ];
    for (const action of actions.slice(half)) {
      const r = await call(server.url, 'POST', `/sessions/${id}/tool`, {
        body: { name: action.name, arguments: action.kwargs },
      });
      expect(r.status, r.text).toBe(200);
    }
    for (const message of closing) {
      const view = (await call(server.url, 'GET', `/sessions/${id}`)).json as Any;
      if (view.status === 'finished') break;
      expect((await call(server.url, 'POST', `/sessions/${id}/respond`, { body: { message } })).status).toBe(
        200,
      );
    }
    const result = (await call(server.url, 'GET', `/sessions/${id}/result`)).json as Any;
    expect(result).toMatchObject({ done: true, reward: { reward: 1 }, endReason: 'user-stop' });
    const final = (await call(server.url, 'GET', `/sessions/${id}`)).json as Any;

    // The same scenario played in one process, and the midway record continued by fromTrajectory.
    const file = join(temp, 'scenario.json');
    writeFileSync(file, first.scenario!.personaFile);
    const reference = new SimulatorCore({
      envName: 'retail',
      personaFile: file,
      userStrategy: 'scripted',
      home,
    });
    await reference.start();
    const resumed = await SimulatorCore.fromTrajectory(midway, { home });
    for (const action of actions.slice(0, half)) await reference.callTool(action.name, action.kwargs);
    for (const sim of [reference, resumed]) {
      for (const action of actions.slice(half)) await sim.callTool(action.name, action.kwargs);
      for (const message of closing) if (!sim.isDone) await sim.respondToUser(message);
      expect(sim.getFinalResult().reward).toEqual(result.reward);
      expect(sim.stateHash()).toBe(final.stateHash);
      expect(sim.history.map((m) => [m.role, m.content])).toEqual(
        final.history.map((m: Any) => [m.role, m.content]),
      );
    }
    expect(resumed.toTrajectory().scenario).toEqual(first.scenario);
    await server.kill();
  });

  it('reads trajectories recorded before scenarios were kept', async () => {
    const sim = new SimulatorCore({ envName: 'retail', taskIndex: 0, userStrategy: 'scripted', home });
    await sim.start();
    const record = sim.toTrajectory();
    expect(record.scenario).toBeUndefined();
    const resumed = await SimulatorCore.fromTrajectory(JSON.parse(JSON.stringify(record)), { home });
    expect(resumed.stateHash()).toBe(sim.stateHash());
  });
});
