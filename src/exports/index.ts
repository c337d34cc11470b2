// Training and evaluation data out of Sigma: the formats, the export, the check.
export { type CheckReport, checkExport } from './check-export.ts';
export { type ExportOptions, type ExportResult, exportTrajectories } from './export-trajectories.ts';
export { EXPORT_FORMATS, type ExportFormatName } from './format.ts';
export { checkFilters, type ExportFilters } from './selection.ts';
export { DirectorySink, type ExportSink, type SinkFile, StreamSink } from './sink.ts';
export type { CatalogFilter } from './source.ts';
export {
  type AnnotationsLike,
  readTrajectories,
  type TrajectorySource,
  type TrajectoryStoreLike,
} from './source.ts';
