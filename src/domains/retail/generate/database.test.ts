import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noSharedData, shared, skipReason } from '../../../../test/support/shared-data.ts';
import { InputError } from '../../../core/errors.ts';
import { dictKeys, type PyDict, type PyValue, parsePyJson, pyDumps } from '../../../core/python/index.ts';
import { State } from '../../../core/state/index.ts';
import { callTool } from '../../../core/tools/dispatch.ts';
import { PRODUCT_TYPES } from './catalog.ts';
import { generateRetailDatabase, type RetailDatabase } from './database.ts';
import { buildRetailDomain } from './domain.ts';
import { checkRetailDatabase } from './invariants.ts';
import { CITIES, FIRST_NAMES, LAST_NAMES } from './words.ts';

const dumps = (db: RetailDatabase) => pyDumps(db as unknown as PyValue);
const records = (table: PyDict) => dictKeys(table).map((id) => table[id] as PyDict);

describe('generateRetailDatabase', () => {
  const db = generateRetailDatabase({ seed: 1 });

  it('is deterministic: the same seed gives the same bytes, another seed other data', () => {
    const text = dumps(db);
    expect(dumps(generateRetailDatabase({ seed: 1 }))).toBe(text);
    expect(dumps(generateRetailDatabase({ seed: 2 }))).not.toBe(text);
    // The printed data reads back to the same data (floats stay floats, ints stay ints).
    expect(pyDumps(parsePyJson(text))).toBe(text);
  });

  it('builds the reference scale by default, fast', () => {
    const start = performance.now();
    const fresh = generateRetailDatabase({ seed: 'timing' });
    const ms = performance.now() - start;
    console.log(`generateRetailDatabase defaults: ${ms.toFixed(1)} ms (500 users, 1000 orders, 50 products)`);
    expect(dictKeys(fresh.users)).toHaveLength(500);
    expect(dictKeys(fresh.orders)).toHaveLength(1000);
    expect(dictKeys(fresh.products)).toHaveLength(50);
  });

  it('keeps every invariant at full size and at other sizes', () => {
    expect(checkRetailDatabase(db)).toEqual([]);
    for (const options of [
      { seed: 3, users: 3, orders: 2, products: 1 },
      { seed: 4, users: 40, orders: 300, products: 5 },
      { seed: 5, users: 200, orders: 600, products: PRODUCT_TYPES.length * 2 },
    ]) {
      const other = generateRetailDatabase(options);
      expect(checkRetailDatabase(other), JSON.stringify(options)).toEqual([]);
      expect(dictKeys(other.products)).toHaveLength(options.products);
    }
  });

  it('has every status, two available variants per product, and ints for gift card balances', () => {
    const statuses = new Set(records(db.orders).map((o) => o.status));
    expect([...statuses].sort()).toEqual([
      'cancelled',
      'delivered',
      'exchange requested',
      'pending',
      'pending (item modified)',
      'processed',
      'return requested',
    ]);
    for (const product of records(db.products)) {
      const variants = records(product.variants as PyDict);
      expect(variants.filter((v) => v.available === true).length).toBeGreaterThanOrEqual(2);
      for (const v of variants) expect(typeof v.price).toBe('number');
    }
    const cards = records(db.users).flatMap((u) => records(u.payment_methods as PyDict));
    for (const card of cards.filter((c) => c.source === 'gift_card'))
      expect(typeof card.balance).toBe('bigint');
    expect(new Set(cards.map((c) => c.source))).toEqual(new Set(['credit_card', 'paypal', 'gift_card']));
  });

  it('lets the retail tools find every customer by email and by name and zip', () => {
    const domain = buildRetailDomain(generateRetailDatabase({ seed: 1 }));
    const state = new State(domain.base);
    for (const userId of dictKeys(db.users)) {
      const user = db.users[userId] as PyDict;
      const name = user.name as PyDict;
      const byName = callTool(domain, state, 'find_user_id_by_name_zip', {
        first_name: name.first_name as string,
        last_name: name.last_name as string,
        zip: (user.address as PyDict).zip as string,
      });
      expect(byName.observation).toBe(userId);
      expect(
        callTool(domain, state, 'find_user_id_by_email', { email: user.email as string }).observation,
      ).toBe(userId);
    }
  });

  it('reports broken data', () => {
    const broken = parsePyJson(dumps(generateRetailDatabase({ seed: 6, users: 20, orders: 40 }))) as PyDict;
    const orders = broken.orders as PyDict;
    const [first, second] = dictKeys(orders).map((id) => orders[id] as PyDict);
    ((first!.items as PyDict[])[0] as PyDict).price = 0.01;
    second!.user_id = 'nobody_here_0000';
    const problems = checkRetailDatabase(broken as unknown as RetailDatabase);
    expect(problems.some((p) => p.includes('differs from its product variant'))).toBe(true);
    expect(problems.some((p) => p.includes('unknown user nobody_here_0000'))).toBe(true);
    expect(problems.some((p) => p.includes('orders list differs'))).toBe(true);
  });

  it('refuses impossible sizes with a clear error', () => {
    expect(() => generateRetailDatabase({ seed: 1, users: 0 })).toThrow(InputError);
    expect(() => generateRetailDatabase({ seed: 1, products: 10_000 })).toThrow(InputError);
    expect(() => generateRetailDatabase({ seed: 1, orders: 1.5 })).toThrow(InputError);
  });
});

