import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import { readJsonFile } from '../../core/user-file.ts';
import { DEFAULT_BASE_URL, fetchData, listDomainFolders } from '../../fetch/fetch.ts';
import { type DataManifest, parseManifest, SOURCES, type SourceName } from '../../fetch/manifest.ts';
import { dataHome, domainsHome } from '../../registry/data-home.ts';
import { pc, pcErr } from '../colour.ts';
import { fittedTable } from '../table.ts';

interface FetchCliOptions {
  domain?: string;
  home?: string;
  baseUrl?: string;
  force?: boolean;
}

interface ListCliOptions {
  home?: string;
  json?: boolean;
}

function domainsDirFor(home: string | undefined): string {
  return domainsHome(home !== undefined ? resolve(home) : dataHome(process.env));
}

/** `SIGMA_DATA_MANIFEST` names a manifest JSON file replacing the built-in pins (mirrors, tests). */
function manifestFromEnv(): DataManifest | undefined {
  const file = process.env.SIGMA_DATA_MANIFEST;
  if (file === undefined || file === '') return undefined;
  return parseManifest(readJsonFile(file), file);
}

function formatTasks(tasks: Record<string, number>): string {
  return Object.entries(tasks)
    .map(([split, n]) => `${split} ${n}`)
    .join(', ');
}

const FETCH_HELP = `
Downloads the official data of tau-bench (sierra-research/tau-bench) or tau2 (sierra-research/tau2-bench)
at a pinned commit, checks every file against its pin (SHA-256; tau2's airline database by its length
and git blob id), converts tau-bench's Python task
files to JSON (without running them), and writes one folder per domain: <home>/domains/<domain>@<source>.

Examples:
  sigma data fetch tau-bench                      # retail@tau-bench and airline@tau-bench
  sigma data fetch tau2                           # retail@tau2 and airline@tau2
  sigma data fetch tau2 --domain retail           # retail@tau2 only
  sigma data fetch tau-bench --force              # replace folders fetched before
  sigma data fetch tau-bench --home ./sigma-home --base-url https://mirror.example.com/raw

Environment:
  SIGMA_HOME            the data home (default: $XDG_DATA_HOME/sigma, else ~/.local/share/sigma)
  SIGMA_DATA_BASE_URL   the same as --base-url: a mirror serving /<owner>/<repo>/<commit>/<path>
  SIGMA_DATA_MANIFEST   a JSON manifest replacing the built-in pins (for mirrors and tests)

Then: sigma --env retail@tau-bench ... loads the fetched domain. See docs/data-sources.md.`;

export function registerData(program: Command): void {
  const data = program
    .command('data')
    .description(
      'Fetch the official tau-bench and tau2 domains into the data home, and list fetched domains',
    );

  data
    .command('fetch')
    .description('Download, check and convert the official domains of a source (tau-bench or tau2)')
    .argument('<source>', `where the data comes from: ${SOURCES.join(' or ')}`)
    .option('--domain <name>', 'fetch only this domain: retail or airline (default: both)')
    .option('--home <dir>', 'data home to write into (default: $SIGMA_HOME, else $XDG_DATA_HOME/sigma)')
    .option(
      '--base-url <url>',
      `download from this mirror (default: $SIGMA_DATA_BASE_URL, else ${DEFAULT_BASE_URL})`,
    )
    .option('--force', 'replace domain folders that already exist')
    .addHelpText('after', FETCH_HELP)
    .action(async (source: string, options: FetchCliOptions) => {
      if (!(SOURCES as readonly string[]).includes(source)) {
        throw new InputError(`unknown source "${source}"; choose one of: ${SOURCES.join(', ')}`);
      }
      const domainsDir = domainsDirFor(options.home);
      const envBase = process.env.SIGMA_DATA_BASE_URL;
      const baseUrl = options.baseUrl ?? (envBase !== undefined && envBase !== '' ? envBase : undefined);
      const fetched = await fetchData({
        source: source as SourceName,
        domainsDir,
        ...(options.domain === undefined ? {} : { domains: [options.domain] }),
        ...(baseUrl === undefined ? {} : { baseUrl }),
        force: options.force === true,
        ...(() => {
          const manifest = manifestFromEnv();
          return manifest === undefined ? {} : { manifest };
        })(),
        onProgress: (line) => process.stderr.write(`${pcErr.dim(line)}\n`),
      });
      const first = fetched[0];
      const from = first === undefined ? source : `${first.repository}@${first.commit.slice(0, 12)}`;
      process.stdout.write(
        `${pc.green(`Fetched ${fetched.length} domain${fetched.length === 1 ? '' : 's'}`)} from ${from} into ${domainsDir}\n`,
      );
      for (const d of fetched) {
        process.stdout.write(`  ${pc.bold(d.name)}  tasks: ${formatTasks(d.tasks)}  ${d.dir}\n`);
      }
    });

  data
    .command('list')
    .description('List the domain folders in the data home, with where fetched ones came from')
    .option('--home <dir>', 'data home to look in (default: $SIGMA_HOME, else $XDG_DATA_HOME/sigma)')
    .option('--json', 'print the list as JSON')
    .addHelpText('after', '\nExample:\n  sigma data list\n  sigma data list --home ./sigma-home --json')
    .action((options: ListCliOptions) => {
      const domainsDir = domainsDirFor(options.home);
      const folders = listDomainFolders(domainsDir);
      if (options.json) {
        const rows = folders.map((f) => ({
          name: f.name,
          path: f.dir,
          source: f.provenance?.source ?? null,
          repository: f.provenance?.repository ?? null,
          commit: f.provenance?.commit ?? null,
          fetchedAt: f.provenance?.fetchedAt ?? null,
        }));
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (folders.length === 0) {
        process.stdout.write(
          `No domains in ${domainsDir} yet. Fetch some with: sigma data fetch tau-bench\n`,
        );
        return;
      }
      const rows: string[][] = [];
      for (const f of folders) {
        const p = f.provenance;
        rows.push([
          f.name,
          p === undefined ? '-' : `${p.source} (${p.repository})`,
          p === undefined ? '-' : p.commit.slice(0, 12),
          p === undefined ? '-' : p.fetchedAt.slice(0, 19).replace('T', ' '),
          f.dir,
        ]);
      }
      process.stdout.write(`${fittedTable(['domain', 'source', 'commit', 'fetched', 'path'], rows)}\n`);
    });
}
