import type { PyDict } from '../../../core/python/index.ts';
import { argString, type JsonSchema } from '../../../core/tools/tool.ts';

/** Parameter schemas shared by several retail tools (names and types as the reference declares them). */

export const orderIdParameter: JsonSchema = {
  type: 'string',
  description: "The order's id, including the leading '#', e.g. '#W0000000'.",
};

export const userIdParameter: JsonSchema = {
  type: 'string',
  description: "The customer's user id, e.g. 'sara_doe_496'.",
};

export const paymentMethodIdParameter: JsonSchema = {
  type: 'string',
  description:
    "Id of one of the customer's payment methods, e.g. 'gift_card_0000000' or 'credit_card_0000000' (see the user or order details).",
};

/** The payment method of an exchange or an item change, which pays or receives the price difference. */
export const priceDifferencePaymentMethodParameter: JsonSchema = {
  ...paymentMethodIdParameter,
  description:
    "The customer's payment method that pays or receives the price difference, e.g. 'gift_card_0000000' or 'credit_card_0000000'.",
};

export function itemIdsParameter(description: string): JsonSchema {
  return { type: 'array', items: { type: 'string' }, description };
}

/** The six address fields, in the order the reference lists them. */
export const addressParameters: Record<string, JsonSchema> = {
  address1: { type: 'string', description: "First address line, e.g. '123 Main St'." },
  address2: { type: 'string', description: "Second address line, e.g. 'Apt 1'; may be ''." },
  city: { type: 'string', description: "City, e.g. 'San Francisco'." },
  state: { type: 'string', description: "State or province, e.g. 'CA'." },
  country: { type: 'string', description: "Country, e.g. 'USA'." },
  zip: { type: 'string', description: "Zip code, e.g. '12345'." },
};

export const ADDRESS_FIELDS = ['address1', 'address2', 'city', 'state', 'country', 'zip'] as const;

/**
 * The address the arguments give, its fields in the reference's order; tau2 passes its data model's
 * order (country before state).
 */
export function addressArgument(args: PyDict, fields: readonly string[] = ADDRESS_FIELDS): PyDict {
  const address: PyDict = {};
  for (const field of fields) address[field] = argString(args, field);
  return address;
}
