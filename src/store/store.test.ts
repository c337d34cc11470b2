// One suite every store backend passes: SQLite (a file in WAL mode) and PostgreSQL (a schema of its own
// on the server at 127.0.0.1:5432).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSchema } from '../../test/support/server-postgres.ts';
import { ConflictError, NotFoundError } from '../core/errors.ts';
import { nodeSqlite } from './node-sqlite.ts';
import { openStore, redact } from './open-store.ts';
import { PostgresStore } from './postgres.ts';
import { SqliteStore } from './sqlite.ts';
import type { SessionChange, SessionRow, SessionStore } from './types.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-store-'));
const schema = testSchema('store');
afterAll(async () => {
  rmSync(temp, { recursive: true, force: true });
  await schema.drop();
});

function row(id: string, overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    id,
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-20T10:00:00.000Z',
    domain: 'retail',
    split: 'test',
    taskIndex: 3,
    taskId: 'retail-3',
    setup: { customer: { strategy: 'scripted', seed: 2 }, maxTurns: 40 },
    status: 'created',
    reward: null,
    finished: false,
    endReason: null,
    endedAt: null,
    eventCount: 0,
    ...overrides,
  };
}

const running: SessionChange = {
  status: 'active',
  reward: null,
  finished: false,
  endReason: null,
  endedAt: null,
  trajectory: null,
};

const backends: Array<[string, () => SessionStore]> = [
  ['sqlite', () => SqliteStore.open(join(temp, 'nested', 'sigma.db'))],
  ['postgres', () => PostgresStore.open({ url: schema.url })],
];

