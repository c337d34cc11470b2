import { type PyDict, pyDumps } from '../../../core/python/index.ts';
import { argString, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';
import { ADDRESS_FIELDS, addressParameters, userIdParameter } from './parameters.ts';

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
    if (!db.has('users', userId)) throw new ToolError('user not found');
    const user = db.edit('users', userId);
    const address: PyDict = {};
    for (const field of ADDRESS_FIELDS) address[field] = argString(args, field);
    user.address = address;
    return pyDumps(user);
  },
};
