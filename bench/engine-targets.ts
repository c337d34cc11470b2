// The engine's ratio targets: each figure is measured against its reference in the same run, so a
// busy machine slows both sides alike. Used by bench/run.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDomainFolder } from '../src/core/domain/loaders/index.ts';
import { type Domain, RESPOND_ACTION, type Task } from '../src/core/domain/types.ts';
import { Episode } from '../src/core/episode/episode.ts';
import { expectedState, tauBenchReward } from '../src/core/flavours/tau-bench/index.ts';
import { cloneValue, type PyDict, type PyValue, toJs } from '../src/core/python/index.ts';
import { BaseData, State } from '../src/core/state/index.ts';
import { callTool } from '../src/core/tools/dispatch.ts';
import { builtInToolKits } from '../src/domains/toolkits.ts';
import { median, type Row } from './support.ts';

/** Keeps results reachable so the engine cannot optimise the measured work away. */
const sink: unknown[] = new Array(64);

/**
 * Lets go of what the sink kept, once a measure is taken: else the next domain's measures run beside
 * the last results of this one (the 50x database's episodes, a whole loaded domain), in a heap 100 MiB
 * larger, and their allocating calls (writes) pay for it.
 */
function release(): void {
  sink.fill(undefined);
}

const gc = (globalThis as { gc?: () => void }).gc;

/** A full collection when the bench runs with --expose-gc (as `npm run bench` does). */
function collect(): void {
  gc?.();
}

/** One side of a paired measure: `batch(round)` makes some calls and returns how many; `setup` runs untimed before it. */
interface Side {
  batch: (round: number) => number;
  setup?: (round: number) => void;
}

/**
 * Median time per call of each side, in µs, the sides' rounds taken in turn (a, b, a, b, ...) so
 * both meet the same load on a shared machine; the ratio of the two is the figure.
 */
function paired(a: Side, b: Side, rounds = 15): [number, number] {
  const samples: [number[], number[]] = [[], []];
  [a, b].forEach((side) => {
    side.setup?.(-1);
    side.batch(-1); // warm-up
  });
  for (let r = 0; r < rounds; r++) {
    [a, b].forEach((side, i) => {
      side.setup?.(r);
      collect(); // neither side pays for garbage the other (or the set-up) left
      const start = process.hrtime.bigint();
      const calls = side.batch(r);
      samples[i]!.push(Number(process.hrtime.bigint() - start) / 1000 / calls);
    });
  }
  release();
  return [median(samples[0]), median(samples[1])];
}

function ratioRow(
  domain: string,
  measure: string,
  sigma: number,
  baseline: number,
  unit: string,
  limit: number,
  what: string,
): Row {
  const ratio = sigma / baseline;
  return {
    domain,
    measure,
    sigma,
    baseline,
    unit,
    ratio,
    target: `<= ${limit}x ${what}`,
    pass: ratio <= limit,
  };
}

/** The record a read tool prints and a write tool of the same record changes, per layout. */
function readAndWrite(domain: Domain) {
  if (domain.base.tables.has('orders')) {
    const users = domain.base.table('users').ids;
    return {
      table: 'users',
      ids: users,
      read: (id: string) => ['get_user_details', { user_id: id }] as const,
      write: (id: string) => {
        const user = domain.base.table('users').records.get(id)!;
        const address = toJs(user.address as PyDict) as Record<string, string>;
        return [
          'modify_user_address',
          { user_id: id, ...address, address1: `${address.address1 ?? ''} B` },
        ] as const;
      },
    };
  }
  const reservations = domain.base.table('reservations');
  return {
    table: 'reservations',
    ids: reservations.ids,
    read: (id: string) => ['get_reservation_details', { reservation_id: id }] as const,
    write: (id: string) => {
      const passengers = cloneValue(reservations.records.get(id)!.passengers as PyValue[]);
      (passengers[0] as PyDict).first_name = 'Ann';
      return ['update_reservation_passengers', { reservation_id: id, passengers }] as const;
    },
  };
}

