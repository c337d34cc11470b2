import { pyDumps } from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import { getOrder } from '../lookups.ts';
import {
  ADDRESS_ARGUMENTS,
  addressArgumentSchemas,
  addressFromArguments,
  orderIdParameter,
} from './parameters.ts';

export const modifyPendingOrderAddressTool: ToolDefinition = {
  name: 'modify_pending_order_address',
  description:
    "Change the shipping address of a pending order. Explain the change and get the customer's explicit yes first. Returns the updated order.",
  parameters: {
    type: 'object',
    properties: { order_id: orderIdParameter, ...addressArgumentSchemas },
    required: ['order_id', ...ADDRESS_ARGUMENTS],
  },
  access: 'write',
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    // Any status containing "pending" qualifies here, "pending (item modified)" included.
    if (!lookup<string>(getOrder(db, orderId), 'status').includes('pending')) {
      throw new ToolError('Non-pending order cannot be modified');
    }
    const order = db.edit('orders', orderId);
    order.address = addressFromArguments(args);
    return pyDumps(order);
  },
};
