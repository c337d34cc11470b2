import type { PyDict } from '../../../core/python/index.ts';
import {
  bool,
  dictOf,
  dumpModel,
  float,
  listOf,
  literal,
  type Model,
  model,
  str,
  union,
} from '../data-model.ts';

/**
 * tau2's retail data model: the records of `products`, `users` and `orders` and the field order their
 * dumps print in. Written from the observations and hashes tau2 produces (see the tau2 parity vectors).
 */

const variant: Model = {
  name: 'Variant',
  fields: [
    { name: 'item_id', type: str },
    { name: 'options', type: dictOf(str) },
    { name: 'available', type: bool },
    { name: 'price', type: float },
  ],
};

export const productModel: Model = {
  name: 'Product',
  fields: [
    { name: 'name', type: str },
    { name: 'product_id', type: str },
    { name: 'variants', type: dictOf(model(variant)) },
  ],
};

/** Address fields in the order tau2's dumps print them (city, country, state). */
export const ADDRESS_FIELDS = ['address1', 'address2', 'city', 'country', 'state', 'zip'] as const;

const address: Model = {
  name: 'UserAddress',
  fields: ADDRESS_FIELDS.map((name) => ({ name, type: str })),
};

const userName: Model = {
  name: 'UserName',
  fields: [
    { name: 'first_name', type: str },
    { name: 'last_name', type: str },
  ],
};

const paymentMethod = union('source', {
  credit_card: {
    name: 'CreditCard',
    fields: [
      { name: 'source', type: str },
      { name: 'id', type: str },
      { name: 'brand', type: str },
      { name: 'last_four', type: str },
    ],
  },
  gift_card: {
    name: 'GiftCard',
    fields: [
      { name: 'source', type: str },
      { name: 'id', type: str },
      { name: 'balance', type: float },
    ],
  },
  paypal: {
    name: 'Paypal',
    fields: [
      { name: 'source', type: str },
      { name: 'id', type: str },
    ],
  },
});

export const userModel: Model = {
  name: 'User',
  fields: [
    { name: 'user_id', type: str },
    { name: 'name', type: model(userName) },
    { name: 'address', type: model(address) },
    { name: 'email', type: str },
    { name: 'payment_methods', type: dictOf(paymentMethod) },
    { name: 'orders', type: listOf(str) },
  ],
};

export const ORDER_STATUSES = [
  'processed',
  'pending',
  'pending (item modified)',
  'delivered',
  'cancelled',
  'exchange requested',
  'return requested',
];

export const orderPaymentModel: Model = {
  name: 'OrderPayment',
  fields: [
    { name: 'transaction_type', type: literal('payment', 'refund') },
    { name: 'amount', type: float },
    { name: 'payment_method_id', type: str },
  ],
};

export const orderModel: Model = {
  name: 'Order',
  fields: [
    { name: 'order_id', type: str },
    { name: 'user_id', type: str },
    { name: 'address', type: model(address) },
    {
      name: 'items',
      type: listOf(
        model({
          name: 'OrderItem',
          fields: [
            { name: 'name', type: str },
            { name: 'product_id', type: str },
            { name: 'item_id', type: str },
            { name: 'price', type: float },
            { name: 'options', type: dictOf(str) },
          ],
        }),
      ),
    },
    { name: 'status', type: literal(...ORDER_STATUSES) },
    {
      name: 'fulfillments',
      type: listOf(
        model({
          name: 'OrderFullfilment',
          fields: [
            { name: 'tracking_id', type: listOf(str) },
            { name: 'item_ids', type: listOf(str) },
          ],
        }),
      ),
    },
    { name: 'payment_history', type: listOf(model(orderPaymentModel)) },
    { name: 'cancel_reason', type: literal('no longer needed', 'ordered by mistake'), optional: true },
    { name: 'exchange_items', type: listOf(str), optional: true },
    { name: 'exchange_new_items', type: listOf(str), optional: true },
    { name: 'exchange_payment_method_id', type: str, optional: true },
    { name: 'exchange_price_difference', type: float, optional: true },
    { name: 'return_items', type: listOf(str), optional: true },
    { name: 'return_payment_method_id', type: str, optional: true },
  ],
};

const MODELS: Readonly<Record<string, Model>> = {
  products: productModel,
  users: userModel,
  orders: orderModel,
};

/** One record of the retail database as tau2's data model dumps it. */
export function normaliseRetailRecord(table: string, record: Readonly<PyDict>): PyDict {
  const m = MODELS[table];
  if (m === undefined) throw new Error(`no table "${table}" in the tau2 retail data model`);
  return dumpModel(m, record as PyDict);
}
