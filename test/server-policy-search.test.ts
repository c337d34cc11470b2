// GET /environments/{env}/policy/search: the policy search the terminal uses, over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPolicy } from '../src/core/policy/search.ts';
import { startTestServer, type TestServer, testRegistry } from './support/server-harness.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: {} });
});
afterAll(async () => {
  await server.close();
});

interface Search {
  query: string;
  matches: Array<{ headings: string[]; text: string; score: number; highlights: [number, number][] }>;
}

describe('GET /environments/{env}/policy/search', () => {
  it('finds the rules for changing items with "modify", highlighted', async () => {
    const r = await server.call('GET', '/environments/retail/policy/search?q=modify');
    expect(r.status).toBe(200);
    const body = r.json as Search;
    expect(body.query).toBe('modify');
    const [first] = body.matches;
    expect(first!.headings.at(-1)).toBe('Changing items');
    expect(first!.highlights.map(([s, e]) => first!.text.slice(s, e))).toEqual(['modified']);
  });

  it('returns the whole section with the allowed reasons for "cancel", as the terminal shows it', async () => {
    const r = await server.call(
      'GET',
      `/environments/retail/policy/search?q=${encodeURIComponent('cancel')}`,
    );
    const body = r.json as Search;
    const [first] = body.matches;
    expect(first!.text).toMatch(/^### Cancelling\n- The customer must give the order id and the reason/);
    expect(first!.text).toContain('"no longer needed" or\n  "ordered by mistake"');
    expect(first!.text).toContain('- After the cancellation every payment is refunded');
    const policy = (await testRegistry().get('retail')).policy;
    expect(body.matches.map((m) => m.text)).toEqual(searchPolicy(policy, 'cancel').map((m) => m.text));
  });

  it('answers an empty list for a word the policy lacks, 400 without a query, 404 for an unknown domain', async () => {
    expect(
      ((await server.call('GET', '/environments/airline/policy/search?q=zeppelin')).json as Search).matches,
    ).toEqual([]);
    const missing = await server.call('GET', '/environments/retail/policy/search');
    expect(missing.status).toBe(400);
    const blank = await server.call('GET', '/environments/retail/policy/search?q=%20%20');
    expect(blank.status).toBe(400);
    expect(JSON.stringify(blank.json)).toMatch(/the words to search for/);
    const unknown = await server.call('GET', '/environments/nope/policy/search?q=cancel');
    expect(unknown.status).toBe(404);
  });
});
