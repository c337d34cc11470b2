import { type PyDict, pyDumps } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findUser } from '../../shared/records.ts';
import { userIdSchema } from './schema-parts.ts';

function invoke(db: Db, args: Readonly<PyDict>): string {
  return pyDumps(findUser(db, argString(args, 'user_id')) as PyDict);
}

export const getUserDetailsTool: ToolDefinition = {
  name: 'get_user_details',
  description:
    "Look up a user's profile: name, address, email, date of birth, saved payment methods (with gift card " +
    'and certificate balances), saved passengers, membership level and reservation ids.',
  access: 'read',
  parameters: {
    type: 'object',
    properties: { user_id: userIdSchema },
    required: ['user_id'],
  },
  invoke,
};