describe.skipIf(noSharedData)(`generated retail data against the reference (${skipReason})`, () => {
  const read = (name: string) =>
    parsePyJson(readFileSync(shared('tau-bench', 'retail', `${name}.json`), 'utf8')) as PyDict;
  const reference = noSharedData
    ? null
    : ({ users: read('users'), orders: read('orders'), products: read('products') } as RetailDatabase);
  const db = generateRetailDatabase({ seed: 1 });

  /** Every key path with the Python type of its value, e.g. `orders.*.items[].price: float`. */
  function shape(value: PyValue, path: string, out: Set<string>, anyKeys: (path: string) => boolean): void {
    if (Array.isArray(value)) {
      for (const item of value) shape(item, `${path}[]`, out, anyKeys);
    } else if (value !== null && typeof value === 'object') {
      for (const key of dictKeys(value)) {
        shape(value[key] as PyValue, anyKeys(path) ? `${path}.*` : `${path}.${key}`, out, anyKeys);
      }
    } else {
      const type = typeof value === 'bigint' ? 'int' : typeof value === 'number' ? 'float' : typeof value;
      out.add(`${path}: ${type}`);
    }
  }

  it('has exactly the reference fields and value types', () => {
    const keyed = (path: string) =>
      /^(users|orders|products)$/.test(path) || /(variants|payment_methods|options)$/.test(path);
    const shapes = (data: RetailDatabase) => {
      const out = new Set<string>();
      for (const table of ['users', 'orders', 'products'] as const) shape(data[table], table, out, keyed);
      return [...out].sort();
    };
    // Sigma adds the fields the tools write for the rarer statuses; everything else is the same.
    const toolFields = /return_|exchange_/;
    expect(shapes(db).filter((s) => !toolFields.test(s))).toEqual(shapes(reference!));
  });

  it('passes the invariant check the reference passes, and shares no words or records with it', () => {
    expect(checkRetailDatabase(reference!)).toEqual([]);
    const refUsers = records(reference!.users);
    const first = new Set(refUsers.map((u) => (u.name as PyDict).first_name));
    const last = new Set(refUsers.map((u) => (u.name as PyDict).last_name));
    const cities = new Set(refUsers.map((u) => (u.address as PyDict).city));
    expect(FIRST_NAMES.filter((n) => first.has(n))).toEqual([]);
    expect(LAST_NAMES.filter((n) => last.has(n))).toEqual([]);
    expect(CITIES.filter((c) => cities.has(c.city))).toEqual([]);
    for (const table of ['users', 'orders', 'products'] as const) {
      const ids = new Set(dictKeys(reference![table]));
      expect(
        dictKeys(db[table]).filter((id) => ids.has(id)),
        table,
      ).toEqual([]);
    }
  });
});
