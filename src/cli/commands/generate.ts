import type { Command } from 'commander';
import { InputError } from '../../core/errors.ts';
import { writeAirlineDomain } from '../../domains/airline/generate/index.ts';
import { writeRetailDomain } from '../../domains/retail/generate/index.ts';
import { pc } from '../colour.ts';

interface Options {
  env: string;
  out: string;
  seed: string;
  tasks?: string;
  users?: string;
  orders?: string;
  products?: string;
  flights?: string;
  reservations?: string;
  force?: boolean;
}

/** Which size flags each domain takes. */
const SIZES: Record<string, readonly (keyof Options)[]> = {
  retail: ['users', 'orders', 'products'],
  airline: ['users', 'flights', 'reservations'],
};

function wholeNumber(flag: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new InputError(`--${flag} must be a whole number >= ${min}, got "${text}"`);
  }
  return Number(text);
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description("Generate a domain in Sigma's layout: a seeded database, tasks with ground truth, policy")
    .requiredOption('--env <name>', 'which domain to generate: retail or airline')
    .requiredOption('--out <dir>', 'folder to write (must not exist or be empty, unless --force)')
    .option('--seed <n>', 'seed: the same seed gives byte-identical files', '1')
    .option('--tasks <n>', 'number of tasks (default: 200 retail, 100 airline)')
    .option('--users <n>', 'number of customers (default 500)')
    .option('--orders <n>', 'retail: number of orders (default 1000)')
    .option('--products <n>', 'retail: number of product types (default 50)')
    .option('--flights <n>', 'airline: number of flights (default 300)')
    .option('--reservations <n>', 'airline: number of reservations (default 2000)')
    .option('--force', 'replace --out if it exists')
    .addHelpText(
      'after',
      '\nExamples:\n  sigma generate --env retail --seed 7 --tasks 200 --out domains/retail-7\n  sigma --env retail-7 --data domains/retail-7\n\nThe folder holds db.json, tasks.json, policy.md, user_guidelines.md and domain.json; every task\nis checked to replay its ground truth without errors before it is written.',
    )
    .action((options: Options) => {
      const sizes = SIZES[options.env];
      if (sizes === undefined) {
        throw new InputError(`--env must be retail or airline, got "${options.env}"`);
      }
      const foreign = Object.values(SIZES)
        .flat()
        .filter((flag) => options[flag] !== undefined && !sizes.includes(flag));
      if (foreign.length > 0) {
        throw new InputError(
          `--${foreign[0]} does not apply to ${options.env}; it takes --${sizes.join(', --')}`,
        );
      }
      const seed = wholeNumber('seed', options.seed, 0);
      const common = {
        seed,
        ...(options.tasks === undefined ? {} : { tasks: wholeNumber('tasks', options.tasks, 0) }),
        ...(options.users === undefined ? {} : { users: wholeNumber('users', options.users, 1) }),
        overwrite: options.force === true,
      };
      const started = performance.now();
      let summary: string;
      let dir: string;
      if (options.env === 'retail') {
        const written = writeRetailDomain(options.out, {
          ...common,
          ...(options.orders === undefined ? {} : { orders: wholeNumber('orders', options.orders, 0) }),
          ...(options.products === undefined
            ? {}
            : { products: wholeNumber('products', options.products, 1) }),
        });
        dir = written.dir;
        summary = `${written.users} customers, ${written.orders} orders, ${written.products} products, ${written.tasks} tasks`;
      } else {
        const written = writeAirlineDomain(options.out, {
          ...common,
          ...(options.flights === undefined ? {} : { flights: wholeNumber('flights', options.flights, 1) }),
          ...(options.reservations === undefined
            ? {}
            : { reservations: wholeNumber('reservations', options.reservations, 0) }),
        });
        dir = written.dir;
        summary = `${written.users} customers, ${written.flights} flights, ${written.reservations} reservations, ${written.tasks} tasks`;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      process.stdout.write(
        `${pc.green('Wrote')} the ${options.env} domain (seed ${seed}) to ${dir}: ${summary}, in ${seconds} s.\n`,
      );
      process.stdout.write(`Play it: sigma --env ${dir.split('/').at(-1)} --data ${options.out}\n`);
    });
}
