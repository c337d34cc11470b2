import { type PyDict, pyDumps } from '../../../core/python/index.ts';
import type { ToolDefinition } from '../../../core/tools/tool.ts';

/** The airports the airline serves, in the order the reference lists them; not part of the data tables. */
const AIRPORTS: Readonly<PyDict> = Object.freeze({
  SFO: 'San Francisco',
  JFK: 'New York',
  LAX: 'Los Angeles',
  ORD: 'Chicago',
  DFW: 'Dallas',
  DEN: 'Denver',
  SEA: 'Seattle',
  ATL: 'Atlanta',
  MIA: 'Miami',
  BOS: 'Boston',
  PHX: 'Phoenix',
  IAH: 'Houston',
  LAS: 'Las Vegas',
  MCO: 'Orlando',
  EWR: 'Newark',
  CLT: 'Charlotte',
  MSP: 'Minneapolis',
  DTW: 'Detroit',
  PHL: 'Philadelphia',
  LGA: 'LaGuardia',
});

export const listAllAirportsTool: ToolDefinition = {
  name: 'list_all_airports',
  description: 'List the IATA codes of all airports the airline serves, with their cities.',
  access: 'read',
  parameters: { type: 'object', properties: {}, required: [] },
  invoke: () => pyDumps(AIRPORTS as PyDict),
};
