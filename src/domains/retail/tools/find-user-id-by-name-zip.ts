import type { PyDict } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition, ToolError } from '../../../core/tools/tool.ts';

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
  invoke: (db, args) => userIdByNameZip(db, args, 'user not found'),
};

/**
 * The id of the customer with the `first_name`, `last_name` and `zip` arguments;
 * otherwise refuses with `refusal` (each flavour words it its own way).
 */
export function userIdByNameZip(db: Db, args: PyDict, refusal: string): string {
  const first = argString(args, 'first_name').toLowerCase();
  const last = argString(args, 'last_name').toLowerCase();
  const zip = argString(args, 'zip');
  // The first customer in the data's order wins; the names are compared case-insensitively, the zip exactly.
  for (const userId of db.ids('users')) {
    const profile = db.get('users', userId)!;
    const name = lookup<PyDict>(profile, 'name');
    if (
      lookup<string>(name, 'first_name').toLowerCase() === first &&
      lookup<string>(name, 'last_name').toLowerCase() === last &&
      lookup<string>(lookup<PyDict>(profile, 'address'), 'zip') === zip
    ) {
      return userId;
    }
  }
  throw new ToolError(refusal);
}
