// The package as a user gets it: packed by npm (which builds it, as publishing does), installed into
// an empty project with its production dependencies only, and used there — by a strict TypeScript
// consumer, by the examples it ships, by the machine's old Node and by the oldest supported Node.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_ENGINES, supportedNode } from '../src/node-version.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';

const root = tempDir('package');
const project = join(root, 'project');
const installed = join(project, 'node_modules', 'sigma-simulator');
let packedFiles: string[] = [];

/** The oldest Node that `engines` allows: `SIGMA_MIN_NODE`, or where `.ci/run` installs it. */
const minimumNode = process.env.SIGMA_MIN_NODE ?? join(repoRoot, '.ci/node-min/node_modules/.bin/node');
const minimumVersion = /^\^(\d+\.\d+\.\d+)/.exec(NODE_ENGINES)![1]!;
// Set (as .ci/run sets it), the binary must be there; otherwise the test runs when the folder exists.
const haveMinimumNode = process.env.SIGMA_MIN_NODE !== undefined || existsSync(minimumNode);
/** The machine's own Node (Debian's), which is older than Sigma supports on this project's machines. */
const systemNode = '/usr/bin/node';
const systemVersion = existsSync(systemNode)
  ? spawnSync(systemNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim()
  : '';

function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SIGMA_HOME: home, NO_COLOR: '1' };
  for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$/.test(key)) delete env[key];
  return env;
}

function sigma(node: string, args: string[]) {
  return spawnSync(node, [join(installed, 'dist/cli/main.js'), ...args], {
    cwd: project,
    env: cleanEnv(join(root, 'home')),
    encoding: 'utf8',
    timeout: 120_000,
  });
}

beforeAll(() => {
  const npm = (args: string[], cwd: string) =>
    execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
  const packed = JSON.parse(
    npm(['pack', '--json', '--loglevel=error', '--pack-destination', root], repoRoot),
  ) as [{ filename: string; files: { path: string }[] }];
  packedFiles = packed[0].files.map((f) => f.path);
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), '{"name": "consumer", "private": true, "type": "module"}\n');
  npm(
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      join(root, packed[0].filename),
    ],
    project,
  );
}, 300_000);

