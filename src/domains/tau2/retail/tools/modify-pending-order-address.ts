import { pyDumps } from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../retail/index.ts';
import { addressArgument } from '../../../retail/tools/parameters.ts';
import { ADDRESS_FIELDS } from '../data-model.ts';
import { getOrder } from '../lookups.ts';

export const modifyPendingOrderAddressTool: ToolDefinition = {
  ...tauBench.modifyPendingOrderAddressTool,
  invoke(db, args) {
    const orderId = argString(args, 'order_id');
    // Any status containing "pending" qualifies here, "pending (item modified)" included.
    if (!lookup<string>(getOrder(db, orderId), 'status').includes('pending')) {
      throw new ToolError('Non-pending order cannot be modified');
    }
    const order = db.edit('orders', orderId);
    // A `UserAddress`, its fields in the data model's order.
    order.address = addressArgument(args, ADDRESS_FIELDS);
    return pyDumps(order);
  },
};
