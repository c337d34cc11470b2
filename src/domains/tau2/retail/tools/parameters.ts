import type { PyDict } from '../../../../core/python/index.ts';
import { argString, type JsonSchema } from '../../../../core/tools/tool.ts';
import { addressParameters } from '../../../retail/tools/parameters.ts';
import { ADDRESS_FIELDS } from '../data-model.ts';

export {
  itemIdsParameter,
  orderIdParameter,
  paymentMethodIdParameter,
  priceDifferencePaymentMethodParameter,
  userIdParameter,
} from '../../../retail/tools/parameters.ts';

/** The six address arguments, in the order tau2's tools declare them (state before country). */
export const ADDRESS_ARGUMENTS = ['address1', 'address2', 'city', 'state', 'country', 'zip'] as const;

export const addressArgumentSchemas: Record<string, JsonSchema> = addressParameters;

/** A `UserAddress` built from the arguments, dumped in the data model's field order. */
export function addressFromArguments(args: PyDict): PyDict {
  const address: PyDict = {};
  for (const field of ADDRESS_FIELDS) address[field] = argString(args, field);
  return address;
}
