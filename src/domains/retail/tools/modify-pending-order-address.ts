import { type PyDict, pyDumps } from '../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import { findOrder } from '../lookups.ts';
import { ADDRESS_FIELDS, addressParameters, orderIdParameter } from './parameters.ts';

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
    if (lookup(findOrder(db, orderId), 'status') !== 'pending') {
      throw new ToolError('non-pending order cannot be modified');
    }
    const order = db.edit('orders', orderId);
    const address: PyDict = {};
    for (const field of ADDRESS_FIELDS) address[field] = argString(args, field);
    order.address = address;
    return pyDumps(order);
  },
};
