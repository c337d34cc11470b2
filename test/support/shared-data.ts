import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** The shared reference data folder (`SIGMA_SHARED_DATA`, default `../shared/data`). */
export const sharedData = resolve(process.env.SIGMA_SHARED_DATA ?? join(repoRoot, '../shared/data'));

const present = existsSync(sharedData);

if (!present && process.env.SIGMA_REQUIRE_SHARED_DATA === '1') {
  throw new Error(
    `SIGMA_REQUIRE_SHARED_DATA=1 but the shared data folder ${sharedData} is missing (set SIGMA_SHARED_DATA)`,
  );
}

/**
 * True when the shared data is absent: tests that need it skip, with this reason in their name. In CI
 * (`SIGMA_REQUIRE_SHARED_DATA=1`) a missing folder fails instead, above.
 */
export const noSharedData = !present;
export const skipReason = `needs ${sharedData} (set SIGMA_SHARED_DATA)`;

export function shared(...parts: string[]): string {
  return join(sharedData, ...parts);
}
