import { z } from 'zod';
import { DataError } from '../core/errors.ts';

/**
 * What `sigma data fetch` downloads: for each source, a GitHub repository pinned by commit, and per
 * domain the files to fetch, how each becomes a file of the domain folder, and its SHA-256.
 *
 * A file is downloaded from `<base URL>/<repository>/<commit>/<path>` (the base URL is
 * `https://raw.githubusercontent.com` unless a mirror is given). `sha256` checks the downloaded bytes;
 * `targetSha256` checks the file Sigma writes from them (for converted files); `gitBlob` checks the
 * downloaded bytes by their length and git blob id (for a file whose SHA-256 is not known, only the
 * id git gives it). Every file has at least one of them, and a fetch fails, writing nothing, when any
 * of them differs.
 */

export const SOURCES = ['tau-bench', 'tau2'] as const;
export type SourceName = (typeof SOURCES)[number];

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
const SHA1 = z.string().regex(/^[0-9a-f]{40}$/, 'must be 40 lowercase hex digits');

/** A file as git stores it: its length, and its blob id (SHA-1 of `blob <length>\0` and the bytes). */
const gitBlobSchema = z
  .object({
    // A manifest file is read with ints kept apart from floats (as bigint).
    bytes: z.union([z.number().int().nonnegative(), z.bigint().nonnegative().transform(Number)]),
    sha1: SHA1,
  })
  .strict();
const RELATIVE = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'must be a relative path without ".."');

const pinnedFileSchema = z
  .object({
    /** Path of the file in the repository. */
    path: RELATIVE,
    /** Name of the file written in the domain folder. */
    target: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/, 'must be a plain file name')
      .refine((n) => n !== 'source.json', '"source.json" is reserved for provenance'),
    /** How the download becomes the target: as it is, or a Python task list converted to JSON. */
    convert: z.enum(['copy', 'tau-bench-tasks']).default('copy'),
    /** SHA-256 of the downloaded bytes. */
    sha256: SHA256.optional(),
    /** SHA-256 of the written target (useful for converted files). */
    targetSha256: SHA256.optional(),
    /** Length and git blob id of the downloaded bytes. */
    gitBlob: gitBlobSchema.optional(),
  })
  .refine((f) => f.sha256 !== undefined || f.targetSha256 !== undefined || f.gitBlob !== undefined, {
    message:
      'needs sha256 (of the download), targetSha256 (of the written file) or gitBlob (length and git blob id of the download)',
  });

const pinnedSourceSchema = z.object({
  /** `owner/name` on GitHub. */
  repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be owner/name'),
  /** Full commit id. */
  commit: z.string().regex(/^[0-9a-f]{40}$/, 'must be a full 40-digit commit id'),
  domains: z
    .record(z.string().regex(/^[a-z0-9_-]+$/), z.array(pinnedFileSchema).min(1))
    .refine((d) => Object.keys(d).length > 0, 'needs at least one domain'),
});

export const dataManifestSchema = z
  .object({ 'tau-bench': pinnedSourceSchema.optional(), tau2: pinnedSourceSchema.optional() })
  .strict();

export type PinnedFile = z.infer<typeof pinnedFileSchema>;
export type PinnedSource = z.infer<typeof pinnedSourceSchema>;
export type DataManifest = z.infer<typeof dataManifestSchema>;

/** Reads a manifest given as JSON (e.g. the file named by `SIGMA_DATA_MANIFEST`), naming any problem. */
export function parseManifest(json: unknown, file: string): DataManifest {
  const result = dataManifestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new DataError(file, `invalid data manifest at ${where}: ${issue.message}`);
  }
  return result.data;
}

const TAU_BENCH = 'tau_bench/envs';
const TAU2 = 'data/tau2/domains';

