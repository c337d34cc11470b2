import { type PyDict, pyDumps } from '../../../../core/python/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../../core/tools/tool.ts';
import { getItem, getOrder, getProduct, getUser } from '../lookups.ts';
import { orderIdParameter, userIdParameter } from './parameters.ts';

/** tau2's retail read tools: each returns a whole record as the data model dumps it. */

export const findUserIdByEmailTool: ToolDefinition = {
  name: 'find_user_id_by_email',
  description: "Find a customer's user id from their email address (case-insensitive).",
  parameters: {
    type: 'object',
    properties: {
      email: { type: 'string', description: "The customer's email, e.g. 'something@example.com'." },
    },
    required: ['email'],
  },
  access: 'read',
  invoke(db, args) {
    const email = argString(args, 'email').toLowerCase();
    for (const userId of db.ids('users')) {
      if (lookup<string>(db.get('users', userId), 'email').toLowerCase() === email) return userId;
    }
    throw new ToolError('User not found');
  },
};

export const findUserIdByNameZipTool: ToolDefinition = {
  name: 'find_user_id_by_name_zip',
  description:
    "Find a customer's user id from first name, last name (both case-insensitive) and zip code. Prefer looking up by email; use this when the email is unknown or not found.",
  parameters: {
    type: 'object',
    properties: {
      first_name: { type: 'string', description: "The customer's first name, e.g. 'John'." },
      last_name: { type: 'string', description: "The customer's last name, e.g. 'Doe'." },
      zip: { type: 'string', description: "The zip code of the customer's address, e.g. '12345'." },
    },
    required: ['first_name', 'last_name', 'zip'],
  },
  access: 'read',
  invoke(db, args) {
    const first = argString(args, 'first_name').toLowerCase();
    const last = argString(args, 'last_name').toLowerCase();
    const zip = argString(args, 'zip');
    for (const userId of db.ids('users')) {
      const user = db.get('users', userId)!;
      const name = lookup<PyDict>(user, 'name');
      if (
        lookup<string>(name, 'first_name').toLowerCase() === first &&
        lookup<string>(name, 'last_name').toLowerCase() === last &&
        lookup<string>(lookup<PyDict>(user, 'address'), 'zip') === zip
      ) {
        return userId;
      }
    }
    throw new ToolError('User not found');
  },
};

export const getOrderDetailsTool: ToolDefinition = {
  name: 'get_order_details',
  description:
    'Look up an order: its status, items, address, fulfillments, payments, and any cancellation, exchange or return details.',
  parameters: { type: 'object', properties: { order_id: orderIdParameter }, required: ['order_id'] },
  access: 'read',
  invoke: (db, args) => pyDumps(getOrder(db, argString(args, 'order_id'))),
};

export const getProductDetailsTool: ToolDefinition = {
  name: 'get_product_details',
  description:
    'Look up a product type and all its variants (items) with their options, availability and price.',
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
  invoke: (db, args) => pyDumps(getProduct(db, argString(args, 'product_id'))),
};

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
  name: 'get_user_details',
  description: 'Look up a customer: name, address, email, payment methods and the ids of their orders.',
  parameters: { type: 'object', properties: { user_id: userIdParameter }, required: ['user_id'] },
  access: 'read',
  invoke: (db, args) => pyDumps(getUser(db, argString(args, 'user_id'))),
};
