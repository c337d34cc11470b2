import { call, orderOf, pickOrder, statusIs } from '../pick.ts';
import type { Program } from '../types.ts';

interface Case {
  statuses: string[];
  reason: (orderId: string) => string;
  summary: (orderId: string, userId: string) => string;
}

/** Requests no tool can serve and the policy does not forbid: the agent hands them to a person. */
const CASES: Case[] = [
  {
    statuses: ['delivered'],
    reason: (id) =>
      `Order ${id} shows as delivered, but the parcel never arrived. You want someone to investigate and send it again or refund you; a return is no use because you have nothing to send back.`,
    summary: (id, user) => `Customer ${user} reports that delivered order ${id} never arrived.`,
  },
  {
    statuses: ['delivered', 'processed', 'cancelled'],
    reason: (id) =>
      `Your bank statement shows two charges for order ${id}, and you want the extra charge looked into.`,
    summary: (id, user) => `Customer ${user} disputes a double charge for order ${id}.`,
  },
  {
    statuses: ['delivered'],
    reason: (id) =>
      `An item in order ${id} arrived damaged and it ruined a holiday gift; you want compensation for the trouble on top of anything else, not just a return.`,
    summary: (id, user) => `Customer ${user} asks for compensation for a damaged item in order ${id}.`,
  },
];

export const transferToHuman: Program = (ctx) => {
  const chosen = ctx.random.pick(CASES);
  const orderId = pickOrder(ctx, statusIs(...chosen.statuses));
  if (orderId === undefined) return null;
  const userId = orderOf(ctx, orderId).user_id as string;
  return {
    userId,
    reason: chosen.reason(orderId),
    behaviour: [
      'If the agent offers a return or an exchange instead, decline: you want a person to handle this.',
    ],
    actions: [
      call('get_order_details', { order_id: orderId }),
      call('transfer_to_human_agents', { summary: chosen.summary(orderId, userId) }),
    ],
    orders: [orderId],
  };
};
