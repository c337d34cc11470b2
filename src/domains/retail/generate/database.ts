import { InputError } from '../../../core/errors.ts';
import { dictKeys, type PyDict, type PyValue } from '../../../core/python/index.ts';
import { Random } from '../../shared/random.ts';
import { IdPool } from './ids.ts';
import { orderedDict } from './ordered-dict.ts';
import { generateOrders } from './orders.ts';
import { generateProducts, MAX_PRODUCTS } from './products.ts';
import { generateUsers } from './users.ts';

export interface RetailDatabaseOptions {
  seed: number | string;
  /** Number of customers (default 500). */
  users?: number;
  /** Number of orders (default 1000). */
  orders?: number;
  /** Number of product types (default 50). */
  products?: number;
}

/** The retail tables, each a dict of records keyed by id (the key order is the table order). */
export interface RetailDatabase {
  products: PyDict;
  users: PyDict;
  orders: PyDict;
}

export const RETAIL_TABLES = ['products', 'users', 'orders'] as const;

/**
 * A retail database with the reference's tables, fields and value formats, built only from Sigma's
 * own word lists and catalog. The same options give the same data (and the same `pyDumps` bytes).
 * Building a domain on it (`BaseData`) freezes its records.
 */
export function generateRetailDatabase(options: RetailDatabaseOptions): RetailDatabase {
  const users = count(options.users, 500, 'users', 1);
  const orders = count(options.orders, 1000, 'orders', 0);
  const products = count(options.products, 50, 'products', 1);
  if (products > MAX_PRODUCTS) throw new InputError(`products: at most ${MAX_PRODUCTS}, got ${products}`);
  const root = new Random(`sigma-retail-db:${options.seed}`);
  const productRandom = root.fork('products');
  const userRandom = root.fork('users');
  const orderRandom = root.fork('orders');
  const productRows = generateProducts(productRandom, new IdPool(productRandom), products);
  const userRows = generateUsers(userRandom, new IdPool(userRandom), users);
  const orderRows = generateOrders(orderRandom, new IdPool(orderRandom), orders, userRows, productRows);
  return {
    products: orderedDict(productRows),
    users: orderedDict(userRows),
    orders: orderedDict(orderRows),
  };
}

function count(value: number | undefined, fallback: number, name: string, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > 1_000_000) {
    throw new InputError(`${name}: expected a whole number from ${min} to 1000000, got ${n}`);
  }
  return n;
}

/** The database as `[table, [[id, record], ...]]` in table order, as `BaseData.fromTables` takes it. */
export function retailTables(db: RetailDatabase): Array<[string, Array<[string, PyValue]>]> {
  return RETAIL_TABLES.map((table) => [
    table,
    dictKeys(db[table]).map((id): [string, PyValue] => [id, db[table][id] as PyValue]),
  ]);
}
