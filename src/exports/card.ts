import type { ExportManifest } from '../contracts/export-manifest.ts';

/**
 * The dataset card (`README.md`): a YAML header in the form Hugging Face `datasets` reads
 * (`configs` → `data_files` per split), so `load_dataset("json", data_dir=DIR)` or loading the folder
 * finds the splits, and a few lines on what the rows are and how they were selected.
 */
export function datasetCard(manifest: ExportManifest, summary: string, rules: string): string {
  const jsonl = manifest.files.filter((f) => f.path.endsWith('.jsonl'));
  const documents = manifest.files.filter((f) => f.path.endsWith('.json'));
  const yaml = ['---', 'configs:', '- config_name: default', '  data_files:'];
  for (const f of [...jsonl, ...documents]) yaml.push(`  - split: ${f.split}`, `    path: ${f.path}`);
  if (jsonl.length === 0 && documents.length > 0) yaml.push('  field: simulations');
  yaml.push('tags:', '- sigma-simulator', `- ${manifest.format}`, '---');
  const files = manifest.files.map(
    (f) => `| \`${f.path}\` | ${f.split} | ${f.rows} | \`${f.sha256.slice(0, 16)}…\` |`,
  );
  return `${yaml.join('\n')}

# Sigma export: ${manifest.format}

${summary}. Made by Sigma ${manifest.sigmaVersion} on ${manifest.createdAt} from ${manifest.counts.selected} of ${manifest.counts.read} recorded conversations (row schema version ${manifest.schemaVersion}; filters and counts in \`manifest.json\`).

${rules}

| file | split | rows | SHA-256 |
|---|---|---|---|
${files.join('\n')}

Splits are by task: no task is in both. Check the files with \`sigma export --check <this folder>\`.
`;
}