/**
 * The pinned sources. How each pin was obtained (November 2026, without network access to GitHub; see
 * docs/data-sources.md):
 *
 * tau-bench: commit 59a200c6d575d595120f1cb70fea53cef0632f6b is the head of sierra-research/tau-bench's
 * main branch (the repository is no longer updated); several independent public projects pin exactly
 * this commit for its data and code.
 * - `wiki.md` (both domains): the hashes are those of Sigma's shared reference copies (retail 5,718
 *   bytes, airline 6,155 bytes), and an independent public record gives the same length and SHA-256 for
 *   tau-bench's `env.wiki` of each domain.
 * - `tasks_*.py`: no raw hash could be confirmed against upstream bytes here, so these files are
 *   checked after conversion instead: `targetSha256` is the SHA-256 of the JSON the conversion writes,
 *   which is byte-identical to the shared reference `tasks_<split>.json` (converted from Python files
 *   in tau-bench's format; checked against stored pages of the upstream files: same layout, and the
 *   retail dev file the same length and bytes where compared).
 * - data JSON (users/orders/products, users/flights/reservations): the SHA-256 of the shared
 *   reference copies, described as the official tau-bench data. Older stored versions of the upstream
 *   files agree with them where comparable (airline `users.json` differs from the first published
 *   version only by `province` -> `state` in all 500 addresses, 1,500 characters), but the bytes at
 *   this commit could not be compared directly: if one of these differs upstream, the fetch stops with
 *   a checksum error naming the file (use SIGMA_DATA_MANIFEST to supply corrected pins).
 *
 * tau2: commit 672227c6b6676edc20d57ea53b7000262aae77b9 of sierra-research/tau2-bench. Independent
 * public manifests pin the retail and airline files at this commit with the SHA-256 values below, and
 * six of them equal the SHA-256 of Sigma's shared reference copies (byte sizes too). The airline
 * `db.json` could not be read whole here and no SHA-256 of it is known: it is pinned by what git
 * records of it, 7,042,714 bytes and blob c6a1e817aa9102c5822e83affb3595acbc312701 (Sigma's shared
 * copy is a rebuild of the same length whose blob id differs, see ../shared/README.md).
 * Later commits change the airline tasks, so do not move this pin without new hashes.
 */
