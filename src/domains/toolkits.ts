import type { ToolKit } from '../core/domain/types.ts';
import { airlineToolKit } from './airline/index.ts';
import { retailToolKit } from './retail/index.ts';

/** Tool sets over the reference schemas; a loaded database picks the one whose tables it has. */
export const builtInToolKits: readonly ToolKit[] = [retailToolKit, airlineToolKit];
