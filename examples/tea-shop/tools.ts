// The tea shop's tools. A tool is a plain object, so this file needs nothing from Sigma: `db.get`
// reads a record, `db.edit` gives a copy to change (the changes apply only if `invoke` returns; a
// thrown error becomes the agent's `Error: …` observation and changes nothing).
type Db = {
  get(table: string, id: string): Record<string, unknown> | undefined;
  edit(table: string, id: string): Record<string, unknown>;
};

export const tools = [
  {
    name: 'get_order',
    description: 'Look up an order by its id: its status, items and total.',
    access: 'read',
    parameters: {
      type: 'object',
      properties: { order_id: { type: 'string', description: 'the order id, such as t500' } },
      required: ['order_id'],
    },
    invoke(db: Db, args: { order_id: string }): string {
      const order = db.get('orders', args.order_id);
      if (order === undefined) throw new Error(`no order ${args.order_id}`);
      return JSON.stringify({ order_id: args.order_id, ...order });
    },
  },
  {
    name: 'cancel_order',
    description: 'Cancel an order that is still packing.',
    access: 'write',
    parameters: {
      type: 'object',
      properties: {
        order_id: { type: 'string', description: 'the order id' },
        reason: { type: 'string', enum: ['changed my mind', 'ordered by mistake'] },
      },
      required: ['order_id', 'reason'],
    },
    invoke(db: Db, args: { order_id: string; reason: string }): string {
      const order = db.edit('orders', args.order_id);
      if (order.status !== 'packing')
        throw new Error(
          `order ${args.order_id} is ${String(order.status)}: only a packing order can be cancelled`,
        );
      order.status = 'cancelled';
      order.cancel_reason = args.reason;
      return `order ${args.order_id} is cancelled`;
    },
  },
];
