import type { ToolKit } from '../../../core/domain/types.ts';
import { listAllProductTypesTool } from '../../retail/index.ts';
import { tau2CalculateTool, tau2TransferTool } from '../shared-tools.ts';
import { normaliseRetailRecord } from './data-model.ts';
import { cancelPendingOrderTool } from './tools/cancel-pending-order.ts';
import { exchangeDeliveredOrderItemsTool } from './tools/exchange-delivered-order-items.ts';
import { modifyPendingOrderAddressTool } from './tools/modify-pending-order-address.ts';
import { modifyPendingOrderItemsTool } from './tools/modify-pending-order-items.ts';
import { modifyPendingOrderPaymentTool } from './tools/modify-pending-order-payment.ts';
import { modifyUserAddressTool } from './tools/modify-user-address.ts';
import {
  findUserIdByEmailTool,
  findUserIdByNameZipTool,
  getItemDetailsTool,
  getOrderDetailsTool,
  getProductDetailsTool,
  getUserDetailsTool,
} from './tools/reads.ts';
import { returnDeliveredOrderItemsTool } from './tools/return-delivered-order-items.ts';

/** tau2's retail tools, in the reference's order. */
export const tau2RetailToolKit: ToolKit = {
  name: 'tau2-retail',
  flavour: 'tau2',
  tables: ['orders', 'products', 'users'],
  tools: [
    tau2CalculateTool,
    cancelPendingOrderTool,
    exchangeDeliveredOrderItemsTool,
    findUserIdByNameZipTool,
    findUserIdByEmailTool,
    getOrderDetailsTool,
    getProductDetailsTool,
    getItemDetailsTool,
    getUserDetailsTool,
    listAllProductTypesTool,
    modifyPendingOrderAddressTool,
    modifyPendingOrderItemsTool,
    modifyPendingOrderPaymentTool,
    modifyUserAddressTool,
    returnDeliveredOrderItemsTool,
    tau2TransferTool,
  ],
  normaliseRecord: normaliseRetailRecord,
};
