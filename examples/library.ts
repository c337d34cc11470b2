// The README's library example (test/readme-example.test.ts runs it): play retail task 0 as the agent.
import { SimulatorCore } from 'sigma-simulator';

const sim = new SimulatorCore({ envName: 'retail', taskIndex: 0, userStrategy: 'scripted' });
console.log('customer:', await sim.start());

// Act as the agent: find the customer, check the order, cancel it, and tell them.
const found = await sim.callTool('find_user_id_by_name_zip', {
  first_name: 'Bruno',
  last_name: 'Haddad',
  zip: '99219',
});
console.log('tool:', found.observation);
await sim.callTool('get_order_details', { order_id: '#W1392577' });
await sim.callTool('cancel_pending_order', { order_id: '#W1392577', reason: 'no longer needed' });
const reply = await sim.respondToUser(
  'Your order #W1392577 is cancelled and the refund is on its way. Anything else?',
);
console.log('customer:', reply.observation);

const result = sim.getFinalResult();
console.log(
  'done:',
  sim.isDone,
  'reward:',
  result.reward.reward,
  'state match:',
  result.reward.breakdown?.stateMatch,
);
