import { z } from 'zod';

/** What every export writes beside its files (`manifest.json`): how it was made and what it holds. */
export const ExportManifestSchema = z.object({
  /** The export row schemas' version (`EXPORT_SCHEMA_VERSION`). */
  schemaVersion: z.literal(1),
  format: z.string(),
  sigmaVersion: z.string(),
  /** The trajectory schema versions of the records read. */
  trajectorySchemaVersions: z.array(z.number().int()),
  createdAt: z.string(),
  filters: z.record(z.string(), z.unknown()),
  options: z.record(z.string(), z.unknown()),
  counts: z.object({
    /** Trajectories read from the source. */
    read: z.number().int().nonnegative(),
    /** Trajectories that passed the filters (after de-duplication). */
    selected: z.number().int().nonnegative(),
    /** Why the others were left out, by reason. */
    excluded: z.record(z.string(), z.number().int().nonnegative()),
    /** Selected trajectories that gave no row, by reason. */
    noRow: z.record(z.string(), z.number().int().nonnegative()),
    rows: z.number().int().nonnegative(),
    /** Tasks per split (a task is in one split only). */
    tasks: z.record(z.string(), z.number().int().nonnegative()),
  }),
  files: z.array(
    z.object({
      path: z.string(),
      split: z.string(),
      rows: z.number().int().nonnegative(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    }),
  ),
});

export type ExportManifest = z.infer<typeof ExportManifestSchema>;
