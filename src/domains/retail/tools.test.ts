import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  domainOfTables,
  expectDescribed,
  expectReferenceSchemas,
  toolCaller,
} from '../../../test/support/domain-fixtures.ts';
import { noSharedData, shared, skipReason } from '../../../test/support/shared-data.ts';
import { loadDomainFolder } from '../../core/domain/loaders/index.ts';
import type { Domain } from '../../core/domain/types.ts';
import { fromJs, type PyDict } from '../../core/python/index.ts';
import { State } from '../../core/state/index.ts';
import { builtInToolKits } from '../toolkits.ts';
import { retailToolKit } from './toolkit.ts';

// Every observation and state hash of the reference's retail cases is checked in test/parity.test.ts.
describe.skipIf(noSharedData)(`retail tools against the tau-bench reference (${skipReason})`, () => {
  let domain: Domain;
  beforeAll(async () => {
    domain = await loadDomainFolder(shared('tau-bench', 'retail'), builtInToolKits);
  });

  it('declares exactly the reference schemas, in its order', () => {
    const reference = JSON.parse(readFileSync(shared('tau-bench', 'retail', 'tool_schemas.json'), 'utf8'));
    expectReferenceSchemas([...domain.tools.values()], reference);
  });
});

describe('retail toolkit', () => {
  it('describes every tool and every parameter', () => {
    expectDescribed(retailToolKit.tools);
  });
});

describe('retail tools on a small store', () => {
  const data = fromJs({
    users: {
      ann_1: {
        name: { first_name: 'Ann', last_name: 'Lee' },
        address: {
          address1: '1 Main St',
          address2: '',
          city: 'Austin',
          country: 'USA',
          state: 'TX',
          zip: '78701',
        },
        email: 'ann@example.com',
        payment_methods: {
          gift_card_1: { source: 'gift_card', balance: 10, id: 'gift_card_1' },
          credit_card_1: { source: 'credit_card', brand: 'visa', last_four: '1234', id: 'credit_card_1' },
          paypal_1: { source: 'paypal', id: 'paypal_1' },
        },
        orders: ['#W1', '#W2'],
      },
    },
    products: {
      '20': {
        name: 'Lamp',
        product_id: '20',
        variants: {
          '11': { item_id: '11', options: { color: 'red' }, available: true, price: 50.25 },
          '12': { item_id: '12', options: { color: 'blue' }, available: true, price: 80.5 },
          '13': { item_id: '13', options: { color: 'green' }, available: false, price: 40.75 },
        },
      },
    },
    orders: {
      '#W1': {
        order_id: '#W1',
        user_id: 'ann_1',
        address: {},
        items: [
          { name: 'Lamp', product_id: '20', item_id: '11', price: 50.25, options: { color: 'red' } },
          { name: 'Lamp', product_id: '20', item_id: '12', price: 80.5, options: { color: 'blue' } },
        ],
        fulfillments: [],
        status: 'pending',
        payment_history: [{ transaction_type: 'payment', amount: 130.75, payment_method_id: 'gift_card_1' }],
      },
      '#W2': {
        order_id: '#W2',
        user_id: 'ann_1',
        address: {},
        items: [{ name: 'Lamp', product_id: '20', item_id: '11', price: 50.25, options: { color: 'red' } }],
        fulfillments: [],
        status: 'delivered',
        payment_history: [{ transaction_type: 'payment', amount: 50.25, payment_method_id: 'credit_card_1' }],
      },
    },
  }) as Record<string, PyDict>;
  const domain = domainOfTables(retailToolKit, data);
  const { call, expectRefusal } = toolCaller(domain);

  it('refuses without writing anything', () => {
    expectRefusal('cancel_pending_order', { order_id: '#W1', reason: 'too expensive' }, 'invalid reason');
    expectRefusal(
      'cancel_pending_order',
      { order_id: '#W2', reason: 'no longer needed' },
      'non-pending order cannot be cancelled',
    );
    expectRefusal(
      'modify_pending_order_items',
      { order_id: '#W1', item_ids: ['11'], new_item_ids: ['12'], payment_method_id: 'gift_card_1' },
      'insufficient gift card balance to pay for the new item',
    );
    expectRefusal(
      'modify_pending_order_items',
      { order_id: '#W1', item_ids: ['11', '11'], new_item_ids: ['12', '12'], payment_method_id: 'paypal_1' },
      '11 not found',
    );
    expectRefusal(
      'exchange_delivered_order_items',
      { order_id: '#W2', item_ids: ['11'], new_item_ids: ['13'], payment_method_id: 'credit_card_1' },
      'new item 13 not found or available',
    );
    expectRefusal(
      'return_delivered_order_items',
      { order_id: '#W2', item_ids: ['11'], payment_method_id: 'paypal_1' },
      'payment method should be either the original payment method or a gift card',
    );
    expectRefusal(
      'modify_pending_order_payment',
      { order_id: '#W1', payment_method_id: 'gift_card_1' },
      'the new payment method should be different from the current one',
    );
    expectRefusal(
      'modify_user_address',
      { user_id: 'bob', address1: '', address2: '', city: '', state: '', country: '', zip: '' },
      'user not found',
    );
  });

  it('refunds a gift card at once, the int balance becoming a rounded float', () => {
    const state = new State(domain.base);
    const order = call(state, 'cancel_pending_order', { order_id: '#W1', reason: 'ordered by mistake' });
    expect(order).toContain('"status": "cancelled"');
    expect(order).toContain(
      '{"transaction_type": "refund", "amount": 130.75, "payment_method_id": "gift_card_1"}], "cancel_reason": "ordered by mistake"}',
    );
    expect(call(state, 'get_user_details', { user_id: 'ann_1' })).toContain('"balance": 140.75');
  });

  it('swaps items one after another, each on the first item that has the id at that moment', () => {
    const state = new State(domain.base);
    // 11 -> 12 first; the second swap then finds that same item (now 12) before the original 12.
    const order = call(state, 'modify_pending_order_items', {
      order_id: '#W1',
      item_ids: ['11', '12'],
      new_item_ids: ['12', '11'],
      payment_method_id: 'paypal_1',
    });
    expect(order).toContain(
      '"item_id": "11", "price": 50.25, "options": {"color": "red"}}, {"name": "Lamp", "product_id": "20", "item_id": "12"',
    );
    expect(order).toContain('{"transaction_type": "refund", "amount": 0.0, "payment_method_id": "paypal_1"}');
  });

  it('keeps the int 0 as the price difference of an empty exchange', () => {
    const state = new State(domain.base);
    const order = call(state, 'exchange_delivered_order_items', {
      order_id: '#W2',
      item_ids: [],
      new_item_ids: [],
      payment_method_id: 'gift_card_1',
    });
    expect(order).toContain(
      '"exchange_items": [], "exchange_new_items": [], "exchange_payment_method_id": "gift_card_1", "exchange_price_difference": 0}',
    );
  });
});
