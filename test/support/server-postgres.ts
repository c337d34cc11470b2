import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use (trust auth on loopback); `SIGMA_TEST_POSTGRES_URL` overrides it. */
export const TEST_POSTGRES_URL =
  process.env.SIGMA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema of its own for one test file or run, so parallel runs never collide: `url` selects it;
 * `drop()` removes it with everything in it.
 */
export function testSchema(label: string): { name: string; url: string; drop: () => Promise<void> } {
  const name = `sigma_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set('schema', name);
  return {
    name,
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${name}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}
