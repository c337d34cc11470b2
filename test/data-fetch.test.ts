import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDomainFolder } from '../src/core/domain/loaders/index.ts';
import { InputError } from '../src/core/errors.ts';
import { expectedStateHash } from '../src/core/flavours/tau-bench/index.ts';
import { parsePyJson } from '../src/core/python/index.ts';
import { builtInToolKits } from '../src/domains/toolkits.ts';
import { ChecksumError, DownloadError, fetchData, gitBlobId, listDomainFolders } from '../src/fetch/fetch.ts';
import { type DataManifest, PINNED_MANIFEST, type PinnedFile, parseManifest } from '../src/fetch/manifest.ts';
import { type WriterTask, writeTauBenchTaskModule } from './support/python-literal-writer.ts';
import { runCliAsync } from './support/run-cli-async.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';
import { closedPort, type StaticServer, startStaticServer } from './support/static-server.ts';

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const TB_REPO = 'sierra-research/tau-bench';
const TAU2_REPO = 'sierra-research/tau2-bench';

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** tau-bench's published Python task file, written at test time from the shared JSON tasks. */
function taskModule(file: string, variable: string): string {
  const tasks = parsePyJson(readFileSync(file, 'utf8')) as unknown as WriterTask[];
  return writeTauBenchTaskModule(variable, tasks);
}

interface Fixture {
  files: Map<string, Uint8Array | string>;
  manifest: DataManifest;
}

/**
 * What a fake raw.githubusercontent.com serves, built from ../shared/data when the test starts (the
 * JSON tables and policies as they are, task files generated in tau-bench's Python format), and a
 * manifest with the hashes of exactly those bytes.
 */
function buildFixture(): Fixture {
  const files = new Map<string, Uint8Array | string>();
  const pinned = (repo: string, path: string, target: string, body: Uint8Array | string): PinnedFile => {
    files.set(`/${repo}/${COMMIT}/${path}`, body);
    return { path, target, convert: 'copy', sha256: sha256(body) };
  };
  const tasks = (domain: string, split: string, variable: string): PinnedFile => {
    const json = shared('tau-bench', domain, `tasks_${split}.json`);
    const path = `tau_bench/envs/${domain}/tasks_${split}.py`;
    const body = taskModule(json, variable);
    files.set(`/${TB_REPO}/${COMMIT}/${path}`, body);
    return {
      path,
      target: `tasks_${split}.json`,
      convert: 'tau-bench-tasks',
      sha256: sha256(body),
      targetSha256: sha256(readFileSync(json)),
    };
  };
  const tb = (domain: string, table: string) =>
    pinned(
      TB_REPO,
      `tau_bench/envs/${domain}/data/${table}.json`,
      `${table}.json`,
      readFileSync(shared('tau-bench', domain, `${table}.json`)),
    );
  const wiki = (domain: string) =>
    pinned(
      TB_REPO,
      `tau_bench/envs/${domain}/wiki.md`,
      'policy.md',
      readFileSync(shared('tau-bench', domain, 'policy.md')),
    );
  const tau2 = (name: string, domain = 'retail') =>
    pinned(
      TAU2_REPO,
      `data/tau2/domains/${domain}/${name}`,
      name,
      readFileSync(shared('tau2', domain, name)),
    );
  // The airline database is pinned as upstream's is, by length and git blob id (of the file served).
  const airlineDb = (): PinnedFile => {
    const body = readFileSync(shared('tau2', 'airline', 'db.json'));
    const path = 'data/tau2/domains/airline/db.json';
    files.set(`/${TAU2_REPO}/${COMMIT}/${path}`, body);
    return {
      path,
      target: 'db.json',
      convert: 'copy',
      gitBlob: { bytes: body.length, sha1: gitBlobId(body) },
    };
  };
  return {
    files,
    manifest: {
      'tau-bench': {
        repository: TB_REPO,
        commit: COMMIT,
        domains: {
          retail: [
            tb('retail', 'users'),
            tb('retail', 'orders'),
            tb('retail', 'products'),
            wiki('retail'),
            tasks('retail', 'test', 'TASKS_TEST'),
            tasks('retail', 'dev', 'TASKS_DEV'),
            tasks('retail', 'train', 'TASKS_TRAIN'),
          ],
          airline: [
            tb('airline', 'users'),
            tb('airline', 'flights'),
            tb('airline', 'reservations'),
            wiki('airline'),
            tasks('airline', 'test', 'TASKS'),
          ],
        },
      },
      tau2: {
        repository: TAU2_REPO,
        commit: COMMIT,
        domains: {
          retail: [tau2('db.json'), tau2('tasks.json'), tau2('split_tasks.json'), tau2('policy.md')],
          airline: [
            airlineDb(),
            tau2('tasks.json', 'airline'),
            tau2('split_tasks.json', 'airline'),
            tau2('policy.md', 'airline'),
          ],
        },
      },
    },
  };
}