describe.each(backends)('%s store', (_name, open) => {
  let store: SessionStore;
  beforeAll(async () => {
    store = open();
    await store.migrate();
    await store.migrate(); // idempotent
  });
  afterAll(async () => store.close());

  it('creates a session and reads it back with its setup', async () => {
    await store.createSession(row('s1'));
    expect(await store.getSession('s1')).toEqual(row('s1'));
    expect(await store.getSession('nope')).toBeUndefined();
  });

  it('appends events in order with the session change, in one transaction', async () => {
    await store.createSession(row('s2'));
    const memory = { strategy: 'scripted', messages: [{ role: 'assistant', content: 'Hi, ünïcode ✓' }] };
    await store.appendEvent(
      { sessionId: 's2', seq: 0, kind: 'start', at: '2026-11-20T10:00:01.000Z', payload: { memory } },
      running,
    );
    await store.appendEvent(
      {
        sessionId: 's2',
        seq: 1,
        kind: 'tool',
        at: '2026-11-20T10:00:02.000Z',
        payload: { name: 'get_order_details', arguments: '{"order_id": "#W1"}', observation: '{}' },
      },
      {
        status: 'finished',
        reward: 1,
        finished: true,
        endReason: 'user-stop',
        endedAt: '2026-11-20T10:00:02.000Z',
        trajectory: '{"id":"s2"}',
      },
    );
    const events = await store.listEvents('s2');
    expect(events.map((e) => [e.seq, e.kind])).toEqual([
      [0, 'start'],
      [1, 'tool'],
    ]);
    expect(events[0]!.payload).toEqual({ memory });
    expect(await store.getSession('s2')).toMatchObject({
      status: 'finished',
      reward: 1,
      finished: true,
      endReason: 'user-stop',
      eventCount: 2,
      updatedAt: '2026-11-20T10:00:02.000Z',
    });
    expect(await store.getTrajectory('s2')).toBe('{"id":"s2"}');
    expect(await store.getTrajectory('s1')).toBeUndefined();
  });

  it('refuses a second event with the same seq, and an event for a missing session, leaving nothing', async () => {
    const event = {
      sessionId: 's2',
      seq: 1,
      kind: 'undo' as const,
      at: '2026-11-20T10:00:03.000Z',
      payload: {},
    };
    await expect(store.appendEvent(event, running)).rejects.toThrow(ConflictError);
    await expect(store.appendEvent(event)).rejects.toThrow(/already has an event 1/);
    await expect(store.appendEvent({ ...event, sessionId: 'ghost', seq: 0 }, running)).rejects.toThrow(
      ConflictError,
    );
    await expect(store.appendEvent({ ...event, sessionId: 'ghost', seq: 0 })).rejects.toThrow(
      /no longer exists/,
    );
    expect(await store.listEvents('s2')).toHaveLength(2);
    expect(await store.listEvents('ghost')).toEqual([]);
    expect((await store.getSession('s2'))?.status).toBe('finished');
  });

  it('lists sessions newest first with filters and paging', async () => {
    await store.createSession(row('s3', { domain: 'airline', createdAt: '2026-11-21T09:00:00.000Z' }));
    await store.createSession(row('s4', { createdAt: '2026-11-22T09:00:00.000Z' }));
    const all = await store.listSessions({ limit: 10, offset: 0 });
    expect(all.total).toBe(4);
    expect(all.items.map((s) => s.id)).toEqual(['s4', 's3', 's1', 's2']);
    expect(all.items[0]).not.toHaveProperty('setup');
    const page = await store.listSessions({ limit: 2, offset: 1 });
    expect(page).toMatchObject({ total: 4, items: [{ id: 's3' }, { id: 's1' }] });
    const ids = async (filter: object) =>
      (await store.listSessions({ limit: 10, offset: 0, ...filter })).items.map((s) => s.id).sort();
    expect(await ids({ domain: 'airline' })).toEqual(['s3']);
    expect(await ids({ finished: true })).toEqual(['s2']);
    expect(await ids({ finished: false })).toEqual(['s1', 's3', 's4']);
    expect(await ids({ reward: 1 })).toEqual(['s2']);
    expect(await ids({ reward: 0 })).toEqual([]);
    expect(await ids({ reward: null })).toEqual(['s1', 's3', 's4']);
    expect(await ids({ from: '2026-11-21T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' })).toEqual(['s3']);
  });

  it('deletes a session with its events', async () => {
    expect(await store.deleteSession('s2')).toBe(true);
    expect(await store.deleteSession('s2')).toBe(false);
    expect(await store.getSession('s2')).toBeUndefined();
    expect(await store.listEvents('s2')).toEqual([]);
  });

  it('writes an event alone when the row does not change, and derives the count and the last time', async () => {
    await store.createSession(row('s5'));
    await store.appendEvent(
      { sessionId: 's5', seq: 0, kind: 'start', at: '2026-11-20T11:00:00.000Z', payload: {} },
      running,
    );
    await store.appendEvent({
      sessionId: 's5',
      seq: 1,
      kind: 'tool',
      at: '2026-11-20T11:00:05.000Z',
      payload: {},
    });
    expect(await store.getSession('s5')).toMatchObject({
      status: 'active',
      eventCount: 2,
      updatedAt: '2026-11-20T11:00:05.000Z',
    });
    const listed = (await store.listSessions({ limit: 50, offset: 0 })).items.find((s) => s.id === 's5');
    expect(listed).toMatchObject({ eventCount: 2, updatedAt: '2026-11-20T11:00:05.000Z' });
    expect(await store.deleteSession('s5')).toBe(true);
  });

  it("counts a session's events by its last seq, and has no count for a missing session", async () => {
    await store.createSession(row('s6'));
    expect(await store.eventCount('s6')).toBe(0);
    for (const seq of [0, 1, 2])
      await store.appendEvent({
        sessionId: 's6',
        seq,
        kind: 'tool',
        at: '2026-11-20T11:00:00.000Z',
        payload: {},
      });
    expect(await store.eventCount('s6')).toBe(3);
    expect(await store.eventCount('s6')).toBe((await store.getSession('s6'))?.eventCount);
    expect(await store.eventCount('nobody')).toBeUndefined();
    await store.deleteSession('s6');
    expect(await store.eventCount('s6')).toBeUndefined();
  });

  it('applies concurrent appends to different sessions without losing any', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `c${i}`);
    await Promise.all(ids.map((id) => store.createSession(row(id))));
    await Promise.all(
      ids.flatMap((id) =>
        [0].map((seq) =>
          store.appendEvent(
            { sessionId: id, seq, kind: 'start', at: '2026-11-23T00:00:00.000Z', payload: {} },
            running,
          ),
        ),
      ),
    );
    for (const id of ids) expect((await store.getSession(id))?.eventCount).toBe(1);
  });

  it('fails only the appends that are wrong among many made at once (a taken seq, a missing session)', async () => {
    const ids = Array.from({ length: 6 }, (_, i) => `g${i}`);
    await Promise.all(ids.map((id) => store.createSession(row(id))));
    const at = '2026-11-23T00:00:00.000Z';
    await store.appendEvent({ sessionId: 'g0', seq: 0, kind: 'start', at, payload: {} }, running);
    const results = await Promise.allSettled([
      ...ids
        .slice(1)
        .map((id) => store.appendEvent({ sessionId: id, seq: 0, kind: 'start', at, payload: {} })),
      store.appendEvent({ sessionId: 'g0', seq: 0, kind: 'tool', at, payload: {} }),
      store.appendEvent({ sessionId: 'missing', seq: 0, kind: 'tool', at, payload: {} }),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      ...ids.slice(1).map(() => 'fulfilled'),
      'rejected',
      'rejected',
    ]);
    expect((results.at(-2) as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((results.at(-1) as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    for (const id of ids) expect(await store.eventCount(id)).toBe(1);
    expect((await store.listEvents('g0')).map((e) => e.kind)).toEqual(['start']);
  });

  it('stores an imported, finished session with its trajectory and no events', async () => {
    const trajectory = JSON.stringify({ id: 'imp1', proposals: [{ decision: 'accepted' }] });
    const imported = row('imp1', {
      createdAt: '2026-12-01T10:00:00.000Z',
      updatedAt: '2026-12-01T10:00:00.000Z',
      setup: { customer: { strategy: 'scripted' }, imported: 'terminal' },
      status: 'finished',
      reward: 1,
      finished: true,
      endReason: 'user-stop',
      endedAt: '2026-12-01T10:05:00.000Z',
    });
    await store.createSession(imported, trajectory);
    expect(await store.getSession('imp1')).toEqual(imported);
    expect(await store.getTrajectory('imp1')).toBe(trajectory);
    expect(await store.listEvents('imp1')).toEqual([]);
    const { items } = await store.listSessions({ from: '2026-12-01T00:00:00.000Z', limit: 10, offset: 0 });
    expect(items).toEqual([
      expect.objectContaining({ id: 'imp1', status: 'finished', finished: true, reward: 1, eventCount: 0 }),
    ]);
    // A session created without a trajectory has none until it finishes.
    expect(await store.getTrajectory('s1')).toBeUndefined();
  });

  it('finds finished sessions by words of their messages and by rejected drafts, kept on every write', async () => {
    const day = { from: '2026-12-05T00:00:00.000Z', to: '2026-12-06T00:00:00.000Z' };
    const at = (h: number) => `2026-12-05T${String(h).padStart(2, '0')}:00:00.000Z`;
    const said = (text: string, rejected: number) =>
      JSON.stringify({
        messages: [
          { id: 'u', role: 'user', content: text },
          { id: 'a', role: 'assistant', content: 'Let me look that up.', author: 'human' },
          { id: 't', role: 'tool', tool_call_id: 'c', name: 'find', content: '{"order":"W2378156"}' },
        ],
        proposals: Array.from({ length: rejected }, () => ({ decision: 'rejected' })),
      });
    const done = (h: number) =>
      row(`ft${h}`, { createdAt: at(h), status: 'finished', reward: 1, finished: true, endedAt: at(h) });
    await store.createSession(done(1), said('My Blender arrived broken', 1));
    await store.createSession(done(2), said('please exchange the blender for a kettle', 0));
    // Finished through an event: the text is written with the trajectory, and searched.
    await store.createSession(row('ft3', { createdAt: at(3) }));
    await store.appendEvent(
      { sessionId: 'ft3', seq: 0, kind: 'respond', at: at(3), payload: {} },
      {
        ...running,
        status: 'finished',
        finished: true,
        reward: 0,
        trajectory: said('Où est ma commande', 2),
      },
    );
    const ids = async (f: { q?: string; rejectedDrafts?: boolean }) =>
      (await store.listSessions({ ...day, ...f, limit: 10, offset: 0 })).items.map((i) => i.id);
    expect(await ids({ q: 'blender' })).toEqual(['ft2', 'ft1']);
    expect(await ids({ q: 'BLENDER kettle' })).toEqual(['ft2']);
    expect(await ids({ q: 'w2378156' })).toEqual(['ft3', 'ft2', 'ft1']);
    expect(await ids({ q: 'commande' })).toEqual(['ft3']);
    expect(await ids({ q: 'blend' })).toEqual([]); // whole words
    expect(await ids({ q: '"OR" NEAR(' })).toEqual([]); // operators are words, not syntax
    expect(await ids({ rejectedDrafts: true })).toEqual(['ft3', 'ft1']);
    expect(await ids({ rejectedDrafts: false })).toEqual(['ft2']);
    const page = await store.listSessions({ ...day, q: 'commande', limit: 10, offset: 0 });
    expect(page.total).toBe(1);
    expect(page.items[0]).toMatchObject({ rejectedDrafts: 2 });
    // Running again (an undo): its text is gone with its trajectory; then deleted: gone from the index.
    await store.appendEvent({ sessionId: 'ft3', seq: 1, kind: 'undo', at: at(3), payload: {} }, running);
    expect(await ids({ q: 'commande' })).toEqual([]);
    expect(await store.deleteSession('ft1')).toBe(true);
    expect(await ids({ q: 'blender' })).toEqual(['ft2']);
    await expect(store.listSessions({ ...day, q: ' ,; ', limit: 10, offset: 0 })).rejects.toThrow(
      /no words to search/,
    );
  });

  it('keeps notes on a session and on its messages: add, list, change, clear, delete', async () => {
    await store.createSession(row('n1'));
    await store.createSession(row('n2'));
    const whole = await store.annotations.add('n1', {
      rating: 'bad',
      text: 'gave up early ✓',
      author: 'ana',
    });
    const onMessage = await store.annotations.add('n1', {
      messageId: 'm-4',
      errorSource: 'agent',
      errorType: 'hallucination',
      author: 'bo',
    });
    await store.annotations.add('n2', { rating: 'good', author: 'ana' });
    expect(whole).toMatchObject({ sessionId: 'n1', rating: 'bad', text: 'gave up early ✓', author: 'ana' });
    expect(whole.createdAt).toBe(whole.updatedAt);
    expect(whole).not.toHaveProperty('messageId');
    expect(await store.annotations.list('n1')).toEqual([whole, onMessage]);
    expect(await store.annotations.get('n2', whole.id)).toBeUndefined(); // another session's note

    const changed = await store.annotations.update('n1', onMessage.id, {
      errorType: 'logical',
      rating: 'bad',
    });
    expect(changed).toMatchObject({
      errorSource: 'agent',
      errorType: 'logical',
      rating: 'bad',
      messageId: 'm-4',
    });
    const cleared = await store.annotations.update('n1', onMessage.id, { errorType: null });
    expect(cleared).not.toHaveProperty('errorType');
    expect(await store.annotations.get('n1', onMessage.id)).toEqual(cleared);
    // A change that would leave nothing is refused, and the note stays as it was.
    await expect(store.annotations.update('n1', whole.id, { rating: null, text: null })).rejects.toThrow(
      /would leave note .* empty/,
    );
    expect(await store.annotations.get('n1', whole.id)).toEqual(whole);
    expect(await store.annotations.update('n1', 'no-such-note', { rating: 'good' })).toBeUndefined();

    await expect(store.annotations.add('nope', { rating: 'good', author: 'ana' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(await store.annotations.delete('n1', whole.id)).toBe(true);
    expect(await store.annotations.delete('n1', whole.id)).toBe(false);
    expect(await store.annotations.list('n1')).toEqual([cleared]);
    // Deleting a session deletes its notes.
    expect(await store.deleteSession('n1')).toBe(true);
    expect(await store.annotations.list('n1')).toEqual([]);
    expect(await store.annotations.list('n2')).toHaveLength(1);
  });

  it('holds a session for one reviewer at a time: races, expiry, release', async () => {
    await store.createSession(row('r1'));
    await store.createSession(row('r2'));
    const now = new Date('2026-12-02T10:00:00.000Z');
    const until = new Date(now.getTime() + 60_000);
    // Ten reviewers race for the same session at once: exactly one gets it.
    const raced = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.reviews.reserve('r1', `rev${i}`, until, now)),
    );
    expect(raced.filter(Boolean)).toHaveLength(1);
    const winner = `rev${raced.indexOf(true)}`;
    expect(await store.reviews.held(['r1', 'r2'], now)).toEqual(new Map([['r1', winner]]));
    // The holder may take it again (extending the hold); another may not while it lasts.
    expect(await store.reviews.reserve('r1', winner, until, now)).toBe(true);
    const other = winner === 'rev0' ? 'rev1' : 'rev0';
    expect(await store.reviews.reserve('r1', other, until, new Date(until.getTime() - 1))).toBe(false);
    // Expired, it is free for anyone.
    expect(await store.reviews.held(['r1'], until)).toEqual(new Map());
    expect(await store.reviews.reserve('r1', other, new Date(until.getTime() + 60_000), until)).toBe(true);
    // Only the holder's release counts; releasing all of a reviewer's holds keeps the one asked to keep.
    expect(await store.reviews.release('r1', winner)).toBe(false);
    expect(await store.reviews.reserve('r2', other, until, now)).toBe(true);
    await store.reviews.releaseAll(other, 'r2');
    expect(await store.reviews.held(['r1', 'r2'], now)).toEqual(new Map([['r2', other]]));
    expect(await store.reviews.release('r2')).toBe(true);
    expect(await store.reviews.held(['r1', 'r2'], now)).toEqual(new Map());
    // Deleting a session ends its hold.
    expect(await store.reviews.reserve('r2', other, until, now)).toBe(true);
    expect(await store.deleteSession('r2')).toBe(true);
    expect(await store.reviews.held(['r2'], now)).toEqual(new Map());
  });
});

describe('sqlite and another connection holding the write lock', () => {
  /** A migrated store in a folder of its own, with one session. */
  async function storeWith(folder: string, sessionId: string) {
    const path = join(temp, folder, 'sigma.db');
    const store = SqliteStore.open(path);
    await store.migrate();
    await store.createSession(row(sessionId));
    return { path, store };
  }

  it('a group commit keeps the event loop turning while the lock is held, then stores the event', async () => {
    const { path, store } = await storeWith('locked', 'held');
    // Another connection (the checkpointer restarting the WAL, another process) takes the write lock.
    const other = new (nodeSqlite().DatabaseSync)(path);
    other.exec('BEGIN IMMEDIATE');
    const order: string[] = [];
    const appended = store
      .appendEvent({ sessionId: 'held', seq: 0, kind: 'tool', at: '2026-11-20T10:00:01.000Z', payload: {} })
      .then(() => order.push('stored'));
    // While the lock is held, the append is retried between timer turns, not waited for inside SQLite:
    // a batch that waited there would hold the event loop for the busy timeout (5 s) at every retry,
    // and these twenty turns would outlast the test's time limit.
    for (let turn = 0; turn < 20; turn++) await new Promise((r) => setTimeout(r, 1));
    order.push('timer');
    expect(order).toEqual(['timer']);
    other.exec('COMMIT');
    await appended;
    expect(order).toEqual(['timer', 'stored']);
    expect((await store.listEvents('held')).map((e) => e.seq)).toEqual([0]);
    other.close();
    await store.close();
  }, 15_000);

  it('a write transaction waits for the lock, even one that reads before it writes', async () => {
    const { path, store } = await storeWith('held-elsewhere', 'noted');
    // Another process takes the write lock and lets go of it 150 ms later, on its own.
    const holder = spawn(
      process.execPath,
      [
        '--no-warnings',
        '-e',
        `const { DatabaseSync } = require('node:sqlite');
         const db = new DatabaseSync(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         process.stdout.write('held\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 150);
         db.exec('COMMIT');`,
        path,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await once(holder.stdout!, 'data');
    // Adding a note reads the session, then writes: begun IMMEDIATE, it waits for the lock instead of
    // being refused at its first write.
    const note = await store.annotations.add('noted', { rating: 'good', author: 'ana' });
    expect((await store.annotations.list('noted')).map((n) => n.id)).toEqual([note.id]);
    await once(holder, 'exit');
    await store.close();
  });
});

describe('openStore', () => {
  it('opens sqlite: and postgres:// URLs and refuses anything else without echoing a password', async () => {
    const sqlite = openStore(`sqlite:${join(temp, 'by-url.db')}`);
    expect(sqlite.kind).toBe('sqlite');
    await sqlite.close();
    const memory = openStore('sqlite::memory:');
    await memory.migrate();
    await memory.close();
    const postgres = openStore(schema.url);
    expect(postgres.kind).toBe('postgres');
    await postgres.close();
    expect(() => openStore('mysql://root:hunter2@db/sigma')).toThrow(
      /unknown store "mysql:\/\/root:\*\*\*@db\/sigma"/,
    );
    expect(() => openStore('postgres://u@h/db?schema=Bad-Name')).toThrow(/invalid schema name/);
    expect(() => openStore('sqlite:')).toThrow(/needs a file/);
    expect(redact('postgres://me:secret@host:5432/db')).toBe('postgres://me:***@host:5432/db');
  });
});

describe('postgres schemas', () => {
  it('migrates a schema of its own while another schema of the database already has the tables', async () => {
    const first = testSchema('store_first');
    const second = testSchema('store_second');
    const a = PostgresStore.open({ url: first.url });
    const b = PostgresStore.open({ url: second.url });
    try {
      await a.migrate();
      await b.migrate();
      await b.createSession(row('only-in-second'));
      expect(await b.getSession('only-in-second')).toEqual(row('only-in-second'));
      expect(await a.getSession('only-in-second')).toBeUndefined();
    } finally {
      await Promise.all([a.close(), b.close()]);
      await Promise.all([first.drop(), second.drop()]);
    }
  });
});

describe('a PostgreSQL URL without a user', () => {
  it('connects as the operating system user when $PGUSER and $USER are unset', async () => {
    const target = testSchema('store_no_user');
    const url = new URL(target.url);
    url.username = '';
    const saved = { USER: process.env.USER, PGUSER: process.env.PGUSER };
    delete process.env.USER;
    delete process.env.PGUSER;
    const store = PostgresStore.open({ url: url.toString() });
    try {
      await store.migrate();
      await store.createSession(row('no-user'));
      expect(await store.getSession('no-user')).toEqual(row('no-user'));
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
      await store.close();
      await target.drop();
    }
  });
});
