// DEBUG_SIMULATOR=1 / --debug FILE: every model prompt and reply is logged, with keys redacted. The
// customer's model is the loopback OpenAI-compatible server, which insists on a fake key: the key is
// sent, and it is in the prompt and the reply too, yet it never appears in the log.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createModelClient, type ModelDebugLog } from '../src/llm/index.ts';
import { type OpenAICompatibleTestServer, reply, startOpenAICompatibleServer } from '../src/testing/index.ts';
import { repoRoot } from './support/shared-data.ts';
import { tempDir } from './support/temp-dir.ts';
import { offlineEnv } from './support/tmux.ts';

const KEY = 'sk-sigmatest-FAKE-0123456789abcdefXYZ';
const work = tempDir('debug-log');

let server: OpenAICompatibleTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** `sigma` as a child process without blocking this process, which serves the model. */
function sigma(args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'src/cli/main.ts'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...offlineEnv(join(work, 'home'), env) },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function customerServer(): Promise<OpenAICompatibleTestServer> {
  server = await startOpenAICompatibleServer({
    apiKey: KEY,
    responses: [
      reply.text(`Hello, I want to return a lamp. My account token is ${KEY}.`),
      reply.text('That is all, thank you! ###STOP###'),
    ],
  });
  return server;
}

function playArgs(saveTo: string): string[] {
  const script = join(work, 'steps.jsonl');
  writeFileSync(script, '{"respond": "I can help with the lamp. Anything else?"}\n');
  return [
    'play',
    '--user-model',
    'openai-compatible:customer-test',
    '--persona',
    `You want to return a lamp; you paste your account token ${KEY} when you greet the agent.`,
    '--script',
    script,
    '--save-to',
    saveTo,
  ];
}

describe('the model debug log', () => {
  it('--debug FILE logs the customer model prompts and replies, the key redacted', async () => {
    const s = await customerServer();
    const log = join(work, 'debug.log');
    const run = await sigma([...playArgs(join(work, 'a.jsonl')), '--debug', log], {
      SIGMA_OPENAI_COMPATIBLE_BASE_URL: s.url,
      SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('customer › That is all, thank you!');
    s.assertDone();
    // The key was really sent (the server refuses requests without it) and was in the prompt.
    expect(s.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
    expect(JSON.stringify(s.requests[0]!.messages)).toContain(KEY);

    const text = readFileSync(log, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('0123456789abcdef');
    expect(text).toContain('[sigma debug] model call 1 · customer · openai-compatible:customer-test');
    expect(text).toContain('  system:');
    expect(text).toContain('you paste your account token [redacted] when you greet the agent');
    expect(text).toMatch(/model call 1, attempt 1, \d+ ms: reply \(\d+ tokens in, \d+ out\)/);
    expect(text).toContain('Hello, I want to return a lamp. My account token is [redacted].');
    // The second call carries the conversation so far, the agent's reply included.
    expect(text).toContain('[sigma debug] model call 2 · customer');
    expect(text.split('model call 2 ·')[1]).toContain('I can help with the lamp. Anything else?');
    expect(text).toContain('That is all, thank you! ###STOP###');
    expect(run.stderr).not.toContain('[sigma debug]');
  });

  it('DEBUG_SIMULATOR=1 logs to stderr, the key redacted, and leaves stdout as it was', async () => {
    const s = await customerServer();
    const run = await sigma(playArgs(join(work, 'b.jsonl')), {
      SIGMA_OPENAI_COMPATIBLE_BASE_URL: s.url,
      SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY,
      DEBUG_SIMULATOR: '1',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('[sigma debug] model call 2 · customer · openai-compatible:customer-test');
    expect(run.stderr).toContain('My account token is [redacted].');
    expect(run.stderr).not.toContain(KEY);
    // The conversation itself is shown as it happened: the customer did paste the token.
    expect(run.stdout).toContain(`My account token is ${KEY}.`);
    expect(run.stdout).not.toContain('[sigma debug]');
  });

  it('refuses a log file that cannot be written, before anything is played', async () => {
    const run = await sigma(
      ['play', '--task-index', '0', '--script', 'x.jsonl', '--debug', join(work, 'no/such/dir/log')],
      {},
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^sigma: DEBUG_SIMULATOR=\S+no\/such\/dir\/log: cannot write the model debug log there/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('labels each client by its role (copilot agent, judge) and logs failures', async () => {
    server = await startOpenAICompatibleServer({
      apiKey: KEY,
      responses: [reply.toolCall('get_order_details', '{"order_id": "#W1"}'), reply.text('met')],
    });
    const lines: string[] = [];
    const debug: ModelDebugLog = { write: (t) => lines.push(t) };
    const env = { SIGMA_OPENAI_COMPATIBLE_BASE_URL: server.url, SIGMA_OPENAI_COMPATIBLE_API_KEY: KEY };
    const spec = { provider: 'openai-compatible' as const, model: 'm' };
    const copilot = createModelClient(spec, { env, role: 'copilot agent', debug });
    await copilot.complete({
      system: 'You are the agent.',
      messages: [{ role: 'user', content: 'Where is my order?' }],
      tools: [
        { name: 'get_order_details', description: 'd', parameters: { type: 'object', properties: {} } },
      ],
    });
    const judge = createModelClient(spec, { env, role: 'judge', debug });
    await judge.complete({ messages: [{ role: 'user', content: 'Was it said?' }] });
    const bad = createModelClient(spec, {
      env: { ...env, SIGMA_OPENAI_COMPATIBLE_API_KEY: 'wrong-key-123' },
      role: 'judge',
      debug,
      maxRetries: 0,
    });
    await expect(bad.complete({ messages: [{ role: 'user', content: 'again' }] })).rejects.toThrow();
    const text = lines.join('');
    expect(text).toContain('model call');
    expect(text).toMatch(/· copilot agent · openai-compatible:m ·/);
    expect(text).toContain('  tools: get_order_details');
    expect(text).toContain('→ get_order_details {"order_id": "#W1"}');
    expect(text).toMatch(
      /· judge · openai-compatible:m ·[^\n]*\n {2}messages:\n {4}\[user\]\n {8}Was it said\?/,
    );
    expect(text).toMatch(/attempt 1, \d+ ms: failed: .*401/);
  });
});
