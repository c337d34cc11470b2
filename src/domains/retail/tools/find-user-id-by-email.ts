import type { PyDict } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';

export const findUserIdByEmailTool: ToolDefinition = {
  name: 'find_user_id_by_email',
  description: "Find a customer's user id from their email address (case-insensitive).",
  parameters: {
    type: 'object',
    properties: {
      email: { type: 'string', description: "The customer's email, e.g. 'someone@example.com'." },
    },
    required: ['email'],
  },
  access: 'read',
  invoke: (db, args) => userIdByEmail(db, args, 'user not found'),
};

/**
 * The id of the customer with the `email` argument (compared case-insensitively);
 * otherwise refuses with `refusal` (each flavour words it its own way).
 */
export function userIdByEmail(db: Db, args: PyDict, refusal: string): string {
  const email = argString(args, 'email').toLowerCase();
  // The first customer in the data's order wins.
  for (const userId of db.ids('users')) {
    const profile = db.get('users', userId)!;
    if (lookup<string>(profile, 'email').toLowerCase() === email) return userId;
  }
  throw new ToolError(refusal);
}