const tmp = mkdtempSync(join(tmpdir(), 'sigma-data-fetch-'));
let counter = 0;
function freshHome(): string {
  return join(tmp, `home${counter++}`);
}

/** The manifest with one file's pinned hash replaced. */
function withHash(
  manifest: DataManifest,
  source: 'tau-bench' | 'tau2',
  domain: string,
  path: string,
  patch: Partial<PinnedFile>,
): DataManifest {
  const copy = structuredClone(manifest);
  const file = copy[source]!.domains[domain]!.find((f) => f.path === path)!;
  Object.assign(file, patch);
  return copy;
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(noSharedData)(`sigma data fetch (${skipReason})`, () => {
  let fixture: Fixture;
  let server: StaticServer;

  beforeAll(async () => {
    fixture = buildFixture();
    server = await startStaticServer(fixture.files);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fetches tau-bench: tasks converted byte for byte, folders load, ground truth replays', async () => {
    const domainsDir = join(freshHome(), 'domains');
    const progress: string[] = [];
    const fetched = await fetchData({
      source: 'tau-bench',
      domainsDir,
      baseUrl: server.url,
      manifest: fixture.manifest,
      onProgress: (line) => progress.push(line),
      now: () => new Date('2026-11-25T10:00:00Z'),
    });
    expect(fetched.map((f) => [f.name, f.tasks])).toEqual([
      ['retail@tau-bench', { dev: 20, test: 115, train: 500 }],
      ['airline@tau-bench', { test: 50 }],
    ]);
    expect(progress.some((l) => l.includes('tasks_test.py'))).toBe(true);
    for (const [domain, splits] of [
      ['retail', ['test', 'dev', 'train']],
      ['airline', ['test']],
    ] as const) {
      const dir = join(domainsDir, `${domain}@tau-bench`);
      for (const split of splits) {
        // Byte-identical, so also equal as parsed data with ints and floats kept apart.
        expect(readFileSync(join(dir, `tasks_${split}.json`), 'utf8')).toBe(
          readFileSync(shared('tau-bench', domain, `tasks_${split}.json`), 'utf8'),
        );
      }
      expect(readFileSync(join(dir, 'policy.md'))).toEqual(
        readFileSync(shared('tau-bench', domain, 'policy.md')),
      );
      const provenance = JSON.parse(readFileSync(join(dir, 'source.json'), 'utf8'));
      expect(provenance).toMatchObject({
        source: 'tau-bench',
        domain,
        repository: TB_REPO,
        commit: COMMIT,
        baseUrl: server.url,
        fetchedAt: '2026-11-25T10:00:00.000Z',
      });
      expect(provenance.files.find((f: { target: string }) => f.target === 'tasks_test.json')).toMatchObject({
        path: `tau_bench/envs/${domain}/tasks_test.py`,
        url: `${server.url}/${TB_REPO}/${COMMIT}/tau_bench/envs/${domain}/tasks_test.py`,
        convert: 'tau-bench-tasks',
      });

      const fetchedDomain = await loadDomainFolder(dir, builtInToolKits);
      const reference = await loadDomainFolder(shared('tau-bench', domain), builtInToolKits);
      const tasks = fetchedDomain.tasks.get('test')!;
      const refTasks = reference.tasks.get('test')!;
      for (const index of [0, 5, 17]) {
        expect(expectedStateHash(fetchedDomain, tasks[index]!)).toBe(
          expectedStateHash(reference, refTasks[index]!),
        );
      }
    }
    expect(readdirSync(domainsDir).sort()).toEqual(['airline@tau-bench', 'retail@tau-bench']);
  });

  it('fetches both tau2 domains as published, the airline database checked by its git blob id, and they load', async () => {
    const domainsDir = join(freshHome(), 'domains');
    const [retail, airline] = await fetchData({
      source: 'tau2',
      domainsDir,
      baseUrl: server.url,
      manifest: fixture.manifest,
    });
    expect(retail!.name).toBe('retail@tau2');
    expect(retail!.tasks).toMatchObject({ base: 114, train: 74, test: 40 });
    expect(airline!.name).toBe('airline@tau2');
    expect(airline!.tasks).toMatchObject({ base: 50, train: 30, test: 20 });
    for (const fetched of [retail!, airline!]) {
      const domain = fetched.domain;
      for (const name of ['db.json', 'tasks.json', 'split_tasks.json', 'policy.md']) {
        expect(sha256(readFileSync(join(fetched.dir, name)))).toBe(
          sha256(readFileSync(shared('tau2', domain, name))),
        );
      }
    }
    const played = await loadDomainFolder(airline!.dir, builtInToolKits);
    expect(played.flavour.name).toBe('tau2');
    expect(played.tools.has('get_flight_status')).toBe(true);
    const provenance = JSON.parse(readFileSync(join(airline!.dir, 'source.json'), 'utf8'));
    const db = provenance.files.find((f: { target: string }) => f.target === 'db.json');
    expect(db).toMatchObject({
      bytes: 7_042_714,
      gitBlob: gitBlobId(readFileSync(shared('tau2', 'airline', 'db.json'))),
    });
    expect(listDomainFolders(domainsDir).map((f) => [f.name, f.provenance?.commit])).toEqual([
      ['airline@tau2', COMMIT],
      ['retail@tau2', COMMIT],
    ]);
  });

  it('stops when the airline database has another length or git blob id than pinned, leaving nothing', async () => {
    const domainsDir = join(freshHome(), 'domains');
    const path = 'data/tau2/domains/airline/db.json';
    const served = fixture.manifest.tau2!.domains.airline!.find((f) => f.path === path)!.gitBlob!;
    const options = { source: 'tau2' as const, domains: ['airline'], domainsDir, baseUrl: server.url };
    // The real pin: upstream's blob id, of the same length as the shared rebuild that is served here.
    const upstream = PINNED_MANIFEST.tau2!.domains.airline!.find((f) => f.path === path)!.gitBlob!;
    expect(upstream.bytes).toBe(served.bytes);
    const wrongId = fetchData({
      ...options,
      manifest: withHash(fixture.manifest, 'tau2', 'airline', path, { gitBlob: upstream }),
    });
    await expect(wrongId).rejects.toThrow(ChecksumError);
    await expect(wrongId).rejects.toThrow(
      `checksum mismatch for ${path} (downloaded from ${server.url}/${TAU2_REPO}/${COMMIT}/${path}): expected git blob ${upstream.sha1}, got ${served.sha1}`,
    );
    const wrongLength = fetchData({
      ...options,
      manifest: withHash(fixture.manifest, 'tau2', 'airline', path, {
        gitBlob: { ...served, bytes: 7_042_725 },
      }),
    });
    await expect(wrongLength).rejects.toThrow(`expected length 7042725 bytes, got ${served.bytes} bytes`);
    expect(readdirSync(domainsDir)).toEqual([]);
  });

  it('refuses to replace an existing folder without force, and replaces it with force', async () => {
    const domainsDir = join(freshHome(), 'domains');
    const options = {
      source: 'tau-bench' as const,
      domains: ['airline'],
      domainsDir,
      baseUrl: server.url,
      manifest: fixture.manifest,
    };
    await fetchData({ ...options, now: () => new Date('2026-01-01T00:00:00Z') });
    const provenance = join(domainsDir, 'airline@tau-bench', 'source.json');
    const before = readFileSync(provenance, 'utf8');
    const refusal = fetchData(options);
    await expect(refusal).rejects.toThrow(InputError);
    await expect(refusal).rejects.toThrow(/airline@tau-bench already exists; run again with --force/);
    expect(readFileSync(provenance, 'utf8')).toBe(before);
    await fetchData({ ...options, force: true, now: () => new Date('2026-02-02T00:00:00Z') });
    expect(JSON.parse(readFileSync(provenance, 'utf8')).fetchedAt).toBe('2026-02-02T00:00:00.000Z');
    expect(readdirSync(domainsDir)).toEqual(['airline@tau-bench']);
  });

  it('stops on a checksum mismatch of a download or of a converted file, leaving nothing', async () => {
    const domainsDir = join(freshHome(), 'domains');
    const wrong = 'f'.repeat(64);
    const path = 'tau_bench/envs/airline/data/flights.json';
    const actual = fixture.manifest['tau-bench']!.domains.airline!.find((f) => f.path === path)!.sha256;
    const failure = fetchData({
      source: 'tau-bench',
      domains: ['airline'],
      domainsDir,
      baseUrl: server.url,
      manifest: withHash(fixture.manifest, 'tau-bench', 'airline', path, { sha256: wrong }),
    });
    await expect(failure).rejects.toThrow(ChecksumError);
    await expect(failure).rejects.toThrow(`checksum mismatch for ${path}`);
    await expect(failure).rejects.toThrow(`expected SHA-256 ${wrong}, got ${actual}`);
    expect(readdirSync(domainsDir)).toEqual([]);

    const tasks = 'tau_bench/envs/airline/tasks_test.py';
    const converted = fetchData({
      source: 'tau-bench',
      domains: ['airline'],
      domainsDir,
      baseUrl: server.url,
      manifest: withHash(fixture.manifest, 'tau-bench', 'airline', tasks, { targetSha256: wrong }),
    });
    await expect(converted).rejects.toThrow(
      `checksum mismatch for ${tasks} (after conversion to tasks_test.json)`,
    );
    expect(readdirSync(domainsDir)).toEqual([]);
  });

  it('names the URL when the server answers 404 or nothing listens, leaving nothing', async () => {
    const domainsDir = join(freshHome(), 'domains');
    const missing = withHash(fixture.manifest, 'tau2', 'retail', 'data/tau2/domains/retail/policy.md', {
      path: 'data/tau2/domains/retail/no-such-policy.md',
    });
    const notFound = fetchData({ source: 'tau2', domainsDir, baseUrl: server.url, manifest: missing });
    await expect(notFound).rejects.toThrow(DownloadError);
    await expect(notFound).rejects.toThrow(
      `could not download ${server.url}/${TAU2_REPO}/${COMMIT}/data/tau2/domains/retail/no-such-policy.md: HTTP 404`,
    );
    expect(readdirSync(domainsDir)).toEqual([]);

    const port = await closedPort();
    const refused = fetchData({
      source: 'tau2',
      domainsDir,
      baseUrl: `http://127.0.0.1:${port}`,
      manifest: fixture.manifest,
    });
    await expect(refused).rejects.toThrow(DownloadError);
    await expect(refused).rejects.toThrow(
      new RegExp(
        `could not download http://127\\.0\\.0\\.1:${port}/${TAU2_REPO}/${COMMIT}/\\S+: .*ECONNREFUSED`,
      ),
    );
    expect(readdirSync(domainsDir)).toEqual([]);
  });

  describe('through the sigma command', () => {
    let manifestFile: string;
    let env: Record<string, string>;
    beforeAll(() => {
      manifestFile = join(tmp, 'manifest.json');
      writeFileSync(manifestFile, JSON.stringify(fixture.manifest, null, 2));
      env = {
        SIGMA_DATA_BASE_URL: server.url,
        SIGMA_DATA_MANIFEST: manifestFile,
        SIGMA_HOME: join(tmp, 'unused'),
      };
    });

    it('fetches, lists, refuses to overwrite, and replaces with --force', async () => {
      const home = freshHome();
      const args = ['data', 'fetch', 'tau-bench', '--domain', 'airline', '--home', home];
      const first = await runCliAsync(args, { env });
      expect(first.stderr).toContain('tau_bench/envs/airline/tasks_test.py');
      expect(first.status).toBe(0);
      expect(first.stdout).toContain(`Fetched 1 domain from ${TB_REPO}@${COMMIT.slice(0, 12)}`);
      expect(first.stdout).toMatch(/airline@tau-bench\s+tasks: test 50/);
      const dir = join(home, 'domains', 'airline@tau-bench');
      expect(readFileSync(join(dir, 'tasks_test.json'), 'utf8')).toBe(
        readFileSync(shared('tau-bench', 'airline', 'tasks_test.json'), 'utf8'),
      );

      const list = await runCliAsync(['data', 'list', '--home', home, '--json'], { env });
      expect(list.status).toBe(0);
      expect(JSON.parse(list.stdout)).toEqual([
        expect.objectContaining({
          name: 'airline@tau-bench',
          source: 'tau-bench',
          commit: COMMIT,
          path: dir,
        }),
      ]);
      const table = await runCliAsync(['data', 'list', '--home', home], { env });
      expect(table.stdout).toContain('airline@tau-bench');
      expect(table.stdout).toContain(COMMIT.slice(0, 12));

      const before = readFileSync(join(dir, 'source.json'), 'utf8');
      const again = await runCliAsync(args, { env });
      expect(again.status).toBe(2);
      expect(again.stderr).toContain(`${dir} already exists; run again with --force to replace it`);
      expect(again.stderr.trim().split('\n')).toHaveLength(1);
      expect(readFileSync(join(dir, 'source.json'), 'utf8')).toBe(before);

      const forced = await runCliAsync([...args, '--force'], { env });
      expect(forced.status).toBe(0);
      expect(JSON.parse(readFileSync(join(dir, 'source.json'), 'utf8')).fetchedAt).not.toBe(
        JSON.parse(before).fetchedAt,
      );
      expect(readdirSync(join(home, 'domains'))).toEqual(['airline@tau-bench']);
    });

    it('checks every download against the manifest and leaves nothing on a mismatch', async () => {
      const home = freshHome();
      const path = 'tau_bench/envs/airline/data/reservations.json';
      const bad = join(tmp, 'bad-manifest.json');
      const wrong = '0'.repeat(64);
      writeFileSync(
        bad,
        JSON.stringify(withHash(fixture.manifest, 'tau-bench', 'airline', path, { sha256: wrong })),
      );
      const run = await runCliAsync(['data', 'fetch', 'tau-bench', '--domain', 'airline', '--home', home], {
        env: { ...env, SIGMA_DATA_MANIFEST: bad },
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`checksum mismatch for ${path}`);
      expect(run.stderr).toContain(
        `expected SHA-256 ${wrong}, got ${sha256(fixture.files.get(`/${TB_REPO}/${COMMIT}/${path}`)!)}`,
      );
      expect(readdirSync(join(home, 'domains'))).toEqual([]);
    });

    it('reports a refused connection and an unknown source or domain as one clear line', async () => {
      const home = freshHome();
      const port = await closedPort();
      const refused = await runCliAsync(
        ['data', 'fetch', 'tau2', '--home', home, '--base-url', `http://127.0.0.1:${port}`],
        { env },
      );
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(
        new RegExp(`could not download http://127\\.0\\.0\\.1:${port}/\\S+: .*ECONNREFUSED`),
      );
      expect(existsSync(join(home, 'domains')) ? readdirSync(join(home, 'domains')) : []).toEqual([]);

      const unknown = await runCliAsync(['data', 'fetch', 'tau3', '--home', home], { env });
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('unknown source "tau3"; choose one of: tau-bench, tau2');
      const domain = await runCliAsync(['data', 'fetch', 'tau2', '--domain', 'telecom', '--home', home], {
        env,
      });
      expect(domain.status).toBe(2);
      expect(domain.stderr).toContain('tau2 has no domain "telecom"; choose one of: retail, airline');
    });
  });
});

describe('the pinned manifest', () => {
  it('is valid, pins full commits, and checks every file', () => {
    expect(parseManifest(JSON.parse(JSON.stringify(PINNED_MANIFEST)), 'pinned')).toEqual(PINNED_MANIFEST);
    expect(PINNED_MANIFEST['tau-bench']!.commit).toBe('59a200c6d575d595120f1cb70fea53cef0632f6b');
    expect(PINNED_MANIFEST.tau2!.commit).toBe('672227c6b6676edc20d57ea53b7000262aae77b9');
    for (const source of Object.values(PINNED_MANIFEST)) {
      expect(Object.keys(source!.domains).sort()).toEqual(['airline', 'retail']);
    }
  });

  it('rejects a manifest file that does not check a file', () => {
    const broken = {
      tau2: { repository: TAU2_REPO, commit: COMMIT, domains: { retail: [{ path: 'a', target: 'b' }] } },
    };
    expect(() => parseManifest(broken, 'm.json')).toThrow(
      'm.json: invalid data manifest at tau2.domains.retail.0: needs sha256 (of the download), targetSha256 (of the written file) or gitBlob',
    );
  });

  it.skipIf(noSharedData)('agrees with the shared reference copies of the data', () => {
    const tb = PINNED_MANIFEST['tau-bench']!.domains;
    for (const [domain, files] of Object.entries(tb)) {
      for (const f of files) {
        const expected = sha256(readFileSync(shared('tau-bench', domain, f.target)));
        expect([f.target, f.convert === 'copy' ? f.sha256 : f.targetSha256]).toEqual([f.target, expected]);
      }
    }
    for (const f of PINNED_MANIFEST.tau2!.domains.retail!) {
      expect(f.sha256).toBe(sha256(readFileSync(shared('tau2', 'retail', f.target))));
    }
    for (const f of PINNED_MANIFEST.tau2!.domains.airline!.filter((x) => x.target !== 'db.json')) {
      expect(f.sha256).toBe(sha256(readFileSync(shared('tau2', 'airline', f.target))));
    }
    // The shared airline database is a rebuild: upstream's length, another blob id.
    const db = PINNED_MANIFEST.tau2!.domains.airline!.find((x) => x.target === 'db.json')!;
    const rebuilt = readFileSync(shared('tau2', 'airline', 'db.json'));
    expect(db.gitBlob!.bytes).toBe(rebuilt.length);
    expect(gitBlobId(rebuilt)).toMatch(/^a1ed5cae/);
  });

  it("pins upstream's airline database by its length and git blob id, computed as git does", () => {
    const db = PINNED_MANIFEST.tau2!.domains.airline!.find((x) => x.target === 'db.json')!;
    expect(db).toEqual({
      path: 'data/tau2/domains/airline/db.json',
      target: 'db.json',
      convert: 'copy',
      gitBlob: { bytes: 7_042_714, sha1: 'c6a1e817aa9102c5822e83affb3595acbc312701' },
    });
    // `printf 'hello\n' | git hash-object --stdin` and the empty blob.
    expect(gitBlobId(Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(gitBlobId(Buffer.alloc(0))).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
    expect(() =>
      parseManifest(
        {
          tau2: {
            repository: TAU2_REPO,
            commit: COMMIT,
            domains: { airline: [{ ...db, gitBlob: { bytes: 1, sha1: 'xyz' } }] },
          },
        },
        'm.json',
      ),
    ).toThrow(
      'm.json: invalid data manifest at tau2.domains.airline.0.gitBlob.sha1: must be 40 lowercase hex digits',
    );
  });
});
