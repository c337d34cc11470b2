/**
 * Prompt texts of the `reflection` customer, version `reflection-1`: the `llm-1` brief writes a draft,
 * the `check-1` review judges it, and after a rejection the model reflects on what went wrong and writes
 * again with that reflection in mind. Written for Sigma.
 */
export const REFLECTION_1 = 'reflection-1';

/** Drafts written per message at most; when all fail review, the last one is sent (and logged). */
export const REFLECTION_1_ATTEMPTS = 3;

export const REFLECT_SYSTEM_1 = [
  'You coach someone who role-plays a customer in a chat with a support agent. Their draft of the next ' +
    "message was turned down by a reviewer. Given the customer's hidden situation, the conversation, the " +
    "draft and the reviewer's reason, explain in two or three sentences what went wrong and what the next " +
    'message should do instead. Do not write the message itself.',
].join('\n');

export interface ReflectParts {
  /** The review material (situation, conversation, draft) as the reviewer saw it. */
  material: string;
  reason: string;
}

export function reflectMaterial1({ material, reason }: ReflectParts): string {
  return `${material}\n\nThe reviewer's reason:\n${reason}`;
}

/** Added to the system prompt when the model writes again after a reflection. */
export function reflectionRetryNote1(reflections: readonly string[]): string {
  return [
    'Your earlier drafts of this message were turned down. What you concluded about them:',
    ...reflections.map((r) => `- ${r}`),
    'Keep this in mind and write the message again.',
  ].join('\n');
}
