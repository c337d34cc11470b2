import { pyDumps } from '../../../core/python/index.ts';
import { argString, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findUser } from '../../shared/records.ts';
import { userIdParameter } from './parameters.ts';

export const getUserDetailsTool: ToolDefinition = {
  name: 'get_user_details',
  description: "Look up a customer's profile: name, address, email, payment methods and order ids.",
  parameters: {
    type: 'object',
    properties: { user_id: userIdParameter },
    required: ['user_id'],
  },
  access: 'read',
  invoke: (db, args) => pyDumps(findUser(db, argString(args, 'user_id'))),
};
