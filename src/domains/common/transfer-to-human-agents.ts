import type { ToolDefinition } from '../../core/tools/tool.ts';

/** Hands the customer over to a person; the conversation with the agent ends here. */
export const transferToHumanAgentsTool: ToolDefinition = {
  name: 'transfer_to_human_agents',
  description:
    'Transfer the customer to a human agent and end this conversation. Only do so when the customer ' +
    'asks for a human, or when their request cannot be handled with the other tools under the policy.',
  parameters: {
    type: 'object',
    properties: {
      summary: {
        type: 'string',
        description: "A short summary of the customer's issue for the human agent.",
      },
    },
    required: ['summary'],
  },
  access: 'read',
  terminates: true,
  invoke: () => 'Transfer successful',
};
