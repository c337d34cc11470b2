import { TrajectorySchema } from '../../contracts/trajectory.ts';
import type { JsonLinesFormat, RowMaker } from '../format.ts';

/** The canonical trajectories as they are stored, one per line (each carries its `schemaVersion`). */
export const raw: JsonLinesFormat = {
  kind: 'jsonl',
  name: 'raw',
  summary: 'Sigma trajectories as recorded (versioned by `schemaVersion`), one per line',
  agentSide: false,
  schema: TrajectorySchema,
  create(): RowMaker {
    return { skipped: new Map(), rows: (t) => [t] };
  },
};
