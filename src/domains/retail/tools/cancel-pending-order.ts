import { add, type PyDict, type PyNum, pyDumps, pyRound } from '../../../core/python/index.ts';
import { argString, keyError, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import { findOrderWithStatus, orderUserId } from '../lookups.ts';
import { orderIdParameter } from './parameters.ts';

/** The reasons a customer may give for a cancellation, and their description (tau2 shares both). */
export const CANCEL_REASONS = ['no longer needed', 'ordered by mistake'];
export const CANCEL_REASON_DESCRIPTION =
  "Why the customer cancels: 'no longer needed' or 'ordered by mistake'.";

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
        enum: CANCEL_REASONS,
        description: CANCEL_REASON_DESCRIPTION,
      },
    },
    required: ['order_id', 'reason'],
  },
  access: 'write',
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const reason = argString(args, 'reason');
    findOrderWithStatus(db, orderId, 'pending', 'non-pending order cannot be cancelled');
    // The reference checks the reason itself, after the status.
    if (!CANCEL_REASONS.includes(reason)) throw new ToolError('invalid reason');

    const order = db.edit('orders', orderId);
    const userId = orderUserId(order);
    const giftCard = (paymentId: string): PyDict => {
      if (!db.has('users', userId)) throw keyError(userId);
      return lookup<PyDict>(lookup<PyDict>(db.edit('users', userId), 'payment_methods'), paymentId);
    };
    const payments = lookup<PyDict[]>(order, 'payment_history');
    const refunds: PyDict[] = [];
    for (const payment of payments) {
      const paymentId = lookup<string>(payment, 'payment_method_id');
      const amount = lookup<PyNum>(payment, 'amount');
      refunds.push({ transaction_type: 'refund', amount, payment_method_id: paymentId });
      // Gift cards are refunded at once, each refund rounded to cents as it is added.
      if (paymentId.includes('gift_card')) {
        const method = giftCard(paymentId);
        method.balance = pyRound(add(lookup<PyNum>(method, 'balance'), amount), 2);
      }
    }
    order.status = 'cancelled';
    order.cancel_reason = reason;
    payments.push(...refunds);
    return pyDumps(order);
  },
};
