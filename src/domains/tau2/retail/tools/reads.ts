import { pyDumps } from '../../../../core/python/index.ts';
import { argString, type ToolDefinition } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../retail/index.ts';
import { userIdByEmail } from '../../../retail/tools/find-user-id-by-email.ts';
import { userIdByNameZip } from '../../../retail/tools/find-user-id-by-name-zip.ts';
import { getItem, getOrder, getProduct, getUser } from '../lookups.ts';

/**
 * tau2's retail read tools: each returns a whole record as the data model dumps it. They take the
 * tau-bench tools' names, parameters and access (tau2's wording of some descriptions aside) and
 * refuse in tau2's words.
 */

export const findUserIdByEmailTool: ToolDefinition = {
  ...tauBench.findUserIdByEmailTool,
  // tau2's example address differs from tau-bench's.
  parameters: {
    ...tauBench.findUserIdByEmailTool.parameters,
    properties: {
      email: { type: 'string', description: "The customer's email, e.g. 'something@example.com'." },
    },
  },
  invoke: (db, args) => userIdByEmail(db, args, 'User not found'),
};

export const findUserIdByNameZipTool: ToolDefinition = {
  ...tauBench.findUserIdByNameZipTool,
  invoke: (db, args) => userIdByNameZip(db, args, 'User not found'),
};

export const getOrderDetailsTool: ToolDefinition = {
  ...tauBench.getOrderDetailsTool,
  description:
    'Look up an order: its status, items, address, fulfillments, payments, and any cancellation, exchange or return details.',
  invoke: (db, args) => pyDumps(getOrder(db, argString(args, 'order_id'))),
};

export const getProductDetailsTool: ToolDefinition = {
  ...tauBench.getProductDetailsTool,
  description:
    'Look up a product type and all its variants (items) with their options, availability and price.',
  invoke: (db, args) => pyDumps(getProduct(db, argString(args, 'product_id'))),
};

/** tau2 only: tau-bench has no item lookup. */
export const getItemDetailsTool: ToolDefinition = {
  name: 'get_item_details',
  description: 'Look up one item (a variant of a product): its options, availability and price.',
  parameters: {
    type: 'object',
    properties: {
      item_id: { type: 'string', description: "The item's id, e.g. '1008292230' (not a product id)." },
    },
    required: ['item_id'],
  },
  access: 'read',
  invoke: (db, args) => pyDumps(getItem(db, argString(args, 'item_id'))),
};

export const getUserDetailsTool: ToolDefinition = {
  ...tauBench.getUserDetailsTool,
  description: 'Look up a customer: name, address, email, payment methods and the ids of their orders.',
  invoke: (db, args) => pyDumps(getUser(db, argString(args, 'user_id'))),
};
