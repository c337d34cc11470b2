export { ADDRESS_FIELDS, normaliseRetailRecord, orderModel, productModel, userModel } from './data-model.ts';
export { tau2RetailToolKit } from './toolkit.ts';
