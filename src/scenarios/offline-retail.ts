import { extendDomain } from '../core/domain/extend.ts';
import type { Domain } from '../core/domain/types.ts';
import { cloneValue, dictKeys, type PyDict } from '../core/python/index.ts';
import { IdPool } from '../domains/retail/generate/ids.ts';
import { generateOrders } from '../domains/retail/generate/orders.ts';
import { buildTask } from '../domains/retail/generate/tasks/build-task.ts';
import type { ProgramName } from '../domains/retail/generate/tasks/programs/index.ts';
import { WRITE_PROGRAMS } from '../domains/retail/generate/tasks/programs/index.ts';
import { generateUsers } from '../domains/retail/generate/users.ts';
import type { Random } from '../domains/shared/random.ts';
import type { OfflineDraft } from './offline-types.ts';
import { fitRecord } from './record-shape.ts';

/** The retail kinds a scenario is drawn from (a transfer is not a scenario: nothing to settle). */
export const RETAIL_KINDS = [
  'cancel',
  'order-items',
  'return',
  'exchange',
  'refusal',
  'order-address',
  'order-payment',
  'user-address',
  'multi',
] as const;

/**
 * One retail scenario draft: a new customer with a few orders of the store's own products (made by the
 * database generator, with ids no record has), and a goal for them from Sigma's task programs, whose
 * ground truth comes from running the real tools on the domain plus the new records. Null when the
 * drawn records fit no program of the kind.
 */
export function draftRetail(domain: Domain, random: Random, kind: string): OfflineDraft | null {
  const pool = new IdPool(random);
  const users = domain.base.table('users');
  const orders = domain.base.table('orders');
  for (const id of users.ids) pool.claim(id);
  for (const id of orders.ids) pool.claim(id);
  for (const user of users.records.values()) {
    pool.claim(String(user.email).replace(/@.*$/, ''));
    for (const method of dictKeys(user.payment_methods as PyDict)) pool.claim(method);
  }
  const taken = new Set(
    [...users.records.values()].map((u) => {
      const name = u.name as PyDict;
      return `${String(name.first_name)} ${String(name.last_name)} ${String((u.address as PyDict).zip)}`;
    }),
  );
  let customer: [string, PyDict] | undefined;
  for (let i = 0; i < 20 && customer === undefined; i++) {
    const [candidate] = generateUsers(random, pool, 1);
    const name = candidate![1].name as PyDict;
    const person = `${String(name.first_name)} ${String(name.last_name)} ${String((candidate![1].address as PyDict).zip)}`;
    if (!taken.has(person)) customer = candidate;
  }
  if (customer === undefined) return null;
  customer = [customer[0], fitRecord(domain, 'users', customer[1], customer[0])];
  const products = domain.base.table('products');
  const catalog = products.ids.map((id): [string, PyDict] => [
    id,
    cloneValue(products.records.get(id) as PyDict),
  ]);
  const newOrders = generateOrders(random, pool, random.int(2, 4), [customer], catalog).map(
    ([id, order]): [string, PyDict] => [id, fitRecord(domain, 'orders', order)],
  );
  const [userId, user] = customer;
  const extended = extendDomain(domain, {
    records: new Map([
      ['users', [[userId, cloneValue(user)]]],
      ['orders', newOrders.map(([id, order]): [string, PyDict] => [id, cloneValue(order)])],
    ]),
  });
  const built = buildTask(
    extended,
    random,
    programsOf(kind, random),
    { id: 'scenario', split: 'test' },
    (id) => id === userId,
    userId,
  );
  if (built === null) return null;
  const { task } = built;
  const writes = task.actions.some((a) => domain.tools.get(a.name)?.access === 'write');
  return {
    kind,
    userId,
    customer: { user_id: userId, ...user },
    records: { orders: Object.fromEntries(newOrders) },
    instruction: task.instruction,
    actions: task.actions,
    outputs: task.outputs,
    refusal: !writes,
  };
}

function programsOf(kind: string, random: Random): ProgramName[] {
  if (kind !== 'multi') return [kind as ProgramName];
  const first = random.pick(WRITE_PROGRAMS);
  return [first, random.pick([...WRITE_PROGRAMS.filter((p) => p !== first), 'refusal'] as ProgramName[])];
}
