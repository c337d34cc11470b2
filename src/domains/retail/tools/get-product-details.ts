import { pyDumps } from '../../../core/python/index.ts';
import { argString, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findRecord } from '../../shared/records.ts';

export const getProductDetailsTool: ToolDefinition = {
  name: 'get_product_details',
  description: 'Look up a product type and all its variants (item ids, options, price, availability).',
  parameters: {
    type: 'object',
    properties: {
      product_id: {
        type: 'string',
        description: "The product's id, e.g. '6086499569' (not an item id).",
      },
    },
    required: ['product_id'],
  },
  access: 'read',
  invoke: (db, args) =>
    pyDumps(findRecord(db, 'products', argString(args, 'product_id'), 'product not found')),
};
