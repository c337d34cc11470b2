import type { PyDict } from '../../../../../core/python/index.ts';
import { ADDRESS_KEYS, addressText, randomAddress, sameAddress } from '../../address.ts';
import { call, orderOf, orderReference, pickOrder, statusIs, userOf } from '../pick.ts';
import type { Program } from '../types.ts';

/** Ship a pending order somewhere else: a new address, or back to the customer's default one. */
export const changeOrderAddress: Program = (ctx) => {
  const orderId = pickOrder(ctx, statusIs('pending'));
  if (orderId === undefined) return null;
  const order = orderOf(ctx, orderId);
  const userId = order.user_id as string;
  const home = userOf(ctx, userId).address as PyDict;
  const toHome = !sameAddress(home, order.address as PyDict) && ctx.random.chance(0.4);
  const address = toHome ? home : { ...randomAddress(ctx.random) };
  if (sameAddress(address, order.address as PyDict)) return null;
  const reference = orderReference(ctx, orderId);
  const kwargs: PyDict = { order_id: orderId };
  for (const key of ADDRESS_KEYS) kwargs[key] = address[key] as string;
  return {
    userId,
    reason: toHome
      ? `You want ${reference.text} shipped to your default address (the one on your account) instead of the address it currently has.`
      : `You want ${reference.text} shipped to a new address: ${addressText(address)}.`,
    unknown: [
      ...reference.unknown,
      ...(toHome ? ['You do not want to spell out your address unless asked.'] : []),
    ],
    actions: [
      ...reference.lookups,
      ...(toHome && reference.lookups.length === 0 ? [call('get_user_details', { user_id: userId })] : []),
      call('get_order_details', { order_id: orderId }),
      call('modify_pending_order_address', kwargs),
    ],
    orders: [orderId],
  };
};
