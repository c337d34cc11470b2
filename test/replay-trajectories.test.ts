// The `replay` customer with the recorded agent turns reproduces tau-bench's recorded conversations:
// every customer message, every tool result the current data can give, and every recorded reward.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extendDomain } from '../src/core/domain/extend.ts';
import { loadDomainFolder } from '../src/core/domain/loaders/index.ts';
import type { Domain } from '../src/core/domain/types.ts';
import { isDict, type PyDict, type PyValue, parsePyJson } from '../src/core/python/index.ts';
import { builtInToolKits } from '../src/domains/toolkits.ts';
import { SimulatorSession } from '../src/session/index.ts';
import { recordedTask } from '../src/session/rescore.ts';
import { createCustomer, customerConfig, customerTurnsFromTraj } from '../src/users/index.ts';
import { noSharedData, shared, skipReason } from './support/shared-data.ts';

interface Replayed {
  rewardAgrees: boolean;
  customerTurns: { said: number; differ: number };
  toolResults: { total: number; differ: Map<string, number> };
}

const withTask = new Map<string, Domain>();

/** Plays one recorded conversation: the agent's turns as recorded, the customer by the replay strategy. */
async function replay(
  domainBase: Awaited<ReturnType<typeof loadDomainFolder>>,
  record: PyDict,
  index: number,
): Promise<Replayed> {
  const task = recordedTask(domainBase, `trajectory ${index}`, record);
  // Trials of one task share a domain, so its ground truth is computed once.
  let domain = withTask.get(task.id);
  if (domain === undefined) {
    domain = extendDomain(domainBase, { tasks: new Map([['recorded', [task]]]) });
    withTask.set(task.id, domain);
  }
  const traj = JSON.parse(JSON.stringify(record.traj, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  const customer = createCustomer(customerConfig('replay'), {
    replay: { turns: customerTurnsFromTraj(traj) },
  });
  const session = new SimulatorSession({ domain, split: 'recorded', taskIndex: 0, customer });
  const messages = record.traj as PyDict[];
  const result: Replayed = {
    rewardAgrees: false,
    customerTurns: { said: 0, differ: 0 },
    toolResults: { total: 0, differ: new Map() },
  };
  const opening = await session.start();
  const firstUser = messages.find((m) => m.role === 'user');
  result.customerTurns.said++;
  if (opening !== firstUser?.content) result.customerTurns.differ++;
  for (let i = 0; i < messages.length && !session.isDone; i++) {
    const message = messages[i]!;
    if (message.role !== 'assistant' || i === 0) continue;
    const calls = Array.isArray(message.tool_calls) ? message.tool_calls : [];
    const call = calls[0];
    if (call !== undefined && isDict(call) && isDict(call.function)) {
      const name = String(call.function.name);
      // As tau-bench's tool-calling agent: only the first call of a message is executed.
      const outcome = session.callTool(name, String(call.function.arguments), 'replay');
      const recorded = messages[i + 1];
      result.toolResults.total++;
      if (recorded?.role === 'tool' && recorded.content !== outcome.observation) {
        result.toolResults.differ.set(name, (result.toolResults.differ.get(name) ?? 0) + 1);
      }
      continue;
    }
    const reply = messages.slice(i + 1).find((m) => m.role === 'user' || m.role === 'assistant');
    if (reply?.role !== 'user') break; // cut off by the step limit before the customer answered
    const outcome = await session.respondToUser(String(message.content ?? ''), 'replay');
    result.customerTurns.said++;
    if (outcome.observation !== reply.content) result.customerTurns.differ++;
  }
  if (!session.isDone) session.abandon();
  const recordedReward = Number(record.reward as PyValue as number);
  result.rewardAgrees = session.getFinalResult().reward.reward === recordedReward;
  return result;
}

describe.skipIf(noSharedData)(`replaying recorded tau-bench conversations (${skipReason})`, () => {
  it('reproduces every customer message and every recorded reward of the gpt-4o airline runs', async () => {
    const domain = await loadDomainFolder(shared('tau-bench/airline'), builtInToolKits);
    const records = parsePyJson(
      readFileSync(shared('trajectories', 'tau-bench-gpt-4o-airline-trials-0-1.json'), 'utf8'),
    ) as PyDict[];
    expect(records).toHaveLength(100);
    let rewards = 0;
    let turns = 0;
    let turnDiffs = 0;
    let tools = 0;
    const toolDiffs = new Map<string, number>();
    for (const [index, record] of records.entries()) {
      const replayed = await replay(domain, record, index);
      if (replayed.rewardAgrees) rewards++;
      turns += replayed.customerTurns.said;
      turnDiffs += replayed.customerTurns.differ;
      tools += replayed.toolResults.total;
      for (const [name, n] of replayed.toolResults.differ)
        toolDiffs.set(name, (toolDiffs.get(name) ?? 0) + n);
    }
    expect(rewards).toBe(100);
    expect(turnDiffs).toBe(0);
    expect(turns).toBeGreaterThan(500);
    expect(tools).toBe(572);
    // The recorded runs used an older users file ("province" where the data now has "state"): only
    // get_user_details can differ, as `sigma rescore` reports.
    expect(Object.fromEntries(toolDiffs)).toEqual({ get_user_details: 59 });
  });
});
