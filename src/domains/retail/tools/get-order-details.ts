import { pyDumps } from '../../../core/python/index.ts';
import { argString, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findOrder } from '../lookups.ts';
import { orderIdParameter } from './parameters.ts';

export const getOrderDetailsTool: ToolDefinition = {
  name: 'get_order_details',
  description: 'Look up an order: its status, items, address, fulfillments and payments.',
  parameters: {
    type: 'object',
    properties: { order_id: orderIdParameter },
    required: ['order_id'],
  },
  access: 'read',
  invoke: (db, args) => pyDumps(findOrder(db, argString(args, 'order_id'))),
};
