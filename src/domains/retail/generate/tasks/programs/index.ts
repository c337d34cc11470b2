import type { Program } from '../types.ts';
import { cancelOrder } from './cancel-order.ts';
import { changeOrderAddress } from './change-order-address.ts';
import { changeOrderItems, exchangeItems } from './change-order-items.ts';
import { changeOrderPayment } from './change-order-payment.ts';
import { changeUserAddress } from './change-user-address.ts';
import { refusal } from './refusal.ts';
import { returnItems } from './return-items.ts';
import { transferToHuman } from './transfer.ts';

/** Every scenario program by name. */
export const PROGRAMS = {
  cancel: cancelOrder,
  'order-address': changeOrderAddress,
  'order-payment': changeOrderPayment,
  'order-items': changeOrderItems,
  'user-address': changeUserAddress,
  return: returnItems,
  exchange: exchangeItems,
  refusal,
  transfer: transferToHuman,
} satisfies Record<string, Program>;

export type ProgramName = keyof typeof PROGRAMS;

/** Programs whose goal changes data. */
export const WRITE_PROGRAMS: readonly ProgramName[] = [
  'cancel',
  'order-address',
  'order-payment',
  'order-items',
  'user-address',
  'return',
  'exchange',
];
