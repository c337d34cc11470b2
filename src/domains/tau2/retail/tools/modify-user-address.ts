import { pyDumps } from '../../../../core/python/index.ts';
import { argString, type ToolDefinition } from '../../../../core/tools/tool.ts';
import * as tauBench from '../../../retail/index.ts';
import { addressArgument } from '../../../retail/tools/parameters.ts';
import { ADDRESS_FIELDS } from '../data-model.ts';
import { getUser } from '../lookups.ts';

export const modifyUserAddressTool: ToolDefinition = {
  ...tauBench.modifyUserAddressTool,
  invoke(db, args) {
    const userId = argString(args, 'user_id');
    getUser(db, userId);
    const user = db.edit('users', userId);
    // A `UserAddress`, its fields in the data model's order.
    user.address = addressArgument(args, ADDRESS_FIELDS);
    return pyDumps(user);
  },
};