export const PINNED_MANIFEST: DataManifest = {
  'tau-bench': {
    repository: 'sierra-research/tau-bench',
    commit: '59a200c6d575d595120f1cb70fea53cef0632f6b',
    domains: {
      retail: [
        {
          path: `${TAU_BENCH}/retail/data/users.json`,
          target: 'users.json',
          convert: 'copy',
          sha256: '6f4fd104cc5e80b92166c4035315c31532c6cea52a90dcdf18425ee7f87c2b82',
        },
        {
          path: `${TAU_BENCH}/retail/data/orders.json`,
          target: 'orders.json',
          convert: 'copy',
          sha256: '2598a12586d28f2d6bd16bc86f4c800029b6af18e0abb5c475ef5c869c11ced1',
        },
        {
          path: `${TAU_BENCH}/retail/data/products.json`,
          target: 'products.json',
          convert: 'copy',
          sha256: 'a9eabcc1a9742c5f5288c2779acce52b9308423383ed24706bbaf0889f762a0f',
        },
        {
          path: `${TAU_BENCH}/retail/wiki.md`,
          target: 'policy.md',
          convert: 'copy',
          sha256: 'd539fd2a46a8b8dd2e934ff9ed92f43e9f6b56bc7a718db8d2803ba8ad8f6bf7',
        },
        {
          path: `${TAU_BENCH}/retail/tasks_test.py`,
          target: 'tasks_test.json',
          convert: 'tau-bench-tasks',
          targetSha256: '4a67a82bf3f1a45aa60560fd60f7001a75e822aba1e20590e98871acd080089f',
        },
        {
          path: `${TAU_BENCH}/retail/tasks_dev.py`,
          target: 'tasks_dev.json',
          convert: 'tau-bench-tasks',
          targetSha256: 'a5fbc07c6aa1de3a2e237fc778145e1fc6060e4d1177f5b1e642a4fd67263427',
        },
        {
          path: `${TAU_BENCH}/retail/tasks_train.py`,
          target: 'tasks_train.json',
          convert: 'tau-bench-tasks',
          targetSha256: '92c44af5f1bc79139c14252b2e0019fcbf628753408908d611cedc7b0d841ee0',
        },
      ],
      airline: [
        {
          path: `${TAU_BENCH}/airline/data/users.json`,
          target: 'users.json',
          convert: 'copy',
          sha256: 'bd264e2a31e0fa35cdfef8987e70a0dd3776828b582fe90e7a44823a12eb4cea',
        },
        {
          path: `${TAU_BENCH}/airline/data/flights.json`,
          target: 'flights.json',
          convert: 'copy',
          sha256: '444d7565c68434a3e3fb72efd717f9f9cd5c56dce227f6f56e078f1cb0ed233a',
        },
        {
          path: `${TAU_BENCH}/airline/data/reservations.json`,
          target: 'reservations.json',
          convert: 'copy',
          sha256: '1cf0bbc58ad984be9de7c24dba6dd27393f94cdbd482d8524f6a54db1f561a8c',
        },
        {
          path: `${TAU_BENCH}/airline/wiki.md`,
          target: 'policy.md',
          convert: 'copy',
          sha256: '56c335801c16e26b54f600f9db99eb04d31db477e86eb160341d5c66b796c5c8',
        },
        {
          path: `${TAU_BENCH}/airline/tasks_test.py`,
          target: 'tasks_test.json',
          convert: 'tau-bench-tasks',
          targetSha256: '95cd740b3b9b08ad447330c41e716ebea25c7d41973a50b3e54ba6f8aa9f858b',
        },
      ],
    },
  },
  tau2: {
    repository: 'sierra-research/tau2-bench',
    commit: '672227c6b6676edc20d57ea53b7000262aae77b9',
    domains: {
      retail: [
        {
          path: `${TAU2}/retail/db.json`,
          target: 'db.json',
          convert: 'copy',
          sha256: '413a65160adbdb5fde0ffc0015c49b6d70250b10c18128de169b597af7766765',
        },
        {
          path: `${TAU2}/retail/tasks.json`,
          target: 'tasks.json',
          convert: 'copy',
          sha256: '8e03ebce7901bd6218e7a7dc3105faa9324091a68058f7fe61c65262868812e8',
        },
        {
          path: `${TAU2}/retail/split_tasks.json`,
          target: 'split_tasks.json',
          convert: 'copy',
          sha256: 'ed0580ec52575b63fbf76568af42490da6ee7783ecb4aa81af46961291358f20',
        },
        {
          path: `${TAU2}/retail/policy.md`,
          target: 'policy.md',
          convert: 'copy',
          sha256: '2c9652afbce57d6e087768d37cda64d31c53d50b3e3225cfdb791bac66466467',
        },
      ],
      airline: [
        {
          path: `${TAU2}/airline/db.json`,
          target: 'db.json',
          convert: 'copy',
          gitBlob: { bytes: 7_042_714, sha1: 'c6a1e817aa9102c5822e83affb3595acbc312701' },
        },
        {
          path: `${TAU2}/airline/tasks.json`,
          target: 'tasks.json',
          convert: 'copy',
          sha256: 'ccd8ba737b4cc371415af70151187788f728d6108d0916e73bb4317b40542052',
        },
        {
          path: `${TAU2}/airline/split_tasks.json`,
          target: 'split_tasks.json',
          convert: 'copy',
          sha256: 'b22ced4d9a9850ac9aea31c53bdcb6d6009058140bd9acc7db37c1d36222ba8b',
        },
        {
          path: `${TAU2}/airline/policy.md`,
          target: 'policy.md',
          convert: 'copy',
          sha256: '10dc0525421521208be39cee235bba84a16e2bcba9899eb93d92cd81d2f62fc4',
        },
      ],
    },
  },
};
