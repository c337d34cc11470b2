import { add, type PyDict, type PyNum, pyDumps, pyRound } from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import {
  editPaymentMethod,
  getOrder,
  getPaymentMethod,
  getUser,
  isGiftCard,
  orderPayment,
} from '../lookups.ts';
import { orderIdParameter } from './parameters.ts';

const REASONS = ['no longer needed', 'ordered by mistake'];

export const cancelPendingOrderTool: ToolDefinition = {
  name: 'cancel_pending_order',
  description:
    "Cancel a pending order (not one already processed or delivered) and refund every payment: at once to a gift card, otherwise within 5-7 business days. Explain the cancellation and get the customer's explicit yes first. Returns the cancelled order.",
  parameters: {
    type: 'object',
    properties: {
      order_id: orderIdParameter,
      reason: {
        type: 'string',
        description: "Why the customer cancels: 'no longer needed' or 'ordered by mistake'.",
      },
    },
    required: ['order_id', 'reason'],
  },
  access: 'write',
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const reason = argString(args, 'reason');
    if (lookup(getOrder(db, orderId), 'status') !== 'pending') {
      throw new ToolError('Non-pending order cannot be cancelled');
    }
    if (!REASONS.includes(reason)) throw new ToolError('Invalid reason');

    const order = db.edit('orders', orderId);
    const userId = lookup<string>(order, 'user_id');
    const refunds: PyDict[] = [];
    for (const payment of lookup<PyDict[]>(order, 'payment_history')) {
      const paymentId = lookup<string>(payment, 'payment_method_id');
      const amount = lookup<PyNum>(payment, 'amount');
      refunds.push(orderPayment('refund', amount, paymentId));
      getUser(db, userId);
      if (isGiftCard(getPaymentMethod(db, userId, paymentId))) {
        const card = editPaymentMethod(db, userId, paymentId);
        card.balance = pyRound(add(lookup<PyNum>(card, 'balance'), amount), 2);
      }
    }
    order.status = 'cancelled';
    order.cancel_reason = reason;
    lookup<PyDict[]>(order, 'payment_history').push(...refunds);
    return pyDumps(order);
  },
};