/** Reads vs `Map.get` + `JSON.stringify`; writes vs reads of the same records. */
export function measureReadsAndWrites(name: string, domain: Domain, rows: Row[]): void {
  const rw = readAndWrite(domain);
  const ids = rw.ids.slice(0, 400);
  const reads = ids.map((id) => rw.read(id));
  const writes = ids.map((id) => rw.write(id));
  const reader = new State(domain.base);
  const plain = new Map(ids.map((id) => [id, toJs(domain.base.table(rw.table).records.get(id)!)]));

  const [baseline, read] = paired(
    {
      batch: () => {
        for (let i = 0; i < ids.length; i++) sink[i & 63] = JSON.stringify(plain.get(ids[i]!));
        return ids.length;
      },
    },
    {
      batch: () => {
        for (let i = 0; i < reads.length; i++) {
          const [tool, args] = reads[i]!;
          sink[i & 63] = callTool(domain, reader, tool, args as PyDict);
        }
        return reads.length;
      },
    },
  );
  // The write prints the record it wrote, so it is compared with a read that prints it too: the
  // first read of each record in a fresh process (the printed form of a record is kept after that).
  let writer = new State(domain.base);
  let copies: Domain = domain;
  const [firstRead, write] = paired(
    {
      setup: () => {
        copies = { ...domain, base: copiedBase(domain.base) };
      },
      batch: () => {
        const state = new State(copies.base);
        for (let i = 0; i < reads.length; i++) {
          const [tool, args] = reads[i]!;
          sink[i & 63] = callTool(copies, state, tool, args as PyDict);
        }
        return reads.length;
      },
    },
    {
      setup: () => {
        writer = new State(domain.base);
      },
      batch: () => {
        for (let i = 0; i < writes.length; i++) {
          const [tool, args] = writes[i]!;
          const result = callTool(domain, writer, tool, args as PyDict);
          if (!result.ok) throw new Error(`${tool} refused: ${result.observation}`);
          sink[i & 63] = result;
        }
        return writes.length;
      },
    },
  );
  rows.push(
    ratioRow(
      name,
      `read call (${reads[0]![0]}), unwritten records`,
      read,
      baseline,
      'µs',
      3,
      'Map.get + JSON.stringify',
    ),
  );
  rows.push(
    ratioRow(name, `write call (${writes[0]![0]}), distinct records`, write, firstRead, 'µs', 3, 'the read'),
  );
  rows.push({
    domain: name,
    measure: `write call vs a read of a record already printed once`,
    sigma: write,
    baseline: read,
    unit: 'µs',
    ratio: write / read,
    target: 'reported',
    pass: true,
  });
}

/** The same tables with fresh copies of their records (nothing printed or hashed yet). */
function copiedBase(base: BaseData): BaseData {
  return BaseData.fromTables(
    [...base.tables].map(([name, table]) => [
      name,
      table.ids.map((id): [string, PyValue] => [id, cloneValue(table.records.get(id)! as PyDict)]),
    ]),
  );
}

/** Loading a domain folder vs reading and `JSON.parse` of its JSON files. */
export async function measureLoad(name: string, dir: string, rows: Row[]): Promise<void> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const parseFiles = () => files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
  const load = () => loadDomainFolder(dir, builtInToolKits);
  sink[0] = parseFiles();
  sink[1] = await load();
  const samples: [number[], number[]] = [[], []];
  for (let r = 0; r < 7; r++) {
    collect();
    let start = process.hrtime.bigint();
    sink[2] = parseFiles();
    samples[0].push(Number(process.hrtime.bigint() - start) / 1e6);
    collect();
    start = process.hrtime.bigint();
    sink[3] = await load();
    samples[1].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  release();
  const [parse, loaded] = [median(samples[0]), median(samples[1])];
  rows.push(ratioRow(name, 'load the domain folder', loaded, parse, 'ms', 1.5, 'JSON.parse of its files'));
}

/** Writes `count` distinct records through episode steps (`modify_user_address`), from `from` on. */
function writeUsers(episode: Episode, users: readonly string[], from: number, count: number): void {
  for (let i = from; i < from + count; i++) {
    const id = users[i]!;
    const user = episode.domain.base.table('users').records.get(id)!;
    const address = toJs(user.address as PyDict) as Record<string, string>;
    episode.step({ name: 'modify_user_address', kwargs: { user_id: id, ...address, zip: '00000' } });
  }
}

/** A step after 10,000 written records vs after 10 (the 50x database has the users to write). */
export function measureLongEpisode(name: string, domain: Domain, rows: Row[]): void {
  const task = domain.tasks.get('test')![0]!;
  const users = domain.base.table('users').ids;
  const batch = 200;
  const episodeAfter = (written: number): Side => {
    const episode = new Episode(domain, task);
    writeUsers(episode, users, 0, written);
    return {
      setup: () => {
        episode.rollbackTo(written);
      },
      batch: () => {
        writeUsers(episode, users, written, batch);
        return batch;
      },
    };
  };
  const [short, long] = paired(episodeAfter(10), episodeAfter(10_000));
  rows.push(ratioRow(name, 'episode step after 10,000 written records', long, short, 'µs', 1.5, 'after 10'));
}

