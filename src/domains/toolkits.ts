import type { ToolKit } from '../core/domain/types.ts';
import { airlineToolKit } from './airline/index.ts';
import { retailToolKit } from './retail/index.ts';
import { tau2AirlineToolKit, tau2RetailToolKit } from './tau2/index.ts';

/**
 * Tool sets over the reference schemas; a loaded database picks the one of its layout's flavour
 * (tau-bench or tau2) whose tables it has.
 */
export const builtInToolKits: readonly ToolKit[] = [
  retailToolKit,
  airlineToolKit,
  tau2RetailToolKit,
  tau2AirlineToolKit,
];
