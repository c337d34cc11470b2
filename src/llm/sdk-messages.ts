import { jsonSchema, type LanguageModel, type ModelMessage, type ToolSet, tool, wrapLanguageModel } from 'ai';
import type { ModelRequestMessage, ModelTool, ModelToolCall } from '../core/model/types.ts';

/**
 * The bridge between the core's messages and tools and the AI SDK's: a request's messages and tools in
 * the SDK's terms, and the model's tool calls back with their arguments as the model wrote them.
 */

/** The request's messages as the SDK takes them (tool calls and tool results included). */
export function toSdkMessages(messages: readonly ModelRequestMessage[]): ModelMessage[] {
  return messages.map((m): ModelMessage => {
    if (m.role === 'tool') {
      return {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: m.toolCallId,
            toolName: m.name,
            output: { type: 'text', value: m.content },
          },
        ],
      };
    }
    if (m.role === 'assistant' && 'toolCalls' in m && m.toolCalls.length > 0) {
      return {
        role: 'assistant',
        content: [
          ...(m.content === '' ? [] : [{ type: 'text' as const, text: m.content }]),
          ...m.toolCalls.map((call) => ({
            type: 'tool-call' as const,
            toolCallId: call.id,
            toolName: call.name,
            input: argumentsValue(call.arguments),
          })),
        ],
      };
    }
    return { role: m.role, content: m.content };
  });
}

/**
 * The SDK takes a past call's arguments as a value and writes them out again itself; arguments that
 * are not a JSON object (a model's malformed call) are given back as the text they were.
 */
function argumentsValue(text: string): unknown {
  try {
    return text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The tools as SDK function tools without `execute`, so the SDK hands the calls back instead of running
 * them; no validation of their own: the domain checks every call's arguments when it runs it.
 */
export function toSdkTools(tools: readonly ModelTool[]): ToolSet {
  const set: ToolSet = {};
  for (const t of tools) {
    set[t.name] = tool({
      description: t.description,
      inputSchema: jsonSchema(t.parameters as Parameters<typeof jsonSchema>[0]),
    });
  }
  return set;
}

/**
 * A model whose answers' tool calls are kept as the provider gave them: the SDK parses a call's JSON
 * arguments, which loses what a model wrote exactly (`1.0` becomes `1`), so the text is read here first.
 * Models given by name (a string) cannot be wrapped: their calls' arguments are written out again.
 */
export function capturingToolCalls(model: LanguageModel): {
  model: LanguageModel;
  raw: Map<string, ModelToolCall>;
} {
  const raw = new Map<string, ModelToolCall>();
  if (typeof model === 'string') return { model, raw };
  const wrapped = wrapLanguageModel({
    model,
    middleware: {
      specificationVersion: 'v4',
      wrapGenerate: async ({ doGenerate }) => {
        const result = await doGenerate();
        for (const part of result.content) {
          if (part.type === 'tool-call') {
            raw.set(part.toolCallId, { id: part.toolCallId, name: part.toolName, arguments: part.input });
          }
        }
        return result;
      },
    },
  });
  return { model: wrapped, raw };
}

/** The answer's tool calls in order, each with the arguments as the model wrote them. */
export function toolCallsOf(
  calls: ReadonlyArray<{ toolCallId: string; toolName: string; input: unknown }>,
  raw: ReadonlyMap<string, ModelToolCall>,
): ModelToolCall[] {
  return calls.map(
    (call) =>
      raw.get(call.toolCallId) ?? {
        id: call.toolCallId,
        name: call.toolName,
        arguments: typeof call.input === 'string' ? call.input : JSON.stringify(call.input ?? {}),
      },
  );
}