/**
 * A database `times` the size of `domain`'s retail one, generated from it: copy k > 0 of every user,
 * order and product gets new ids (`_k`, `#W` with the copy's number, the copy's number before a
 * product id) and its references follow. Copy 0 is the original, so the tasks still apply.
 */
export function scaledRetail(domain: Domain, times: number): Domain {
  const tables = ['users', 'orders', 'products'].map((t) => domain.base.table(t));
  const [users, orders, products] = tables as [
    ReturnType<Domain['base']['table']>,
    ...ReturnType<Domain['base']['table']>[],
  ];
  const userId = (id: string, k: number) => (k === 0 ? id : `${id}_${k}`);
  const orderId = (id: string, k: number) => (k === 0 ? id : `#W${String(k).padStart(2, '0')}${id.slice(2)}`);
  const productId = (id: string, k: number) => (k === 0 ? id : `${k}${id}`);
  const rowsOf = (
    table: typeof users,
    key: (id: string, k: number) => string,
    edit: (r: PyDict, k: number) => void,
  ) =>
    function* rows(): Generator<[string, PyValue]> {
      for (let k = 0; k < times; k++) {
        for (const id of table.ids) {
          const record = cloneValue(table.records.get(id)! as PyDict);
          if (k > 0) edit(record, k);
          yield [key(id, k), record];
        }
      }
    };
  const base = BaseData.fromTables([
    [
      'users',
      rowsOf(users, userId, (r, k) => {
        r.user_id = userId(r.user_id as string, k);
        r.orders = (r.orders as string[]).map((o) => orderId(o, k));
      })(),
    ],
    [
      'orders',
      rowsOf(orders!, orderId, (r, k) => {
        r.order_id = orderId(r.order_id as string, k);
        r.user_id = userId(r.user_id as string, k);
        for (const item of r.items as PyDict[]) item.product_id = productId(item.product_id as string, k);
      })(),
    ],
    [
      'products',
      rowsOf(products!, productId, (r, k) => {
        r.product_id = productId(r.product_id as string, k);
      })(),
    ],
  ]);
  return { ...domain, base };
}

/** Median time of one call of `fn` per item, each item timed once (a "first time" figure), in µs. */
function firstTimes<T>(items: readonly T[], fn: (item: T) => unknown): number {
  const samples = items.map((item, i) => {
    const start = process.hrtime.bigint();
    sink[i & 63] = fn(item);
    return Number(process.hrtime.bigint() - start) / 1000;
  });
  release();
  return median(samples);
}

function play(domain: Domain, task: Task): Episode {
  const episode = new Episode(domain, task);
  for (const action of task.actions) {
    if (episode.done) break;
    episode.step(action, action.name === RESPOND_ACTION ? 'ok' : undefined);
  }
  return episode;
}

/** Start, reads and the first reward of each task on `scaled` vs the 1x `domain`. */
export function measureScale(name: string, domain: Domain, scaled: Domain, times: number, rows: Row[]): void {
  const tasks = [...domain.tasks.get('test')!];
  const prepare = (d: Domain) => {
    const fresh = { ...d }; // no ground truths remembered yet (they are kept per domain object)
    const played = tasks.map((t) => play(fresh, t));
    for (const t of tasks) expectedState(fresh, t); // the ground truths are known
    return { domain: fresh, played, state: new State(fresh.base) };
  };
  const one = prepare(domain);
  const big = prepare(scaled);
  const starts = (d: Domain): Side => ({
    batch: () => {
      for (let i = 0; i < 5000; i++) sink[i & 63] = new Episode(d, tasks[i % tasks.length]!);
      return 5000;
    },
  });
  const orders = domain.base.table('orders').ids; // copy 0's ids: present in both
  const reads = (d: Domain, state: State): Side => ({
    batch: () => {
      for (let i = 0; i < orders.length; i++) {
        sink[i & 63] = callTool(d, state, 'get_order_details', { order_id: orders[i]! });
      }
      return orders.length;
    },
  });
  const [start1, startN] = paired(starts(one.domain), starts(big.domain));
  const [read1, readN] = paired(reads(one.domain, one.state), reads(big.domain, big.state));
  const reward = (p: typeof one) =>
    firstTimes(p.played, (e) => tauBenchReward(p.domain, e.task, e.state, e.actions).reward);
  const reward1 = reward(one);
  const rewardN = reward(big);
  const label = `${times}x database`;
  rows.push(ratioRow(name, `start an episode, ${label}`, startN, start1, 'µs', 2, 'the 1x'));
  rows.push(ratioRow(name, `read call (get_order_details), ${label}`, readN, read1, 'µs', 2, 'the 1x'));
  rows.push(ratioRow(name, `first reward of each task, ${label}`, rewardN, reward1, 'µs', 2, 'the 1x'));
}
