import type { Action } from '../../../../../core/domain/types.ts';
import type { PyDict } from '../../../../../core/python/index.ts';
import { ADDRESS_KEYS, type Address, addressText, randomAddress, sameAddress } from '../../address.ts';
import { call, pickOrder, statusIs, userOf } from '../pick.ts';
import type { Program } from '../types.ts';

/**
 * The customer moved: change the default address, and sometimes also ship one of their pending
 * orders to the new address.
 */
export const changeUserAddress: Program = (ctx) => {
  const userId = ctx.userId ?? ctx.random.pick(ctx.state.ids('users'));
  const user = userOf(ctx, userId);
  const address = randomAddress(ctx.random);
  if (sameAddress(address, user.address as PyDict)) return null;
  const mine = { ...ctx, userId };
  const orderId = ctx.random.chance(0.4) ? pickOrder(mine, statusIs('pending')) : undefined;
  const actions: Action[] = [
    call('get_user_details', { user_id: userId }),
    call('modify_user_address', { user_id: userId, ...fields(address) }),
  ];
  if (orderId !== undefined) {
    actions.push(
      call('get_order_details', { order_id: orderId }),
      call('modify_pending_order_address', { order_id: orderId, ...fields(address) }),
    );
  }
  return {
    userId,
    reason:
      `You have moved and want your default address changed to ${addressText(address)}; your account still shows the old one.` +
      (orderId === undefined
        ? ''
        : ` Your order ${orderId} has not shipped yet: it should go to the new address too.`),
    actions,
    orders: orderId === undefined ? [] : [orderId],
  };
};

function fields(address: Address): PyDict {
  const out: PyDict = {};
  for (const key of ADDRESS_KEYS) out[key] = address[key];
  return out;
}
