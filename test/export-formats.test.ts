// `sigma export`: real episodes (played over HTTP with the scripted customer, the copilot on the
// loopback model, undo and rollback) exported to every format by the CLI, checked by `--check`, by the
// rules of each consumer, and against frozen golden files (ids and times normalised).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExportFilters, exportTrajectories } from '../src/exports/index.ts';
import { DomainRegistry } from '../src/registry/index.ts';
import { SqliteStore } from '../src/store/index.ts';
import { type OpenAICompatibleTestServer, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { playExportEpisodes } from './support/export-episodes.ts';
import { runCli } from './support/run-cli.ts';
import { startTestServer, type TestServer } from './support/server-harness.ts';
import { tempDir } from './support/temp-dir.ts';

// biome-ignore lint/suspicious/noExplicitAny: exported rows are checked field by field
type Row = any;

const KEY = 'sk-sigma-test';
const dir = tempDir('export');
const storeFile = join(dir, 'sigma.db');
const GOLDEN = new URL('./fixtures/exports/', import.meta.url).pathname;
let llm: OpenAICompatibleTestServer;
let server: TestServer;
let sessions: string[];

beforeAll(async () => {
  llm = await startOpenAICompatibleServer({ apiKey: KEY });
  server = await startTestServer({
    store: SqliteStore.open(storeFile),
    registry: new DomainRegistry({ data: 'test/fixtures/domains/mini-shop', home: join(dir, 'home') }),
    env: { SIGMA_OPENAI_COMPATIBLE_BASE_URL: llm.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY },
  });
  sessions = await playExportEpisodes(server, llm);
  await server.close();
  await llm.close();
}, 60_000);
afterAll(() => {});

let outputs = 0;
function sigmaExport(args: string[]) {
  const out = join(dir, `out-${++outputs}`);
  const run = runCli(['export', ...args, '--out', out, '--store', `sqlite:${storeFile}`], {
    env: { SIGMA_HOME: join(dir, 'home') },
  });
  return { ...run, out };
}

function lines(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Ids and times replaced by stable names, so a golden file does not change from run to run. */
function normalise(text: string): string {
  let result = text;
  for (const [i, id] of sessions.entries()) result = result.replaceAll(id, `<session-${i}>`);
  return result
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
    .replace(/"duration":\s?[\d.e-]+/g, '"duration":"<duration>"')
    .replace(/"sha256":\s?"[0-9a-f]{64}"/g, '"sha256":"<sha256>"')
    .replace(/"sigmaVersion":\s?"[^"]+"|sigma-simulator@[\d.]+/g, '<version>');
}

function golden(name: string, text: string): void {
  const file = join(GOLDEN, name);
  const actual = normalise(text);
  if (process.env.SIGMA_UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(existsSync(file), `golden file ${file} is missing (SIGMA_UPDATE_GOLDEN=1 writes it)`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

function exported(format: string, extra: string[] = []) {
  const run = sigmaExport(['--format', format, ...extra]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const check = runCli(['export', '--check', run.out]);
  expect(check.stdout).toMatch(/ export is valid/);
  expect(check.status).toBe(0);
  const manifest = JSON.parse(readFileSync(join(run.out, 'manifest.json'), 'utf8'));
  return { out: run.out, manifest, stdout: run.stdout };
}

const INSTRUCTIONS = [
  'You are Ada Park (ada@example.org). Cancel order o100; you no longer need it.',
  'You are Ben Ortiz. Ask how much order o101 cost.',
];

function agentSide(rows: unknown[]): void {
  for (const row of rows) for (const goal of INSTRUCTIONS) expect(JSON.stringify(row)).not.toContain(goal);
}

describe('sigma export', () => {
  it('trl-sft: a conversation per row with the policy, tool calls as objects, and the tools', () => {
    const { out, manifest, stdout } = exported('trl-sft');
    expect(stdout).toMatch(/^5 trl-sft rows from 5 of 5 trajectories written to /);
    expect(manifest).toMatchObject({ format: 'trl-sft', schemaVersion: 1, trajectorySchemaVersions: [2] });
    const rows = lines(join(out, 'train.jsonl')) as Array<{
      messages: Array<Record<string, unknown>>;
      tools: unknown[];
    }>;
    expect(rows).toHaveLength(5);
    const first = rows.at(-1)!;
    expect(first.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
    ]);
    expect(first.messages[2]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [{ type: 'function', function: { name: 'get_order', arguments: { order_id: 'o100' } } }],
    });
    expect(first.messages[3]).toEqual({ role: 'tool', name: 'get_order', content: 'o100: open, total 40' });
    agentSide(rows);
    golden('trl-sft.jsonl', readFileSync(join(out, 'train.jsonl'), 'utf8'));
    golden('trl-sft.manifest.json', readFileSync(join(out, 'manifest.json'), 'utf8'));
  });

  it("trl-sft by turn: the history as the prompt, one agent turn as the completion; --human-only keeps people's turns", () => {
    const all = lines(join(exported('trl-sft', ['--granularity', 'turn']).out, 'train.jsonl'));
    const human = lines(
      join(exported('trl-sft', ['--granularity', 'turn', '--human-only', '--no-system']).out, 'train.jsonl'),
    ) as Array<{ prompt: Array<{ role: string }> }>;
    // 4 + 4 + 4 + 1 + 2 agent turns; the copilot episode's accepted draft is the model's.
    expect(all).toHaveLength(15);
    expect(human).toHaveLength(14);
    expect(human.every((r) => r.prompt[0]!.role === 'user')).toBe(true);
    golden(
      'trl-sft-turn.jsonl',
      readFileSync(join(exported('trl-sft', ['--granularity', 'turn']).out, 'train.jsonl'), 'utf8'),
    );
  });

  it('trl-dpo: pairs from a rejected and an edited draft, an undo and a rollback; across episodes on request', () => {
    const { out } = exported('trl-dpo');
    const rows = lines(join(out, 'train.jsonl')) as Array<Row>;
    expect(rows.map((r) => r.source.kind).sort()).toEqual([
      'proposal-edited',
      'proposal-rejected',
      'rollback',
      'undo',
    ]);
    const undo = rows.find((r) => r.source.kind === 'undo')!;
    expect(undo.prompt.map((m: { role: string }) => m.role)).toEqual(['system', 'user']);
    expect(undo.chosen[0].tool_calls[0].function.arguments).toEqual({ order_id: 'o100' });
    expect(undo.rejected[0].tool_calls[0].function.arguments).toEqual({ order_id: 'o999' });
    const rollback = rows.find((r) => r.source.kind === 'rollback')!;
    expect(rollback.rejected[0].content).toBe('Please hold on.');
    expect(rollback.chosen[0].content).toMatch(/^I can cancel order o100/);
    const rejected = rows.find((r) => r.source.kind === 'proposal-rejected')!;
    expect(rejected.chosen[0].tool_calls[0].function.name).toBe('get_order');
    expect(rejected.rejected[0].tool_calls[0].function.arguments).toEqual({
      order_id: 'o100',
      reason: 'other',
    });
    agentSide(rows);
    golden('trl-dpo.jsonl', readFileSync(join(out, 'train.jsonl'), 'utf8'));

    const across = lines(
      join(exported('trl-dpo', ['--pairs-across-episodes']).out, 'train.jsonl'),
    ) as Array<Row>;
    const pair = across.find((r) => r.source.kind === 'across-episodes')!;
    expect(pair.chosen[0].tool_calls[0].function.arguments.reason).toBe('no longer needed');
    expect(pair.rejected[0].tool_calls[0].function.arguments.reason).toBe('ordered by mistake');
    expect(pair.source.other).toBeDefined();
  });

  it('trl-kto: approved and human actions and reward-1 episodes desirable, rejected drafts and reward-0 episodes not', () => {
    const { out } = exported('trl-kto');
    const rows = lines(join(out, 'train.jsonl')) as Array<{ label: boolean; source: { kind: string } }>;
    const by = (kind: string, label: boolean) =>
      rows.filter((r) => r.source.kind === kind && r.label === label).length;
    expect(by('episode', true)).toBe(3);
    expect(by('episode', false)).toBe(2);
    expect(by('proposal-accepted', true)).toBe(1);
    expect(by('proposal-rejected', false)).toBe(1);
    expect(by('proposal-edited', false)).toBe(1);
    expect(by('turn', true)).toBe(14);
    agentSide(rows);
    golden('trl-kto.jsonl', readFileSync(join(out, 'train.jsonl'), 'utf8'));
  });

  it('grpo: one prompt-only row per task and opening, with how to score it in Sigma', () => {
    const { out } = exported('grpo');
    const rows = lines(join(out, 'train.jsonl')) as Array<Row>;
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.scoring.session).sort((a, b) => a.taskSplit.localeCompare(b.taskSplit))).toEqual(
      [
        { envName: 'mini-shop', taskSplit: 'test', taskIndex: 0, userStrategy: 'scripted' },
        { envName: 'mini-shop', taskSplit: 'train', taskIndex: 0, userStrategy: 'scripted' },
      ],
    );
    agentSide(rows);
    golden('grpo.jsonl', readFileSync(join(out, 'train.jsonl'), 'utf8'));
  });

  it('openai-sft: string arguments, tool_call_id, parallel_tool_calls false, weight 0 on model turns with --human-only', () => {
    const { out } = exported('openai-sft', ['--human-only']);
    const rows = lines(join(out, 'train.jsonl')) as Array<Row>;
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row.parallel_tool_calls).toBe(false);
    const copilot = rows.find((r) => r.messages.some((m: { weight?: number }) => m.weight === 0))!;
    const model = copilot.messages.filter((m: { weight?: number }) => m.weight === 0);
    expect(model).toEqual([
      {
        role: 'assistant',
        content: 'I can cancel order o100 because you no longer need it. Shall I go ahead?',
        weight: 0,
      },
    ]);
    const call = rows[0]!.messages.find((m: Record<string, unknown>) => m.tool_calls)!;
    expect(typeof call.tool_calls[0].function.arguments).toBe('string');
    const result = rows[0]!.messages[rows[0]!.messages.indexOf(call) + 1];
    expect(result).toEqual({
      role: 'tool',
      tool_call_id: call.tool_calls[0].id,
      content: expect.any(String),
    });
    agentSide(rows);
    golden('openai-sft.jsonl', readFileSync(join(out, 'train.jsonl'), 'utf8'));
  });

  it('openai-dpo: input, preferred_output and non_preferred_output', () => {
    const { out } = exported('openai-dpo');
    const rows = lines(join(out, 'train.jsonl')) as Array<Row>;
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['input', 'preferred_output', 'non_preferred_output']);
      expect(row.input.tools.length).toBeGreaterThan(0);
    }
    agentSide(rows);
    golden('openai-dpo.jsonl', readFileSync(join(out, 'train.jsonl'), 'utf8'));
  });

  it("customer-sft: the customer's side as the target, only from the strategies asked for", () => {
    const none = exported('customer-sft');
    expect(none.manifest.counts.rows).toBe(0);
    expect(none.manifest.counts.noRow).toEqual({ 'customer strategy scripted not asked for': 5 });
    const { out } = exported('customer-sft', ['--customer-strategy', 'scripted']);
    const rows = lines(join(out, 'train.jsonl')) as Array<{
      messages: Array<{ role: string; content: string }>;
    }>;
    // The abandoned episode ended before the customer answered the agent.
    expect(rows).toHaveLength(4);
    const first = rows.at(-1)!;
    expect(first.messages[0]!.role).toBe('system');
    expect(first.messages[0]!.content).toContain(INSTRUCTIONS[0]);
    expect(first.messages[1]).toEqual({
      role: 'assistant',
      content: 'Hi! Cancel order o100; I no longer need it.',
    });
    expect(first.messages[2]!.role).toBe('user');
    golden('customer-sft.jsonl', readFileSync(join(out, 'train.jsonl'), 'utf8'));
  });

  it('raw: the canonical trajectories, taken-back turns included', () => {
    const { out } = exported('raw');
    const rows = lines(join(out, 'train.jsonl')) as Array<Row>;
    expect(rows).toHaveLength(5);
    const person = rows.find((r) => r.id === sessions[0])!;
    expect(person.takenBack.map((t: { by: string }) => t.by)).toEqual(['undo', 'rollback']);
    golden('raw.jsonl', readFileSync(join(out, 'train.jsonl'), 'utf8'));
  });

  it('tau2-results: one results document with simulations, tasks and info', () => {
    const { out } = exported('tau2-results');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(
      results.simulations.map((s: { termination_reason: string }) => s.termination_reason).sort(),
    ).toEqual(['agent_error', 'max_steps', 'user_stop', 'user_stop', 'user_stop']);
    expect(results.tasks.map((t: { id: string }) => t.id).sort()).toEqual([
      'ask-order-total',
      'cancel-open-order',
    ]);
    golden('tau2-results.json', `${JSON.stringify(results, null, 1)}\n`);
  });

  it('filters (from the library): reward, author, ended, tasks, dates; a train/validation split by task', async () => {
    const store = SqliteStore.open(storeFile);
    const selected = async (filters: ExportFilters) =>
      (
        await exportTrajectories({
          format: 'raw',
          source: store,
          out: join(dir, `lib-${++outputs}`),
          filters,
        })
      ).manifest.counts;
    try {
      expect((await selected({ rewardMin: 1 })).selected).toBe(3);
      expect((await selected({ rewardMax: 0 })).selected).toBe(2);
      expect((await selected({ author: 'mixed' })).selected).toBe(1);
      expect((await selected({ author: 'human' })).selected).toBe(4);
      expect((await selected({ ended: 'abandoned' })).selected).toBe(1);
      expect((await selected({ ended: 'finished' })).selected).toBe(4);
      expect((await selected({ taskIds: ['ask-order-total'] })).selected).toBe(1);
      expect((await selected({ splits: ['train'] })).selected).toBe(1);
      expect((await selected({ unscored: true })).excluded).toEqual({ scored: 5 });
      expect((await selected({ to: '2000-01-01' })).excluded).toEqual({ date: 5 });
      expect((await selected({ domains: ['retail'] })).read).toBe(0);
      let both = 0;
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const out = join(dir, `lib-${++outputs}`);
        const { manifest } = await exportTrajectories({
          format: 'raw',
          source: store,
          out,
          validation: 0.5,
          seed,
        });
        const tasks = (split: string) =>
          existsSync(join(out, `${split}.jsonl`))
            ? new Set(
                (lines(join(out, `${split}.jsonl`)) as Array<{ task: { id: string } }>).map((t) => t.task.id),
              )
            : new Set<string>();
        const train = tasks('train');
        for (const id of tasks('validation')) expect(train.has(id)).toBe(false);
        if (train.size > 0 && tasks('validation').size > 0) both++;
        expect(manifest.counts.rows).toBe(5);
        // The same seed gives the same split.
        const again = await exportTrajectories({
          format: 'raw',
          source: store,
          out: join(dir, `lib-${++outputs}`),
          validation: 0.5,
          seed,
        });
        expect(again.manifest.files.map((f) => [f.path, f.sha256])).toEqual(
          manifest.files.map((f) => [f.path, f.sha256]),
        );
      }
      expect(both).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('the dataset card has the YAML header datasets reads, and the files load as JSON lines', () => {
    const { out } = exported('trl-dpo', ['--validation', '0.5', '--seed', '3']);
    const script = `
import json, os, sys, yaml
d = sys.argv[1]
text = open(os.path.join(d, 'README.md')).read()
assert text.startswith('---\\n')
header = yaml.safe_load(text.split('---\\n')[1])
config = header['configs'][0]
assert config['config_name'] == 'default'
rows = 0
for entry in config['data_files']:
    assert entry['split'] in ('train', 'validation'), entry
    with open(os.path.join(d, entry['path'])) as f:
        for line in f:
            row = json.loads(line)
            assert set(row) >= {'prompt', 'chosen', 'rejected'}
            rows += 1
print(rows)
`;
    const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
    const run = spawnSync('python3', ['-c', script, out], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('4');
  });

  it('--check names the first bad row by its line; bad input is one line and writes nothing', () => {
    const { out } = exported('openai-sft');
    const file = join(out, 'train.jsonl');
    const rows = readFileSync(file, 'utf8').split('\n');
    const broken = JSON.parse(rows[1]!);
    broken.messages.find((m: { role: string }) => m.role === 'tool').tool_call_id = 'call_nowhere';
    rows[1] = JSON.stringify(broken);
    writeFileSync(file, rows.join('\n'));
    const manifestFile = join(out, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    manifest.files[0].sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const check = runCli(['export', '--check', out]);
    expect(check.stdout).toBe(
      'train.jsonl:2: message 3: tool_call_id "call_nowhere" answers no open tool call\n',
    );
    expect(check.status).toBe(1);

    const unknown = sigmaExport(['--format', 'alpaca']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^sigma: --format must be one of trl-sft, .*got "alpaca"\n$/);
    expect(existsSync(unknown.out)).toBe(false);
    const twoDomains = sigmaExport(['--format', 'raw', '--reward-min', '2', '--reward-max', '1']);
    expect(twoDomains.stderr).toMatch(/--reward-min 2 is above --reward-max 1/);
    expect(existsSync(twoDomains.out)).toBe(false);
    const again = runCli(['export', '--format', 'raw', '--out', out, '--store', `sqlite:${storeFile}`]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already holds an export .*--force/);
  });
});
