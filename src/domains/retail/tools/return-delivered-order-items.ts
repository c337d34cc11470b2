import { compareCodePoints, type PyDict, pyDumps } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argList, argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import { checkItemsInOrder, customerPaymentMethod, findOrderWithStatus } from '../lookups.ts';
import { itemIdsParameter, orderIdParameter, paymentMethodIdParameter } from './parameters.ts';

export const returnDeliveredOrderItemsTool: ToolDefinition = {
  name: 'return_delivered_order_items',
  description:
    "Request the return of some items of a delivered order; the order becomes 'return requested' and the customer gets an email on how to send the items back. The refund goes to the original payment method or a gift card. Explain the return and get the customer's explicit yes first.",
  parameters: {
    type: 'object',
    properties: {
      order_id: orderIdParameter,
      item_ids: itemIdsParameter("Ids of the items to return, e.g. '1008292230'; an id may repeat."),
      payment_method_id: {
        ...paymentMethodIdParameter,
        description:
          "Where the refund goes: the order's original payment method or one of the customer's gift cards, e.g. 'gift_card_0000000'.",
      },
    },
    required: ['order_id', 'item_ids', 'payment_method_id'],
  },
  access: 'write',
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    const itemIds = argList<string>(args, 'item_ids');
    const paymentMethodId = argString(args, 'payment_method_id');
    const current = findOrderWithStatus(db, orderId, 'delivered', 'non-delivered order cannot be returned');
    customerPaymentMethod(db, current, paymentMethodId); // refuses a method the customer does not have
    // Any gift card is accepted (the check is on the id's text); other methods must be the original one.
    if (!paymentMethodId.includes('gift_card') && paymentMethodId !== originalPaymentMethodId(current)) {
      throw new ToolError('payment method should be either the original payment method or a gift card');
    }
    checkItemsInOrder(current, itemIds, () => 'some item not found');

    return requestReturn(db, orderId, itemIds, paymentMethodId);
  },
};

/**
 * Marks a delivered order 'return requested' with the items to return (sorted) and where the refund
 * goes, and returns the order's dump: the same fields in the same order in both flavours.
 */
export function requestReturn(
  db: Db,
  orderId: string,
  itemIds: readonly string[],
  paymentMethodId: string,
): string {
  const order = db.edit('orders', orderId);
  order.status = 'return requested';
  order.return_items = [...itemIds].sort(compareCodePoints);
  order.return_payment_method_id = paymentMethodId;
  return pyDumps(order);
}

function originalPaymentMethodId(order: Readonly<PyDict>): string {
  const first = lookup<PyDict[]>(order, 'payment_history')[0];
  if (first === undefined) throw new ToolError('list index out of range');
  return lookup<string>(first, 'payment_method_id');
}
