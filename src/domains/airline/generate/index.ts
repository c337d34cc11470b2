export { AIRPORTS, type Airport } from './airports.ts';
export { NOW, SCHEDULE_DATES, TODAY } from './calendar.ts';
export { airlinePolicy, airlineUserGuidelines } from './content.ts';
export {
  type AirlineDatabase,
  type AirlineDatabaseOptions,
  airlineDatabaseJson,
  generateAirlineDatabase,
} from './database.ts';
export { type AirlineDomainParts, buildAirlineDomain } from './domain.ts';
export { CABINS, type Cabin } from './flights.ts';
export { checkAirlineDatabase } from './invariants.ts';
export { FREE_BAGS, freeBags } from './rules.ts';
export { type AirlineTask, airlineTaskRecord } from './tasks/compose.ts';
export { AIRLINE_SCENARIOS, type AirlineTaskOptions, generateAirlineTasks } from './tasks/generate.ts';
export { validateAirlineTask } from './tasks/validate.ts';
export { type WriteAirlineOptions, type WrittenAirlineDomain, writeAirlineDomain } from './write.ts';
