import type { ToolDefinition } from '../../core/tools/tool.ts';

/** A scratchpad: the agent writes down its reasoning; nothing is looked up or changed. */
export const thinkTool: ToolDefinition = {
  name: 'think',
  description:
    'Write down a thought, for example to plan several steps or check a policy rule before acting. ' +
    'It reads and changes nothing and returns nothing.',
  parameters: {
    type: 'object',
    properties: {
      thought: { type: 'string', description: 'The reasoning to record.' },
    },
    required: ['thought'],
  },
  access: 'read',
  invoke: () => '',
};
