export { BaseData, DeferredRecord, type Table } from './base-data.ts';
export { diffStates, type FieldChange, type RecordDiff, sameState } from './compare.ts';
export { tauBenchStateHash } from './hash.ts';
export { type Db, State, type StateSnapshot } from './state.ts';
export { tau2StateHash } from './tau2-hash.ts';