describe('the packed package', () => {
  it('carries the licence, .env.example and the examples beside the build', () => {
    for (const file of [
      'LICENSE',
      '.env.example',
      'README.md',
      'package.json',
      'dist/cli/main.js',
      'dist/index.d.ts',
    ])
      expect(packedFiles).toContain(file);
    for (const file of [
      'examples/README.md',
      'examples/cancel-order.jsonl',
      'examples/persona.json',
      'examples/library.ts',
      'examples/engine.ts',
      'examples/tea-shop/tools.ts',
      'examples/tea-shop/db.json',
    ])
      expect(packedFiles).toContain(file);
    expect(packedFiles.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License\n\nCopyright \(c\) \d{4} Sigma contributors/,
    );
  });

  it('carries the built web app, and its sigma serve serves it at / beside the API', async () => {
    expect(packedFiles).toContain('dist/web/index.html');
    expect(packedFiles.some((f) => /^dist\/web\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
    const child = spawn(
      process.execPath,
      [join(installed, 'dist/cli/main.js'), 'serve', '--port', '0', '--store', 'sqlite::memory:'],
      { cwd: project, env: cleanEnv(join(root, 'home')), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk) => {
          out += chunk;
          const found = /listening on (http:\/\/\S+)/.exec(out)?.[1];
          if (found !== undefined) resolve(found);
        });
        child.once('exit', (code) => reject(new Error(`sigma serve exited with ${code}`)));
      });
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      const html = await page.text();
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(`${url}${script}`)).headers.get('content-type')).toMatch(/javascript/);
      const envs = (await (await fetch(`${url}/environments`)).json()) as { environments: unknown[] };
      expect(envs.environments.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('declares the Node versions src/node-version.ts checks', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(NODE_ENGINES);
    expect(supportedNode(minimumVersion)).toBe(true);
  });

  it('type-checks for a strict consumer (skipLibCheck: false): the library examples and the testing export', () => {
    copyFileSync(join(installed, 'examples/library.ts'), join(project, 'library.ts'));
    copyFileSync(join(installed, 'examples/engine.ts'), join(project, 'engine.ts'));
    writeFileSync(
      join(project, 'testing.ts'),
      [
        "import { MockModelClient, startOpenAICompatibleServer } from 'sigma-simulator/testing';",
        "import { SimulatorCore, type Trajectory } from 'sigma-simulator';",
        "export const model = new MockModelClient({ replies: ['Hello'] });",
        'export const server: typeof startOpenAICompatibleServer = startOpenAICompatibleServer;',
        "export const sim = new SimulatorCore({ envName: 'retail', userModel: 'openai:gpt-4o' });",
        'export const record: Trajectory | undefined = undefined;',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          skipLibCheck: false,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2023',
          noEmit: true,
          types: ['node'],
          typeRoots: [join(repoRoot, 'node_modules/@types')],
          allowImportingTsExtensions: true,
        },
        files: ['library.ts', 'engine.ts', 'testing.ts'],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project],
      {
        encoding: 'utf8',
      },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('runs the library examples copied into a project', () => {
    for (const [file, last] of [
      ['library.ts', 'done: true reward: 1 state match: true'],
      ['engine.ts', '0'],
    ] as const) {
      copyFileSync(join(installed, 'examples', file), join(project, file));
      const run = spawnSync(process.execPath, [file], {
        cwd: project,
        env: cleanEnv(join(root, 'home')),
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout.trim().split('\n').at(-1)).toBe(last);
    }
  });

  it.each([
    [
      'the script on retail task 0',
      ['--env', 'retail', '--task-index', '0', '--script', 'examples/cancel-order.jsonl'],
    ],
    [
      'the persona file, played with the same script',
      [
        '--env',
        'retail',
        '--persona-file',
        'examples/persona.json',
        '--script',
        'examples/cancel-order.jsonl',
      ],
    ],
    [
      'the tea-shop domain (copied out: Node runs no TypeScript inside node_modules) with its script',
      ['--env', 'tea-shop', '--data', 'domains', '--task-index', '0', '--script', 'examples/tea-shop.jsonl'],
    ],
  ])('plays %s to reward 1', (_, args) => {
    cpSync(join(installed, 'examples/tea-shop'), join(project, 'domains/tea-shop'), { recursive: true });
    const inPackage = args.map((a) => (a.startsWith('examples') ? join(installed, a) : a));
    const run = sigma(process.execPath, ['play', ...inPackage, '--json']);
    expect(run.stderr).toMatch(/scripted customer/);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ reward: 1 });
  });

  it.skipIf(systemVersion === '' || supportedNode(systemVersion))(
    `refuses the machine's Node ${systemVersion || '(none)'} in one line, before anything is played`,
    () => {
      const run = sigma(systemNode, ['--env', 'retail', '--task-index', '0']);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `sigma: Sigma needs Node 22.16 or later (22.16+ or 24+); this is Node ${systemVersion}. Install a newer Node, or run Sigma from a project that installs the "node" package (as Sigma's repository does).\n`,
      );
    },
  );

  it.skipIf(!haveMinimumNode)(
    `plays and saves an episode on the oldest supported Node, ${minimumVersion}, without warnings${haveMinimumNode ? '' : ` (needs ${minimumNode}: .ci/run installs it, or set SIGMA_MIN_NODE)`}`,
    () => {
      expect(spawnSync(minimumNode, ['-v'], { encoding: 'utf8' }).stdout.trim()).toBe(`v${minimumVersion}`);
      const script = join(installed, 'examples/cancel-order.jsonl');
      const run = sigma(minimumNode, ['--env', 'retail', '--task-index', '0', '--script', script]);
      expect(run.stderr).not.toMatch(/Warning|warning/);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/Reward: 1\.0/);
      expect(run.stdout).toMatch(/Saved in the store sqlite:/);
    },
  );
});
