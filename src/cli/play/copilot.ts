import type { ProposedAction, TrajectoryMessage } from '../../contracts/trajectory.ts';
import type { Domain } from '../../core/domain/types.ts';
import type { ModelClient, ModelUsage } from '../../core/model/types.ts';
import { isDict, type PyValue, parsePyJson, pyDumps } from '../../core/python/index.ts';

export interface CopilotAnswer {
  proposal: ProposedAction;
  /** The model's text as it wrote it. */
  raw: string;
  usage: ModelUsage;
}

/** The instructions a copilot model gets: the policy, the tools, and the answer format. */
export function copilotSystemPrompt(domain: Domain): string {
  const tools = [...domain.tools.values()].map((t) => ({
    name: t.name,
    description: t.description,
    parameters: t.parameters,
  }));
  return [
    `You are the copilot of a human customer-service agent of the "${domain.name}" domain.`,
    'The agent tells you, in their own words, what they want to do next. Propose exactly one next action',
    'for the agent: a message to the customer, or one tool call. Follow the policy below.',
    '',
    'Answer with one JSON object and nothing else, in one of these two forms:',
    '{"type": "reply", "content": "<the message to the customer>"}',
    '{"type": "tool_call", "name": "<tool name>", "arguments": {<the arguments>}}',
    '',
    '# Policy',
    domain.policy,
    '',
    '# Tools (JSON schemas)',
    JSON.stringify(tools),
  ].join('\n');
}

/** The conversation so far and the agent's intent, as one message. */
export function copilotRequest(history: readonly TrajectoryMessage[], intent: string): string {
  const lines: string[] = ['Conversation so far:'];
  for (const m of history) {
    if (m.role === 'user') lines.push(`customer: ${m.content}`);
    else if (m.role === 'assistant') {
      const call = m.tool_calls?.[0];
      lines.push(
        call === undefined
          ? `agent: ${m.content ?? ''}`
          : `agent called ${call.function.name} with ${call.function.arguments}`,
      );
    } else if (m.role === 'tool') lines.push(`${m.name} returned: ${m.content}`);
  }
  lines.push('', `What the agent wants to do next: ${intent}`);
  return lines.join('\n');
}

/** The first balanced `{...}` in the text (strings and escapes respected). */
function firstObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

function str(v: PyValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Reads a proposal from a model's answer, defensively: a JSON object (fenced or inside prose) naming a
 * reply or a tool call in the asked form or a close variant (`{"tool": ...}`, `{"function": {...}}`,
 * arguments as an object or as JSON text). An answer with no readable object is taken as a reply.
 */
export function parseProposal(text: string): ProposedAction {
  const raw = text.trim();
  const candidate = firstObject(raw);
  let value: PyValue | undefined;
  if (candidate !== undefined) {
    try {
      value = parsePyJson(candidate);
    } catch {
      value = undefined;
    }
  }
  if (value === undefined || !isDict(value)) return { type: 'reply', content: raw };
  const fn = isDict(value.function) ? value.function : undefined;
  const name = str(value.name) ?? str(value.tool) ?? str(value.tool_name) ?? str(fn?.name);
  const type = str(value.type);
  if (name !== undefined && type !== 'reply') {
    const args = value.arguments ?? value.args ?? value.kwargs ?? fn?.arguments ?? {};
    return { type: 'tool_call', name, arguments: typeof args === 'string' ? args : pyDumps(args) };
  }
  const content = str(value.content) ?? str(value.reply) ?? str(value.message) ?? str(value.text);
  return { type: 'reply', content: content ?? raw };
}

/** Asks the copilot model for one proposal. */
export async function propose(
  model: ModelClient,
  domain: Domain,
  history: readonly TrajectoryMessage[],
  intent: string,
): Promise<CopilotAnswer> {
  const response = await model.complete({
    system: copilotSystemPrompt(domain),
    messages: [{ role: 'user', content: copilotRequest(history, intent) }],
    temperature: 0,
  });
  return { proposal: parseProposal(response.text), raw: response.text, usage: response.usage };
}
