import type { ToolKit } from '../../core/domain/types.ts';
import { calculateTool, thinkTool, transferToHumanAgentsTool } from '../common/index.ts';
import { retailOwnTools } from './own-tools.ts';

/** tau-bench's retail tools, in the reference's order. */
export const retailToolKit: ToolKit = {
  name: 'retail',
  tables: ['orders', 'products', 'users'],
  tools: [calculateTool, ...retailOwnTools, thinkTool, transferToHumanAgentsTool],
};
