import type { ToolKit } from '../../core/domain/types.ts';
import { calculateTool, thinkTool, transferToHumanAgentsTool } from '../common/index.ts';
import { cancelPendingOrderTool } from './tools/cancel-pending-order.ts';
import { exchangeDeliveredOrderItemsTool } from './tools/exchange-delivered-order-items.ts';
import { findUserIdByEmailTool } from './tools/find-user-id-by-email.ts';
import { findUserIdByNameZipTool } from './tools/find-user-id-by-name-zip.ts';
import { getOrderDetailsTool } from './tools/get-order-details.ts';
import { getProductDetailsTool } from './tools/get-product-details.ts';
import { getUserDetailsTool } from './tools/get-user-details.ts';
import { listAllProductTypesTool } from './tools/list-all-product-types.ts';
import { modifyPendingOrderAddressTool } from './tools/modify-pending-order-address.ts';
import { modifyPendingOrderItemsTool } from './tools/modify-pending-order-items.ts';
import { modifyPendingOrderPaymentTool } from './tools/modify-pending-order-payment.ts';
import { modifyUserAddressTool } from './tools/modify-user-address.ts';
import { returnDeliveredOrderItemsTool } from './tools/return-delivered-order-items.ts';

/** tau-bench's retail tools, in the reference's order. */
export const retailToolKit: ToolKit = {
  name: 'retail',
  tables: ['orders', 'products', 'users'],
  tools: [
    calculateTool,
    cancelPendingOrderTool,
    exchangeDeliveredOrderItemsTool,
    findUserIdByEmailTool,
    findUserIdByNameZipTool,
    getOrderDetailsTool,
    getProductDetailsTool,
    getUserDetailsTool,
    listAllProductTypesTool,
    modifyPendingOrderAddressTool,
    modifyPendingOrderItemsTool,
    modifyPendingOrderPaymentTool,
    modifyUserAddressTool,
    returnDeliveredOrderItemsTool,
    thinkTool,
    transferToHumanAgentsTool,
  ],
};
