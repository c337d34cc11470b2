// Reviewers' notes flowing into exports: episodes played over HTTP and annotated through the API, then
// selected by the annotation filters of `sigma export` (the CLI), of `GET /exports/{format}` and of
// `exportTrajectories`; the manifest records the filters; tau2-results carries the notes as tau2's
// `review` and `SimulationNote`s, accepted by the pydantic mirror of tau2's `Results` model.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrajectories } from '../src/exports/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SqliteStore } from '../src/store/index.ts';
import { runCli } from './support/run-cli.ts';
import { startTestServer, type TestServer } from './support/server-harness.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

const dir = tempDir('export-annotations');
const file = join(dir, 'sigma.db');
const MODEL = join(repoRoot, 'test/fixtures/python/tau2_results_model.py');
let server: TestServer;
/** Session ids: a (rated bad, an agent's logical error on a message), b (rated good), c (no notes). */
const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
let noteOnMessage = '';

const post = async (path: string, body: unknown = {}) => {
  const r = await server.call('POST', path, { body });
  expect(r.status, r.text).toBeLessThan(300);
  return r.json;
};

async function episode(reason: string, lookups: number): Promise<string> {
  await new Promise((done) => setTimeout(done, 5));
  const { id } = await post('/sessions', { envName: 'mini-shop', taskIndex: 0, userStrategy: 'scripted' });
  await post(`/sessions/${id}/start`);
  for (let i = 0; i < lookups; i++)
    await post(`/sessions/${id}/tool`, { name: 'get_order', arguments: { order_id: 'o100' } });
  await post(`/sessions/${id}/tool`, { name: 'cancel_order', arguments: { order_id: 'o100', reason } });
  await post(`/sessions/${id}/respond`, {
    message: 'Order o100 is cancelled. Is there anything else I can help with?',
  });
  return id as string;
}

beforeAll(async () => {
  server = await startTestServer({
    store: SqliteStore.open(file),
    registry: new DomainRegistry({
      data: join(repoRoot, 'test/fixtures/domains/mini-shop'),
      origins: ['folder'],
      home: join(dir, 'home'),
    }),
  });
  ids.a = await episode('no longer needed', 3);
  ids.b = await episode('no longer needed', 1);
  ids.c = await episode('no longer needed', 2);
  const trajectory = (await server.call('GET', `/trajectories/${ids.a}`)).json;
  const cancel = (trajectory.messages as Array<{ id: string; tool_calls?: unknown[] }>).find(
    (m) => m.tool_calls !== undefined && JSON.stringify(m.tool_calls).includes('cancel_order'),
  )!;
  noteOnMessage = cancel.id;
  await post(`/sessions/${ids.a}/annotations`, { rating: 'bad', text: 'too many lookups', author: 'ana' });
  await post(`/sessions/${ids.a}/annotations`, {
    messageId: noteOnMessage,
    errorSource: 'agent',
    errorType: 'logical',
    text: 'looked the order up three times',
    author: 'bo',
  });
  await post(`/sessions/${ids.b}/annotations`, { rating: 'good', author: 'ana' });
}, 60_000);
afterAll(async () => server.close());

