import type { ExportManifest } from '../contracts/export-manifest.ts';
import { EXPORT_SCHEMA_VERSION } from '../contracts/export-rows.ts';
import type { Trajectory } from '../contracts/trajectory.ts';
import type { Domain } from '../core/domain/types.ts';
import { InputError, InternalError } from '../core/errors.ts';
import { VERSION } from '../version.ts';
import { datasetCard } from './card.ts';
import { EXPORT_FORMATS, type ExportFormatName, type RowOptions } from './format.ts';
import { Tau2ResultsWriter } from './formats/tau2-results.ts';
import { CARD_RULES, JSONL_FORMATS } from './registry.ts';
import {
  checkFilters,
  checkSplit,
  conversationDigest,
  type ExportFilters,
  needsAnnotations,
  rejection,
  type SplitOptions,
  splitOf,
} from './selection.ts';
import { DirectorySink, type ExportSink, type SinkFile } from './sink.ts';
import {
  type AnnotationsLike,
  type CatalogFilter,
  isStore,
  readTrajectories,
  type TrajectorySource,
} from './source.ts';

export interface ExportOptions extends Partial<RowOptions>, Partial<SplitOptions> {
  format: ExportFormatName;
  /** A store (`SessionStore`), or trajectories (objects or JSON text). */
  source: TrajectorySource;
  /** A folder, or a sink (an Azure container, …). */
  out: string | ExportSink;
  filters?: ExportFilters;
  /**
   * The store's list filters (as `GET /trajectories` takes them), when the source is a store: what the
   * trajectory list shows is what is exported. Kept in the manifest's filters as `catalog`.
   */
  catalog?: CatalogFilter;
  /** Replace an export already in the folder. */
  force?: boolean;
  /** `tau2-results`: the domain each trajectory was played on, for its task as tau2 writes it. */
  domain?: (name: string) => Promise<Domain | undefined>;
  /**
   * Reviewers' notes, for the annotation filters and tau2-results' `review`: by default the store's
   * (`source.annotations`) when the source is a store.
   */
  annotations?: AnnotationsLike;
  /** Called after each trajectory read. */
  onProgress?: (progress: { read: number; rows: number }) => void;
}

export interface ExportResult {
  manifest: ExportManifest;
  location: string;
}

const SPLITS = ['train', 'validation'] as const;
type Split = (typeof SPLITS)[number];

/**
 * Writes the selected trajectories as training or evaluation data in one format, streaming: one
 * trajectory is in memory at a time (plus what a format keeps per task). Every row is checked against
 * its schema and its consumer's rules as it is written; a manifest (counts, SHA-256 per file) and a
 * dataset card go with the files. Nothing appears at the destination unless the whole export worked.
 */
export async function exportTrajectories(options: ExportOptions): Promise<ExportResult> {
  if (!(EXPORT_FORMATS as readonly string[]).includes(options.format))
    throw new InputError(`unknown format "${options.format}": use one of ${EXPORT_FORMATS.join(', ')}`);
  const filters: ExportFilters = options.filters ?? {};
  checkFilters(filters);
  if (options.catalog !== undefined && Object.keys(options.catalog).length > 0 && !isStore(options.source))
    throw new InputError("the store's list filters need a store to read from, not a file of trajectories");
  const split: SplitOptions = { validation: options.validation ?? 0, seed: options.seed ?? 0 };
  checkSplit(split);
  const rowOptions: RowOptions = {
    granularity: options.granularity ?? 'episode',
    system: options.system ?? true,
    humanOnly: options.humanOnly ?? false,
    pairsAcrossEpisodes: options.pairsAcrossEpisodes ?? false,
    customerStrategies: options.customerStrategies ?? ['human'],
  };
  if (rowOptions.granularity !== 'episode' && rowOptions.granularity !== 'turn')
    throw new InputError(`--granularity must be episode or turn, got "${rowOptions.granularity}"`);
  if (options.format === 'tau2-results' && split.validation > 0)
    throw new InputError('tau2-results is one results file: it takes no --validation split');
  const sink = typeof options.out === 'string' ? new DirectorySink(options.out) : options.out;
  await sink.prepare({ force: options.force ?? false });
  try {
    const manifest = await write(options, filters, split, rowOptions, sink);
    await sink.commit();
    return { manifest, location: sink.location };
  } catch (error) {
    await sink.abort();
    throw error;
  }
}

interface Output {
  file: SinkFile;
  path: string;
  rows: number;
  tasks: Set<string>;
}

