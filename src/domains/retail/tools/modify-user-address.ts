import { pyDumps } from '../../../core/python/index.ts';
import { argString, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findUser } from '../../shared/records.ts';
import { ADDRESS_FIELDS, addressArgument, addressParameters, userIdParameter } from './parameters.ts';

export const modifyUserAddressTool: ToolDefinition = {
  name: 'modify_user_address',
  description:
    "Change a customer's default address. Explain the change and get the customer's explicit yes first. Returns the updated user.",
  parameters: {
    type: 'object',
    properties: { user_id: userIdParameter, ...addressParameters },
    required: ['user_id', ...ADDRESS_FIELDS],
  },
  access: 'write',
  invoke(db, args) {
    const userId = argString(args, 'user_id');
    findUser(db, userId);
    const user = db.edit('users', userId);
    user.address = addressArgument(args);
    return pyDumps(user);
  },
};
