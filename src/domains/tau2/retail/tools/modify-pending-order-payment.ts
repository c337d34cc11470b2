import {
  add,
  compare,
  type PyDict,
  type PyNum,
  pyDumps,
  pyRound,
  sub,
} from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../retail/index.ts';
import { paymentMethodIdParameter } from '../../../retail/tools/parameters.ts';
import { editPaymentMethod, getOrder, getPaymentMethod, isGiftCard, orderPayment } from '../lookups.ts';

const { parameters } = tauBench.modifyPendingOrderPaymentTool;

export const modifyPendingOrderPaymentTool: ToolDefinition = {
  ...tauBench.modifyPendingOrderPaymentTool,
  // tau2's wording: "the original refunded", and the new method described as any payment method.
  description:
    "Pay a pending order with another of the customer's payment methods: the new method is charged and the original refunded. Explain the change and get the customer's explicit yes first. Returns the updated order.",
  parameters: {
    ...parameters,
    properties: { ...parameters.properties, payment_method_id: paymentMethodIdParameter },
  },
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const paymentMethodId = argString(args, 'payment_method_id');
    const current = getOrder(db, orderId);
    if (!lookup<string>(current, 'status').includes('pending')) {
      throw new ToolError('Non-pending order cannot be modified');
    }
    const userId = lookup<string>(current, 'user_id');
    const method = getPaymentMethod(db, userId, paymentMethodId);
    const history = lookup<PyDict[]>(current, 'payment_history');
    if (history.length !== 1 || lookup(history[0], 'transaction_type') !== 'payment') {
      throw new ToolError('There should be exactly one payment for a pending order');
    }
    const original = lookup<string>(history[0], 'payment_method_id');
    if (original === paymentMethodId) {
      throw new ToolError('The new payment method should be different from the current one');
    }
    const amount = lookup<PyNum>(history[0], 'amount');
    if (isGiftCard(method) && compare(lookup<PyNum>(method, 'balance'), amount) < 0) {
      throw new ToolError('Insufficient gift card balance to pay for the order');
    }

    const order = db.edit('orders', orderId);
    lookup<PyDict[]>(order, 'payment_history').push(
      orderPayment('payment', amount, paymentMethodId),
      orderPayment('refund', amount, original),
    );
    if (isGiftCard(method)) {
      const card = editPaymentMethod(db, userId, paymentMethodId);
      card.balance = pyRound(sub(lookup<PyNum>(card, 'balance'), amount), 2);
    }
    if (isGiftCard(getPaymentMethod(db, userId, original))) {
      const card = editPaymentMethod(db, userId, original);
      card.balance = pyRound(add(lookup<PyNum>(card, 'balance'), amount), 2);
    }
    return pyDumps(order);
  },
};
