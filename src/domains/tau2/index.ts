export { normaliseAirlineRecord, tau2AirlineToolKit } from './airline/index.ts';
export {
  DataModelError,
  dumpModel,
  type Field,
  type FieldType,
  type Model,
} from './data-model.ts';
export { normaliseRetailRecord, tau2RetailToolKit } from './retail/index.ts';
