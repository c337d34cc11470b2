import { expect } from 'vitest';
import type { OpenAICompatibleTestServer } from '../../src/testing/index.ts';
import { reply } from '../../src/testing/index.ts';
import type { TestServer } from './server-harness.ts';

/**
 * Real episodes for the export tests, played over HTTP on the mini-shop fixture domain with the scripted
 * customer: a person's episode with an undo and a rollback (reward 1), a copilot episode with a
 * rejected, an accepted and an edited draft (the loopback model drafts), a person's episode with a
 * wrong write (reward 0, same task and opening: an across-episodes pair), an abandoned one, and a
 * person's episode of the train split's task.
 */
export async function playExportEpisodes(
  server: TestServer,
  llm: OpenAICompatibleTestServer,
): Promise<string[]> {
  const post = async (path: string, body: unknown = {}) => {
    const r = await server.call('POST', path, { body });
    expect(r.status, `${path}: ${r.text}`).toBeLessThan(300);
    return r.json;
  };
  const session = async (extra: Record<string, unknown> = {}) => {
    // Sessions a few milliseconds apart: the store lists them by creation time, so rows keep one order.
    await new Promise((done) => setTimeout(done, 5));
    const created = await post('/sessions', {
      envName: 'mini-shop',
      taskIndex: 0,
      userStrategy: 'scripted',
      ...extra,
    });
    await post(`/sessions/${created.id}/start`);
    return created.id as string;
  };
  const tool = (id: string, name: string, args: Record<string, unknown>) =>
    post(`/sessions/${id}/tool`, { name, arguments: args });
  const say = (id: string, message: string) => post(`/sessions/${id}/respond`, { message });
  const lastMessageId = async (id: string) => {
    const r = await server.call('GET', `/sessions/${id}`);
    return (r.json.history as Array<{ id: string }>).at(-1)!.id;
  };
  const ids: string[] = [];

  // A person's episode: a wrong lookup undone, a message rolled back and said better; reward 1.
  const person = await session();
  await tool(person, 'get_order', { order_id: 'o999' });
  await post(`/sessions/${person}/undo`);
  await tool(person, 'get_order', { order_id: 'o100' });
  const before = await lastMessageId(person);
  await say(person, 'Please hold on.');
  await post(`/sessions/${person}/rollback`, { messageId: before });
  await say(person, 'I can cancel order o100 because you no longer need it. Shall I go ahead?');
  await tool(person, 'cancel_order', { order_id: 'o100', reason: 'no longer needed' });
  await say(person, 'Order o100 is cancelled. Is there anything else I can help with?');
  ids.push(person);

  // The copilot: a draft rejected (the person did otherwise), one accepted, one edited.
  const copilot = await session({ agentModel: 'openai-compatible:copilot-test' });
  llm.enqueue(
    reply.toolCall('cancel_order', { order_id: 'o100', reason: 'other' }),
    reply.text('I can cancel order o100 because you no longer need it. Shall I go ahead?'),
    reply.toolCall('cancel_order', { order_id: 'o100', reason: 'ordered by mistake' }),
  );
  const draft = async (intent: string) =>
    (await post(`/sessions/${copilot}/draft`, { intent })).draftId as string;
  const decide = (draftId: string, body: Record<string, unknown>) =>
    post(`/sessions/${copilot}/drafts/${draftId}/decision`, body);
  await decide(await draft('cancel it'), { decision: 'rejected', reason: 'Look the order up first.' });
  await tool(copilot, 'get_order', { order_id: 'o100' });
  await decide(await draft('confirm'), { decision: 'accepted' });
  await decide(await draft('cancel'), {
    decision: 'edited',
    final: {
      type: 'tool_call',
      name: 'cancel_order',
      arguments: '{"order_id": "o100", "reason": "no longer needed"}',
    },
  });
  await say(copilot, 'Order o100 is cancelled. Is there anything else I can help with?');
  ids.push(copilot);

  // A wrong write: reward 0, the same task and opening as the first.
  const wrong = await session({ maxTurns: 4 });
  await tool(wrong, 'get_order', { order_id: 'o100' });
  await say(wrong, 'I can cancel order o100 because you no longer need it. Shall I go ahead?');
  await tool(wrong, 'cancel_order', { order_id: 'o100', reason: 'ordered by mistake' });
  await say(wrong, 'Order o100 is cancelled. Is there anything else I can help with?');
  ids.push(wrong);

  // Abandoned after one action.
  const abandoned = await session();
  await tool(abandoned, 'get_order', { order_id: 'o100' });
  expect((await server.call('DELETE', `/sessions/${abandoned}`)).status).toBe(200);
  ids.push(abandoned);

  // The train split's task.
  const other = await session({ taskSplit: 'train', taskIndex: 0 });
  await tool(other, 'get_order', { order_id: 'o101' });
  await say(other, 'Order o101 cost 15. Is there anything else I can help with?');
  ids.push(other);
  return ids;
}
