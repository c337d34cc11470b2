import { pyDumps } from '../../../../core/python/index.ts';
import { argString, type ToolDefinition } from '../../../../core/tools/tool.ts';
import { getUser } from '../lookups.ts';
import {
  ADDRESS_ARGUMENTS,
  addressArgumentSchemas,
  addressFromArguments,
  userIdParameter,
} from './parameters.ts';

export const modifyUserAddressTool: ToolDefinition = {
  name: 'modify_user_address',
  description:
    "Change a customer's default address. Explain the change and get the customer's explicit yes first. Returns the updated user.",
  parameters: {
    type: 'object',
    properties: { user_id: userIdParameter, ...addressArgumentSchemas },
    required: ['user_id', ...ADDRESS_ARGUMENTS],
  },
  access: 'write',
  invoke(db, args) {
    const userId = argString(args, 'user_id');
    getUser(db, userId);
    const user = db.edit('users', userId);
    user.address = addressFromArguments(args);
    return pyDumps(user);
  },
};
