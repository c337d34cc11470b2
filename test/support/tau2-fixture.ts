import { assembleDomain } from '../../src/core/domain/assemble.ts';
import type { Domain, EnvFunction, Task } from '../../src/core/domain/types.ts';
import { tau2Flavour } from '../../src/core/flavours/tau2/index.ts';
import { dictKeys, type PyDict, parsePyJson } from '../../src/core/python/index.ts';
import { normaliseRetailRecord, tau2RetailToolKit } from '../../src/domains/tau2/index.ts';

/** A small retail database in tau2's layout (records written for these tests, in JSON text). */
export const TINY_TAU2_DB = `{
  "products": {
    "20": {"name": "Lamp", "product_id": "20", "variants": {
      "301": {"item_id": "301", "options": {"color": "red"}, "available": true, "price": 10.5},
      "302": {"item_id": "302", "options": {"color": "blue"}, "available": true, "price": 12},
      "303": {"item_id": "303", "options": {"color": "green"}, "available": false, "price": 11.25}}},
    "3": {"name": "Mug", "product_id": "3", "variants": {
      "41": {"item_id": "41", "options": {"size": "small"}, "available": true, "price": 5.0},
      "42": {"item_id": "42", "options": {"size": "large"}, "available": true, "price": 7.75}}}
  },
  "users": {
    "ann_lee_1": {"user_id": "ann_lee_1", "name": {"first_name": "Ann", "last_name": "Lee"},
      "address": {"address1": "1 Elm St", "address2": "", "city": "Austin", "country": "USA", "state": "TX", "zip": "73301"},
      "email": "ann@example.com",
      "payment_methods": {
        "gift_card_1": {"source": "gift_card", "id": "gift_card_1", "balance": 20},
        "credit_card_2": {"source": "credit_card", "id": "credit_card_2", "brand": "visa", "last_four": "1234"},
        "paypal_3": {"source": "paypal", "id": "paypal_3", "nickname": "dropped"}},
      "orders": ["#W1", "#W2"]}
  },
  "orders": {
    "#W1": {"order_id": "#W1", "user_id": "ann_lee_1",
      "address": {"address1": "1 Elm St", "address2": "", "city": "Austin", "country": "USA", "state": "TX", "zip": "73301"},
      "items": [
        {"name": "Lamp", "product_id": "20", "item_id": "301", "price": 10.5, "options": {"color": "red"}},
        {"name": "Mug", "product_id": "3", "item_id": "41", "price": 5, "options": {"size": "small"}}],
      "status": "pending", "fulfillments": [],
      "payment_history": [{"transaction_type": "payment", "amount": 15.5, "payment_method_id": "gift_card_1"}]},
    "#W2": {"order_id": "#W2", "user_id": "ann_lee_1",
      "address": {"address1": "1 Elm St", "address2": "", "city": "Austin", "country": "USA", "state": "TX", "zip": "73301"},
      "items": [{"name": "Lamp", "product_id": "20", "item_id": "302", "price": 12.0, "options": {"color": "blue"}}],
      "status": "delivered", "fulfillments": [{"tracking_id": ["9"], "item_ids": ["302"]}],
      "payment_history": [{"transaction_type": "payment", "amount": 12.0, "payment_method_id": "credit_card_2"}]}
  }
}`;

/**
 * A tau2-flavoured retail domain over the small database above, with the given tasks (split `base`)
 * and environment functions.
 */
export function tinyTau2Domain(tasks: Task[] = [], envFunctions?: ReadonlyMap<string, EnvFunction>): Domain {
  const db = parsePyJson(TINY_TAU2_DB) as PyDict;
  return assembleDomain({
    name: 'retail',
    flavour: tau2Flavour,
    source: { layout: 'tau2', path: '(in memory)' },
    tables: ['orders', 'products', 'users'].map((table) => {
      const records = db[table] as PyDict;
      return [
        table,
        dictKeys(records).map((id) => [id, normaliseRetailRecord(table, records[id] as PyDict)]),
      ];
    }),
    tools: tau2RetailToolKit.tools,
    policy: '',
    userGuidelines: '',
    tasks: new Map([['base', tasks]]),
    defaultSplit: 'base',
    ...(envFunctions === undefined ? {} : { envFunctions }),
  });
}