async function write(
  options: ExportOptions,
  filters: ExportFilters,
  split: SplitOptions,
  rowOptions: RowOptions,
  sink: ExportSink,
): Promise<ExportManifest> {
  const format = options.format;
  const jsonl = format === 'tau2-results' ? undefined : JSONL_FORMATS[format];
  const maker = jsonl?.create(rowOptions);
  const tau2 =
    format === 'tau2-results'
      ? new Tau2ResultsWriter({
          sigmaVersion: VERSION,
          ...(options.domain === undefined ? {} : { domain: options.domain }),
        })
      : undefined;
  const outputs = new Map<Split, Output>();
  const output = async (s: Split): Promise<Output> => {
    let out = outputs.get(s);
    if (out === undefined) {
      const path = tau2 === undefined ? `${s}.jsonl` : 'results.json';
      out = { file: sink.open(path), path, rows: 0, tasks: new Set() };
      outputs.set(s, out);
      if (tau2 !== undefined) await out.file.write(tau2.begin());
    }
    return out;
  };
  const excluded = new Map<string, number>();
  const versions = new Set<number>();
  const seen = new Set<string>();
  const dedupe = filters.dedupe ?? true;
  let read = 0;
  let selected = 0;
  let rows = 0;
  const domain = filters.domains?.length === 1 ? filters.domains[0] : undefined;
  const notes = notesOf(options, filters);
  const catalog = options.catalog ?? {};
  for await (const t of readTrajectories(options.source, {
    ...(domain === undefined ? {} : { domain }),
    catalog,
  })) {
    read++;
    const these = notes === undefined ? [] : await notes.list(t.id);
    const why = rejection(t, filters, these) ?? (dedupe && isRepeat(t, seen) ? 'duplicate' : undefined);
    if (why !== undefined) excluded.set(why, (excluded.get(why) ?? 0) + 1);
    else {
      selected++;
      versions.add(t.schemaVersion);
      const s = splitOf(t, split);
      if (tau2 !== undefined) {
        const text = await tau2.add(t, these);
        if (text !== undefined) {
          const out = await output(s);
          await out.file.write(text);
          out.rows++;
          out.tasks.add(t.task.id);
          rows++;
        }
      } else {
        const goal = jsonl!.agentSide ? JSON.stringify(t.task.instruction).slice(1, -1) : '';
        for (const row of maker!.rows(t)) {
          const line = JSON.stringify(row);
          checkRow(jsonl!, row, t);
          // The hidden goal is the customer's: an agent-side row that holds it is a bug; nothing is written.
          if (goal.length > 0 && line.includes(goal))
            throw new InternalError(
              `${jsonl!.name} row from trajectory ${t.id} holds the customer's hidden goal`,
            );
          const out = await output(s);
          await out.file.write(`${line}\n`);
          out.rows++;
          out.tasks.add(`${t.domain.name}/${t.task.split}/${t.task.id}`);
          rows++;
        }
      }
    }
    options.onProgress?.({ read, rows });
  }
  if (tau2 !== undefined) await (await output('train')).file.write(tau2.end());
  if (outputs.size === 0) await output('train');
  const files: ExportManifest['files'] = [];
  for (const s of SPLITS) {
    const out = outputs.get(s);
    if (out === undefined) continue;
    const { bytes, sha256 } = await out.file.close();
    files.push({ path: out.path, split: s, rows: out.rows, bytes, sha256 });
  }
  const manifest: ExportManifest = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    format,
    sigmaVersion: VERSION,
    trajectorySchemaVersions: [...versions].sort(),
    createdAt: new Date().toISOString(),
    filters: { ...filters, ...(Object.keys(catalog).length === 0 ? {} : { catalog: { ...catalog } }) },
    options: { ...rowOptions, validation: split.validation, seed: split.seed },
    counts: {
      read,
      selected,
      excluded: Object.fromEntries(excluded),
      noRow: Object.fromEntries(maker?.skipped ?? tau2?.skipped ?? []),
      rows,
      tasks: Object.fromEntries([...outputs].map(([s, o]) => [s, o.tasks.size])),
    },
    files,
  };
  const summary = jsonl?.summary ?? 'A tau2-bench results file (`info`, `tasks`, `simulations`)';
  await writeWhole(sink, 'manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  await writeWhole(sink, 'README.md', datasetCard(manifest, summary, CARD_RULES[format]));
  return manifest;
}

/** Where the notes come from, when the filters or the format use them. */
function notesOf(options: ExportOptions, filters: ExportFilters): AnnotationsLike | undefined {
  const wanted = needsAnnotations(filters) || options.format === 'tau2-results';
  if (!wanted) return undefined;
  const notes = options.annotations ?? (isStore(options.source) ? options.source.annotations : undefined);
  if (notes === undefined && needsAnnotations(filters))
    throw new InputError(
      'the annotation filters (annotated, ratings, excludeRatings, errorSources, errorTypes) read notes from a store: export from a store, or give `annotations`',
    );
  return notes;
}

function isRepeat(t: Trajectory, seen: Set<string>): boolean {
  const digest = conversationDigest(t);
  if (seen.has(digest)) return true;
  seen.add(digest);
  return false;
}

async function writeWhole(sink: ExportSink, name: string, text: string): Promise<void> {
  const file = sink.open(name);
  await file.write(text);
  await file.close();
}

/** A row that breaks its schema or its consumer's rules is a bug in the writer: nothing is written. */
function checkRow(
  format: (typeof JSONL_FORMATS)[keyof typeof JSONL_FORMATS],
  row: unknown,
  t: Trajectory,
): void {
  const parsed = format.schema.safeParse(row);
  const broken = parsed.success
    ? format.check?.(row)
    : `${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`;
  if (broken !== undefined)
    throw new InternalError(`${format.name} row from trajectory ${t.id} is not valid: ${broken}`);
}
