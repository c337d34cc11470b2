/**
 * The LLM agent's prompt texts, one version each. A recorded episode names its version; a new wording
 * is a new version, and the old ones stay as they were.
 */

/** The system prompt of a version: from the policy, and a person's intent when drafting for them. */
export type AgentSystemPrompt = (policy: string, intent?: string) => string;

/** The system prompt of `llm-agent-1`: one line of ours, the domain's policy, and a person's intent if any. */
export function llmAgentSystem1(policy: string, intent?: string): string {
  const parts = [
    'You act as the customer-service agent in the conversation below. Each turn, do exactly one thing: call one of the tools, or write one message to the customer. Follow this policy:',
    '',
    policy.trimEnd(),
  ];
  if (intent !== undefined && intent.trim() !== '') {
    parts.push(
      '',
      '# For this turn',
      `A person is reviewing what you do before it happens. They describe the next step they want as: "${intent.trim()}". Propose that step, within the policy.`,
    );
  }
  return parts.join('\n');
}

/** Every version, oldest first. */
export const LLM_AGENT_PROMPTS: Readonly<Record<string, AgentSystemPrompt>> = Object.freeze({
  'llm-agent-1': llmAgentSystem1,
});

export const LLM_AGENT_PROMPT_VERSIONS: readonly string[] = Object.freeze(Object.keys(LLM_AGENT_PROMPTS));
