// A `__proto__` key in tool arguments is a key like any other: inside an object argument it reaches the
// tool and the record exactly as sent, whether the arguments came as an object or as JSON text, through
// the library and over HTTP; as a tool's own argument name it is refused as unknown, as any other is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PyDict } from '../src/core/python/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SimulatorCore } from '../src/session/index.ts';
import { startTestServer, type TestServer } from './support/server-harness.ts';
import { tempDir } from './support/temp-dir.ts';

const registry = new DomainRegistry({ home: tempDir('proto-home') });

/** A reservation of the built-in airline domain and its passengers, each with a `__proto__` key added. */
async function reservationWithProtoPassengers(): Promise<{ id: string; text: string }> {
  const domain = await registry.get('airline');
  const id = domain.base.table('reservations').ids[0]!;
  const passengers = domain.base.table('reservations').records.get(id)!.passengers as PyDict[];
  const sent = passengers.map(
    (p) =>
      `{"first_name": ${JSON.stringify(p.first_name)}, "last_name": ${JSON.stringify(p.last_name)}, ` +
      `"dob": ${JSON.stringify(p.dob)}, "__proto__": {"polluted": true}}`,
  );
  return { id, text: `{"reservation_id": ${JSON.stringify(id)}, "passengers": [${sent.join(', ')}]}` };
}

async function startedAirline(): Promise<SimulatorCore> {
  const sim = new SimulatorCore({ envName: 'airline', registry, env: {}, taskIndex: 0 });
  await sim.start();
  return sim;
}

describe('__proto__ in tool arguments, through the library', () => {
  it('keeps it inside an object argument, the same from an object and from JSON text', async () => {
    const { text } = await reservationWithProtoPassengers();
    const fromText = await (await startedAirline()).callTool('update_reservation_passengers', text);
    const asObject = JSON.parse(text) as Record<string, unknown>;
    expect(Object.hasOwn((asObject.passengers as object[])[0]!, '__proto__')).toBe(true);
    const sim = await startedAirline();
    const fromObject = await sim.callTool('update_reservation_passengers', asObject);
    expect(fromText.observation).toContain('"__proto__": {"polluted": true}');
    expect(fromObject.observation).toBe(fromText.observation);
    // the recorded call has it too, and nothing was polluted
    const call = sim.session.history.find((m) => m.role === 'assistant' && m.tool_calls !== undefined);
    const recorded = call?.role === 'assistant' ? call.tool_calls?.[0]?.function.arguments : undefined;
    expect(recorded).toContain('"__proto__": {"polluted": true}');
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('refuses it as an unknown argument of the tool, as any other name', async () => {
    const sim = await startedAirline();
    const outcome = await sim.callTool(
      'get_user_details',
      JSON.parse('{"user_id": "x", "__proto__": "y"}') as Record<string, unknown>,
    );
    expect(outcome.observation).toBe("Error: unexpected argument '__proto__'; expected user_id");
    const asText = await sim.callTool('get_user_details', '{"user_id": "x", "__proto__": "y"}');
    expect(asText.observation).toBe(outcome.observation);
  });
});

describe('__proto__ in tool arguments, over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  async function session(): Promise<string> {
    const created = await server.call('POST', '/sessions', {
      body: { envName: 'airline', taskIndex: 0, userStrategy: 'scripted' },
    });
    expect(created.status).toBe(201);
    const id = (created.json as { id: string }).id;
    expect((await server.call('POST', `/sessions/${id}/start`, { body: {} })).status).toBe(200);
    return id;
  }

  it('runs the arguments object as sent, as its JSON text runs', async () => {
    const { text } = await reservationWithProtoPassengers();
    const asObject = await server.call('POST', `/sessions/${await session()}/tool`, {
      raw: `{"name": "update_reservation_passengers", "arguments": ${text}}`,
      contentType: 'application/json',
    });
    const asText = await server.call('POST', `/sessions/${await session()}/tool`, {
      body: { name: 'update_reservation_passengers', arguments: text },
    });
    expect(asObject.status).toBe(200);
    expect(asText.status).toBe(200);
    const observation = (asObject.json as { observation: string }).observation;
    expect(observation).toContain('"__proto__": {"polluted": true}');
    expect(observation).toBe((asText.json as { observation: string }).observation);
  });

  it('refuses it as a tool argument name in the object, as in the text', async () => {
    const id = await session();
    const asObject = await server.call('POST', `/sessions/${id}/tool`, {
      raw: '{"name": "get_user_details", "arguments": {"user_id": "x", "__proto__": "y"}}',
      contentType: 'application/json',
    });
    const asText = await server.call('POST', `/sessions/${id}/tool`, {
      body: { name: 'get_user_details', arguments: '{"user_id": "x", "__proto__": "y"}' },
    });
    expect((asObject.json as { observation: string }).observation).toBe(
      "Error: unexpected argument '__proto__'; expected user_id",
    );
    expect((asText.json as { observation: string }).observation).toBe(
      (asObject.json as { observation: string }).observation,
    );
  });
});
