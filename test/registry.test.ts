// The domain registry: built-in domains playable with nothing installed, fetched domains in the data
// home, and --data folders, by name.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectedStateHash } from '../src/core/flavours/tau-bench/index.ts';
import { State } from '../src/core/state/index.ts';
import { checkDomainName, DomainRegistry, dataHome } from '../src/registry/index.ts';
import { repoRoot } from './support/shared-data.ts';

const temp = mkdtempSync(join(tmpdir(), 'sigma-registry-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const miniShop = join(repoRoot, 'test/fixtures/domains/mini-shop');

describe('DomainRegistry', () => {
  it('lists the built-in domains on an empty home and generates them on first use, once', async () => {
    const registry = new DomainRegistry({ home: join(temp, 'empty-home') });
    expect(registry.list().map((e) => [e.name, e.origin, e.path])).toEqual([
      ['retail', 'built-in', null],
      ['airline', 'built-in', null],
    ]);
    const retail = await registry.get('retail');
    expect(await registry.get('retail')).toBe(retail);
    expect(retail.flavour.name).toBe('sigma');
    expect(retail.base.table('users').ids).toHaveLength(500);
    expect(retail.base.table('orders').ids).toHaveLength(1000);
    expect(retail.base.table('products').ids).toHaveLength(50);
    const total = [...retail.tasks.values()].reduce((n, tasks) => n + tasks.length, 0);
    expect(total).toBe(200);
    const airline = await registry.get('airline');
    expect(airline.base.table('flights').ids).toHaveLength(300);
    expect(airline.base.table('reservations').ids).toHaveLength(2000);
  });

  it('generates the same built-in data in every registry (a fixed seed)', async () => {
    const a = await new DomainRegistry({ home: temp }).get('retail');
    const b = await new DomainRegistry({ home: temp }).get('retail');
    expect(a).not.toBe(b);
    const task = a.tasks.get('test')![3]!;
    expect(b.tasks.get('test')![3]!.id).toBe(task.id);
    expect(b.hashState(new State(b.base))).toBe(a.hashState(new State(a.base)));
    expect(expectedStateHash(b, b.tasks.get('test')![3]!)).toBe(expectedStateHash(a, task));
  });

  it('can name only the domains of --data, as parity and re-scoring do', async () => {
    const home = join(temp, 'home-only');
    cpSync(miniShop, join(home, 'domains', 'mini-shop@mirror'), { recursive: true });
    cpSync(miniShop, join(temp, 'only', 'shop'), { recursive: true });
    const registry = new DomainRegistry({ home, data: join(temp, 'only'), origins: ['folder'] });
    expect(registry.list().map((e) => [e.name, e.origin])).toEqual([['shop', 'folder']]);
    expect((await registry.get('shop')).name).toBe('shop');
    expect(() => registry.get('retail')).toThrow(
      `no domain "retail" in ${join(temp, 'only')}; it holds: shop`,
    );
    const noFolder = new DomainRegistry({ home, origins: ['fetched', 'built-in'] });
    expect(noFolder.names).toEqual(['mini-shop@mirror', 'retail', 'airline']);
  });

  it('finds fetched domains in the data home and --data folders, which take precedence', async () => {
    const home = join(temp, 'home');
    cpSync(miniShop, join(home, 'domains', 'mini-shop@mirror'), { recursive: true });
    cpSync(miniShop, join(temp, 'data', 'retail'), { recursive: true });
    const registry = new DomainRegistry({ home, data: join(temp, 'data') });
    expect(registry.list().map((e) => [e.name, e.origin, e.layout])).toEqual([
      ['retail', 'folder', 'sigma'],
      ['mini-shop@mirror', 'fetched', 'sigma'],
      ['airline', 'built-in', 'sigma'],
    ]);
    const fetched = await registry.get('mini-shop@mirror');
    expect(fetched.name).toBe('mini-shop@mirror');
    expect((await registry.get('retail')).base.tables.has('orders')).toBe(true);
    expect((await registry.get('retail')).source.path).toBe(join(temp, 'data', 'retail'));
  });

  it('refuses unknown and malformed names with what is known', () => {
    const registry = new DomainRegistry({ home: join(temp, 'empty-home') });
    expect(() => registry.get('bank')).toThrow('unknown domain "bank": known domains are retail, airline.');
    expect(() => registry.get('retail@tau-bench')).toThrow(/sigma data fetch tau-bench/);
    expect(() => registry.get('../etc')).toThrow(/invalid domain name "\.\.\/etc"/);
    expect(() => checkDomainName('')).toThrow(/invalid domain name/);
    expect(() => new DomainRegistry({ data: join(temp, 'nowhere') })).toThrow(/no such folder/);
    expect(() => new DomainRegistry({ data: join(repoRoot, 'README.md') })).toThrow(
      /README\.md is a file: give the domain's folder/,
    );
  });

  it('puts the data home in SIGMA_HOME, else the XDG data folder', () => {
    expect(dataHome({ SIGMA_HOME: '/srv/sigma' })).toBe('/srv/sigma');
    expect(dataHome({ XDG_DATA_HOME: '/x/data' })).toBe('/x/data/sigma');
    expect(dataHome({ HOME: '/home/ann' })).toMatch(/\.local\/share\/sigma$/);
  });
});
