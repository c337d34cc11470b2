import { add, compare, type PyDict, type PyNum, pyDumps, pyRound, sub } from '../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import {
  customerPaymentMethod,
  customerPaymentMethods,
  findOrderWithStatus,
  orderUserId,
} from '../lookups.ts';
import { orderIdParameter, paymentMethodIdParameter } from './parameters.ts';

export const modifyPendingOrderPaymentTool: ToolDefinition = {
  name: 'modify_pending_order_payment',
  description:
    "Pay a pending order with another of the customer's payment methods: the new method is charged and the old one refunded. Explain the change and get the customer's explicit yes first. Returns the updated order.",
  parameters: {
    type: 'object',
    properties: {
      order_id: orderIdParameter,
      payment_method_id: {
        ...paymentMethodIdParameter,
        description:
          "The customer's payment method to pay with instead, e.g. 'gift_card_0000000' or 'credit_card_0000000'.",
      },
    },
    required: ['order_id', 'payment_method_id'],
  },
  access: 'write',
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const paymentMethodId = argString(args, 'payment_method_id');
    const current = findOrderWithStatus(db, orderId, 'pending', 'non-pending order cannot be modified');
    const method = customerPaymentMethod(db, current, paymentMethodId);

    const history = lookup<PyDict[]>(current, 'payment_history');
    // Python evaluates `len(h) > 1 or h[0][...]`: an empty history fails on the index.
    if (history.length > 1) throw new ToolError('there should be exactly one payment for a pending order');
    const original = history[0];
    if (original === undefined) throw new ToolError('list index out of range');
    if (lookup(original, 'transaction_type') !== 'payment') {
      throw new ToolError('there should be exactly one payment for a pending order');
    }
    const oldMethodId = lookup<string>(original, 'payment_method_id');
    if (oldMethodId === paymentMethodId) {
      throw new ToolError('the new payment method should be different from the current one');
    }
    const amount = lookup<PyNum>(original, 'amount');
    const isGiftCard = lookup(method, 'source') === 'gift_card';
    if (isGiftCard && compare(lookup<PyNum>(method, 'balance'), amount) < 0) {
      throw new ToolError('insufficient gift card balance to pay for the order');
    }
    // A refund to a gift card (decided by the id's text) needs that card among the customer's methods.
    const refundsGiftCard = oldMethodId.includes('gift_card');
    if (refundsGiftCard) lookup(customerPaymentMethods(db, current), oldMethodId);

    const order = db.edit('orders', orderId);
    lookup<PyDict[]>(order, 'payment_history').push(
      { transaction_type: 'payment', amount, payment_method_id: paymentMethodId },
      { transaction_type: 'refund', amount, payment_method_id: oldMethodId },
    );
    // Gift card balances move at once (each rounded to cents); other methods are settled outside.
    const card = (id: string) =>
      lookup<PyDict>(lookup<PyDict>(db.edit('users', orderUserId(order)), 'payment_methods'), id);
    if (isGiftCard) {
      const charged = card(paymentMethodId);
      charged.balance = pyRound(sub(lookup<PyNum>(charged, 'balance'), amount), 2);
    }
    if (refundsGiftCard) {
      const refunded = card(oldMethodId);
      refunded.balance = pyRound(add(lookup<PyNum>(refunded, 'balance'), amount), 2);
    }
    return pyDumps(order);
  },
};
