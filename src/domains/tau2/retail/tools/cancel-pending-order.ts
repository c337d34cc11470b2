import { add, type PyDict, type PyNum, pyDumps, pyRound } from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../retail/index.ts';
import { CANCEL_REASON_DESCRIPTION, CANCEL_REASONS } from '../../../retail/tools/cancel-pending-order.ts';
import {
  editPaymentMethod,
  getOrder,
  getPaymentMethod,
  getUser,
  isGiftCard,
  orderPayment,
} from '../lookups.ts';

const { parameters } = tauBench.cancelPendingOrderTool;

export const cancelPendingOrderTool: ToolDefinition = {
  ...tauBench.cancelPendingOrderTool,
  // tau2's schema does not list the accepted reasons (no `enum`); the tool still refuses any other.
  parameters: {
    ...parameters,
    properties: {
      ...parameters.properties,
      reason: { type: 'string', description: CANCEL_REASON_DESCRIPTION },
    },
  },
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const reason = argString(args, 'reason');
    if (lookup(getOrder(db, orderId), 'status') !== 'pending') {
      throw new ToolError('Non-pending order cannot be cancelled');
    }
    if (!CANCEL_REASONS.includes(reason)) throw new ToolError('Invalid reason');

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
