import type { PyDict, PyNum, PyValue } from '../../../../core/python/index.ts';
import { argList, type JsonSchema } from '../../../../core/tools/tool.ts';
import { paymentItemSchema } from '../../../airline/tools/schema-parts.ts';
import { dumpModel, type Model } from '../../data-model.ts';

/**
 * How tau2 reads its airline tools' arguments: each nested object is validated into its model (extra
 * fields dropped, fields in the model's order, whole floats in int fields made ints), as pydantic
 * does before the tool runs. The parameter schemas are tau-bench's except where tau2's types differ.
 */

/** tau2's `Payment.amount` is an int: whole dollars. */
export const tau2PaymentItemSchema: JsonSchema = {
  ...paymentItemSchema,
  properties: {
    ...paymentItemSchema.properties,
    amount: { type: 'integer', description: 'The amount to be paid, in whole dollars.' },
  },
};

/** A list argument, each item validated into `m`. */
export function modelList(args: PyDict, name: string, m: Model): PyDict[] {
  return argList<PyDict>(args, name).map((item) => dumpModel(m, item));
}

/** An int argument (the schema has checked it is whole), as an int. */
export function intArg(args: PyDict, name: string): PyNum {
  const value = args[name] as PyValue;
  return typeof value === 'number' ? BigInt(value) : (value as bigint);
}
