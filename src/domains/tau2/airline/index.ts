export {
  CABINS,
  FLIGHT_TYPES,
  flightModel,
  normaliseAirlineRecord,
  reservationModel,
  userModel,
} from './data-model.ts';
export { tau2AirlineToolKit } from './toolkit.ts';
