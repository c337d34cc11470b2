import { pyDumps } from '../../../core/python/index.ts';
import { argString, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findOrderWithStatus } from '../lookups.ts';
import { ADDRESS_FIELDS, addressArgument, addressParameters, orderIdParameter } from './parameters.ts';

export const modifyPendingOrderAddressTool: ToolDefinition = {
  name: 'modify_pending_order_address',
  description:
    "Change the shipping address of a pending order. Explain the change and get the customer's explicit yes first. Returns the updated order.",
  parameters: {
    type: 'object',
    properties: { order_id: orderIdParameter, ...addressParameters },
    required: ['order_id', ...ADDRESS_FIELDS],
  },
  access: 'write',
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    findOrderWithStatus(db, orderId, 'pending', 'non-pending order cannot be modified');
    const order = db.edit('orders', orderId);
    order.address = addressArgument(args);
    return pyDumps(order);
  },
};
