import { dictSet, type PyDict, type PyNum, scalarRepr } from '../../../core/python/index.ts';
import type { Db } from '../../../core/state/index.ts';
import { argString, lookup, type ToolDefinition } from '../../../core/tools/tool.ts';
import { findUser } from '../../shared/records.ts';
import { userIdSchema } from './schema-parts.ts';

/** The reference issues certificates under fixed ids, the first one the user does not hold yet. */
const CERTIFICATE_IDS = ['certificate_3221322', 'certificate_3221323', 'certificate_3221324'] as const;

function invoke(db: Db, args: Readonly<PyDict>): string {
  const userId = argString(args, 'user_id');
  const amount = args.amount as PyNum;
  const methods = lookup<PyDict>(findUser(db, userId), 'payment_methods');
  const certificateId = CERTIFICATE_IDS.find((id) => !Object.hasOwn(methods, id));
  // With all three ids taken the reference adds nothing and returns None, which prints as 'None'.
  if (certificateId === undefined) return 'None';
  const certificate: PyDict = { source: 'certificate', amount, id: certificateId };
  dictSet(lookup<PyDict>(db.edit('users', userId), 'payment_methods'), certificateId, certificate);
  return `Certificate ${certificateId} added to user ${userId} with amount ${scalarRepr(amount)}.`;
}

export const sendCertificateTool: ToolDefinition = {
  name: 'send_certificate',
  description:
    "Add a travel certificate of the given amount to a user's payment methods, as compensation. Use only when the policy allows it.",
  access: 'write',
  parameters: {
    type: 'object',
    properties: {
      user_id: userIdSchema,
      amount: { type: 'number', description: 'Value of the certificate in dollars.' },
    },
    required: ['user_id', 'amount'],
  },
  invoke,
};
