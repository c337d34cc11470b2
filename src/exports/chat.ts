import type { FunctionTool, OpenAiMessage, RowSource, TrlMessage } from '../contracts/export-rows.ts';
import type { Trajectory, TrajectoryMessage } from '../contracts/trajectory.ts';
import { DataError } from '../core/errors.ts';

/**
 * The agent's view of a conversation in the chat shapes trainers read. The agent sees the policy, the
 * customer's words, its own actions and the tools' results — never the task's hidden goal, which is
 * not in the messages (only `task.instruction` holds it, and no agent-side row reads it).
 */

export type AgentMessage = Extract<TrajectoryMessage, { role: 'assistant' }>;

/** The domain's tools as a JSON-schema function list. */
export function functionTools(t: Trajectory): FunctionTool[] {
  return t.tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

/** The conversation without the policy (the record's first message). */
export function conversation(t: Trajectory): TrajectoryMessage[] {
  return t.messages.filter((m) => m.role !== 'system');
}

export function policyOf(t: Trajectory): string {
  const first = t.messages[0];
  return first?.role === 'system' ? first.content : '';
}

/** A tool call's arguments (JSON text in the record) as an object, for TRL's chat templates. */
export function argumentsObject(t: Trajectory, text: string): Record<string, unknown> {
  try {
    const value = text.trim() === '' ? {} : JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new DataError(
    `trajectory ${t.id}`,
    `tool-call arguments are not a JSON object: ${text.slice(0, 80)}`,
  );
}

/** One message in TRL's conversational shape. */
export function trlMessage(t: Trajectory, m: TrajectoryMessage): TrlMessage {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'user':
      return { role: 'user', content: m.content };
    case 'tool':
      return { role: 'tool', name: m.name, content: m.content };
    case 'assistant': {
      const calls = m.tool_calls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: m.content ?? '' };
      return {
        role: 'assistant',
        content: m.content ?? '',
        tool_calls: calls.map((c) => ({
          type: 'function',
          function: { name: c.function.name, arguments: argumentsObject(t, c.function.arguments) },
        })),
      };
    }
  }
}

/** Messages in TRL's shape, the policy first unless `system` is false. */
export function trlMessages(
  t: Trajectory,
  messages: readonly TrajectoryMessage[],
  system: boolean,
): TrlMessage[] {
  const out: TrlMessage[] = system ? [{ role: 'system', content: policyOf(t) }] : [];
  for (const m of messages) if (m.role !== 'system') out.push(trlMessage(t, m));
  return out;
}

/** One message in OpenAI's fine-tuning shape (arguments stay JSON text; results name their call). */
export function openAiMessage(m: TrajectoryMessage, weight?: 0 | 1): OpenAiMessage {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'user':
      return { role: 'user', content: m.content };
    case 'tool':
      return { role: 'tool', tool_call_id: m.tool_call_id, content: m.content };
    case 'assistant': {
      const calls = m.tool_calls ?? [];
      const base: OpenAiMessage =
        calls.length === 0
          ? { role: 'assistant', content: m.content ?? '' }
          : {
              role: 'assistant',
              content: m.content ?? null,
              tool_calls: calls.map((c) => ({
                id: c.id,
                type: 'function',
                function: { name: c.function.name, arguments: c.function.arguments },
              })),
            };
      return weight === undefined ? base : { ...base, weight };
    }
  }
}

export function openAiMessages(
  t: Trajectory,
  messages: readonly TrajectoryMessage[],
  system: boolean,
): OpenAiMessage[] {
  const out: OpenAiMessage[] = system ? [{ role: 'system', content: policyOf(t) }] : [];
  for (const m of messages) if (m.role !== 'system') out.push(openAiMessage(m));
  return out;
}

export function rowSource(t: Trajectory, kind: string, other?: string): RowSource {
  return {
    trajectory: t.id,
    task: t.task.id,
    domain: t.domain.name,
    kind,
    ...(other === undefined ? {} : { other }),
  };
}

/** Who played the agent's turns: `human` (people, with edits of proposals), `model`, or `mixed`. */
export function agentAuthorship(t: Trajectory): 'human' | 'model' | 'mixed' | 'none' {
  let human = false;
  let model = false;
  for (const m of t.messages) {
    if (m.role !== 'assistant') continue;
    if (m.author === 'human' || m.author === 'model-edited') human = true;
    else model = true;
  }
  if (human && model) return 'mixed';
  if (human) return 'human';
  return model ? 'model' : 'none';
}

/** Whether a person decided an agent turn (wrote it, or edited a model's proposal into it). */
export function decidedByPerson(m: AgentMessage): boolean {
  return m.author === 'human' || m.author === 'model-edited';
}

/** Two agent actions are the same when they say the same or call the same tool the same way. */
export function sameAction(a: AgentMessage, b: AgentMessage): boolean {
  const ca = a.tool_calls?.[0];
  const cb = b.tool_calls?.[0];
  if (ca === undefined || cb === undefined) return ca === cb && (a.content ?? '') === (b.content ?? '');
  return ca.function.name === cb.function.name && ca.function.arguments === cb.function.arguments;
}