function exported(name: string, args: string[], format = 'raw') {
  const out = join(dir, name);
  const run = runCli(['export', '--format', format, '--out', out, '--store', `sqlite:${file}`, ...args]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const text = format === 'raw' ? readFileSync(join(out, 'train.jsonl'), 'utf8').trim() : '';
  const rows = text === '' ? [] : text.split('\n').map((l) => JSON.parse(l) as { id: string });
  return { out, manifest, ids: rows.map((r) => r.id).sort() };
}

const sorted = (...keys: Array<keyof typeof ids>) => keys.map((k) => ids[k]).sort();

describe('the same filters from the server and the library', () => {
  it('GET /exports/{format} takes them as query parameters, repeated or not', async () => {
    const idsOf = (text: string) =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id)
        .sort();
    const notBad = await server.call('GET', '/exports/raw?excludeRating=bad');
    expect(notBad.status).toBe(200);
    expect(idsOf(notBad.text)).toEqual(sorted('b', 'c'));
    const rated = await server.call('GET', '/exports/raw?rating=good&rating=bad');
    expect(idsOf(rated.text)).toEqual(sorted('a', 'b'));
    expect(idsOf((await server.call('GET', '/exports/raw?annotated=false')).text)).toEqual(sorted('c'));
    expect(idsOf((await server.call('GET', '/exports/raw?errorSource=agent')).text)).toEqual(sorted('a'));
    const bad = await server.call('GET', '/exports/raw?rating=meh');
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/rating/);
    const contradictory = await server.call('GET', '/exports/raw?rating=bad&excludeRating=bad');
    expect(contradictory.status).toBe(422);
  });

  it('exportTrajectories reads the notes of a store, and refuses the filters on records without notes', async () => {
    const store = SqliteStore.open(file);
    try {
      const { manifest } = await exportTrajectories({
        format: 'raw',
        source: store,
        out: join(dir, 'library'),
        filters: { excludeRatings: ['bad'] },
      });
      expect(manifest.counts.selected).toBe(2);
      const records = [await store.getTrajectory(ids.a)];
      await expect(
        exportTrajectories({
          format: 'raw',
          source: records,
          out: join(dir, 'library-records'),
          filters: { ratings: ['good'] },
        }),
      ).rejects.toThrow(/read notes from a store/);
      // Given where the notes are, records are filtered too.
      const { manifest: withNotes } = await exportTrajectories({
        format: 'raw',
        source: records,
        annotations: store.annotations,
        out: join(dir, 'library-records-notes'),
        filters: { ratings: ['bad'] },
      });
      expect(withNotes.counts.selected).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe('sigma export: annotation filters', () => {
  it('selects by notes: annotated or not, rating, excluded rating, error source and type', () => {
    expect(exported('all', []).ids).toEqual(sorted('a', 'b', 'c'));
    const notBad = exported('not-bad', ['--exclude-rating', 'bad']);
    expect(notBad.ids).toEqual(sorted('b', 'c'));
    expect(notBad.manifest.filters).toMatchObject({ excludeRatings: ['bad'] });
    expect(notBad.manifest.counts.excluded).toEqual({ 'rating excluded': 1 });
    expect(exported('good', ['--rating', 'good']).ids).toEqual(sorted('b'));
    expect(exported('annotated', ['--annotated']).ids).toEqual(sorted('a', 'b'));
    expect(exported('not-annotated', ['--not-annotated']).ids).toEqual(sorted('c'));
    const agent = exported('agent', ['--error-source', 'agent', '--error-type', 'logical']);
    expect(agent.ids).toEqual(sorted('a'));
    expect(agent.manifest.filters).toMatchObject({ errorSources: ['agent'], errorTypes: ['logical'] });
    expect(exported('hallucination', ['--error-type', 'hallucination']).ids).toEqual([]);
    // The filtered export is still a valid one.
    expect(runCli(['export', '--check', notBad.out]).status).toBe(0);
  });

  it('refuses bad values with one clear line and writes nothing', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--rating', 'meh'], /--rating must be one of good, bad, got "meh"/],
      [['--error-source', 'customer'], /--error-source must be one of agent, user, system, got "customer"/],
      [
        ['--rating', 'good', '--exclude-rating', 'good'],
        /--rating good and --exclude-rating good exclude each other/,
      ],
      [['--annotated', '--not-annotated'], /--annotated and --not-annotated exclude each other/],
    ];
    for (const [args, message] of cases) {
      const out = join(dir, 'refused');
      const run = runCli(['export', '--format', 'raw', '--out', out, '--store', `sqlite:${file}`, ...args]);
      expect(run.status, args.join(' ')).not.toBe(0);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(spawnSync('test', ['-e', out]).status).not.toBe(0);
    }
  });

  it('tau2-results carries the notes as review and SimulationNotes, accepted by the Results mirror', () => {
    const { out } = exported('tau2', ['--annotated'], 'tau2-results');
    const python = spawnSync('python3', [MODEL, join(out, 'results.json')], { encoding: 'utf8' });
    expect(python.stderr).toBe('');
    expect(python.status).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const a = results.simulations.find((s: { id: string }) => s.id === ids.a);
    const b = results.simulations.find((s: { id: string }) => s.id === ids.b);
    expect(results.simulations).toHaveLength(2);
    const turn = a.messages.findIndex(
      (m: { tool_calls: Array<{ name: string }> | null }) => m.tool_calls?.[0]?.name === 'cancel_order',
    );
    expect(a.review).toMatchObject({
      agent_error: true,
      user_error: false,
      has_errors: true,
      errors: [
        {
          source: 'agent',
          error_type: 'logical',
          error_tags: ['logical'],
          turn_idx: turn,
          reasoning: 'looked the order up three times',
        },
      ],
    });
    expect(a.review.summary).toMatch(/\[bad\] too many lookups \(ana\)/);
    expect(a.info.notes.map((n: { error_source: string | null }) => n.error_source)).toEqual([null, 'agent']);
    expect(a.info.notes[1]).toMatchObject({ simulation_id: ids.a, task_id: a.task_id, author_email: 'bo' });
    expect(a.info.ratings).toEqual([{ note_id: a.info.notes[0].id, rating: 'bad' }]);
    expect(b.review).toMatchObject({ has_errors: false, errors: [] });
    expect(runCli(['export', '--check', out]).status).toBe(0);
  });
});
