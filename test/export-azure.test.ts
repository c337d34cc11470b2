// Azure Blob storage against azurite (from npm, in memory, started here): `sigma serve` archives every
// finished trajectory as a blob named by domain and date; a blob service that cuts the upload midway
// loses nothing (the trajectory is in the store, and the upload is retried until it lands); and
// `sigma export --out azure://container/prefix` writes an export there.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Azurite, connectionString, FlakyRelay, startAzurite } from './support/azurite.ts';
import { runCli } from './support/run-cli.ts';
import { call } from './support/server-harness.ts';
import { type ServerProcess, spawnServer } from './support/server-process.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

const dir = tempDir('export-azure');
const store = `sqlite:${join(dir, 'sigma.db')}`;
let azurite: Azurite;
let relay: FlakyRelay;
let server: ServerProcess;

beforeAll(async () => {
  azurite = await startAzurite();
  relay = new FlakyRelay(azurite.port);
  await relay.start();
  server = await spawnServer(
    [
      '--store',
      store,
      '--data',
      join(repoRoot, 'test/fixtures/domains/mini-shop'),
      '--archive',
      'azure://sigma-archive/runs',
    ],
    { SIGMA_HOME: join(dir, 'home'), AZURE_STORAGE_CONNECTION_STRING: connectionString(relay.port) },
  );
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await relay?.stop();
  await azurite?.stop();
});

const blobs = () => BlobServiceClient.fromConnectionString(connectionString(azurite.port));

async function blobText(container: string, name: string): Promise<string> {
  const body = await blobs().getContainerClient(container).getBlobClient(name).downloadToBuffer();
  return body.toString('utf8');
}

async function names(container: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  const client = blobs().getContainerClient(container);
  if (!(await client.exists())) return out;
  for await (const blob of client.listBlobsFlat({ prefix })) out.push(blob.name);
  return out;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

async function finishedEpisode(): Promise<string> {
  const post = async (path: string, body: unknown = {}) => {
    const r = await call(server.url, 'POST', path, { body });
    expect(r.status, r.text).toBeLessThan(300);
    return r.json;
  };
  const { id } = await post('/sessions', { envName: 'mini-shop', taskIndex: 0, userStrategy: 'scripted' });
  await post(`/sessions/${id}/start`);
  await post(`/sessions/${id}/tool`, { name: 'get_order', arguments: { order_id: 'o100' } });
  await post(`/sessions/${id}/tool`, {
    name: 'cancel_order',
    arguments: { order_id: 'o100', reason: 'no longer needed' },
  });
  const last = await post(`/sessions/${id}/respond`, {
    message: 'Order o100 is cancelled. Anything else I can help with?',
  });
  expect(last.done).toBe(true);
  return id;
}

const today = () => new Date().toISOString().slice(0, 10).split('-').join('/');

describe('Azure Blob storage', () => {
  it('archives a finished trajectory as a blob named by domain and date', async () => {
    const id = await finishedEpisode();
    const name = `runs/trajectories/mini-shop/${today()}/${id}.json`;
    await until('the archived blob', async () =>
      (await names('sigma-archive', 'runs/trajectories/mini-shop/')).includes(name) ? true : undefined,
    );
    const stored = await call(server.url, 'GET', `/trajectories/${id}`);
    expect(await blobText('sigma-archive', name)).toBe(stored.text);
  });

  it('loses nothing when the blob service cuts the upload midway: the store has it, the upload is retried', async () => {
    relay.cut = true;
    const cutsBefore = relay.cuts;
    const id = await finishedEpisode();
    const stored = await call(server.url, 'GET', `/trajectories/${id}`);
    expect(stored.status).toBe(200);
    // Cut midway, retried by the SDK and then by the archive, which says so.
    await until('an upload cut midway and retried', async () =>
      relay.cuts > cutsBefore &&
      /archive: uploading runs\/trajectories\/mini-shop\/.*failed .*retrying in/.test(server.stderr())
        ? true
        : undefined,
    );
    const name = `runs/trajectories/mini-shop/${today()}/${id}.json`;
    expect(await names('sigma-archive', name)).toEqual([]);
    relay.cut = false;
    await until('the retried upload', async () =>
      (await names('sigma-archive', name)).length === 1 ? true : undefined,
    );
    expect(await blobText('sigma-archive', name)).toBe(stored.text);
    expect(server.stderr()).toMatch(/archive: runs\/trajectories\/mini-shop\/.* uploaded after retrying/);
  });

  it('sigma export --out azure://container/prefix writes the files, the manifest last, and refuses to overwrite', async () => {
    const env = {
      SIGMA_HOME: join(dir, 'home'),
      AZURE_STORAGE_CONNECTION_STRING: connectionString(azurite.port),
    };
    const run = runCli(
      [
        'export',
        '--format',
        'trl-sft',
        '--no-dedupe',
        '--out',
        'azure://sigma-exports/sft/v1',
        '--store',
        store,
      ],
      { env },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^2 trl-sft rows from 2 of 2 trajectories written to azure:\/\/sigma-exports\/sft\/v1 /,
    );
    expect((await names('sigma-exports', 'sft/v1/')).sort()).toEqual([
      'sft/v1/README.md',
      'sft/v1/manifest.json',
      'sft/v1/train.jsonl',
    ]);
    const manifest = JSON.parse(await blobText('sigma-exports', 'sft/v1/manifest.json'));
    const data = await blobText('sigma-exports', 'sft/v1/train.jsonl');
    expect(createHash('sha256').update(data).digest('hex')).toBe(manifest.files[0].sha256);
    expect(data.trim().split('\n')).toHaveLength(2);

    const again = runCli(
      ['export', '--format', 'raw', '--out', 'azure://sigma-exports/sft/v1', '--store', store],
      { env },
    );
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds an export/);
    const bad = runCli(['export', '--format', 'raw', '--out', 'azure://Bad_Name/x', '--store', store], {
      env,
    });
    expect(bad.stderr).toMatch(/"Bad_Name" is not a container name/);
    const noKey = runCli(
      ['export', '--format', 'raw', '--out', 'azure://sigma-exports/y', '--store', store],
      {
        env: { ...env, AZURE_STORAGE_CONNECTION_STRING: '' },
      },
    );
    expect(noKey.stderr).toMatch(/needs AZURE_STORAGE_CONNECTION_STRING/);
  });
});
