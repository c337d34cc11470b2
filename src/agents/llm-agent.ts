import { InputError } from '../core/errors.ts';
import type { ModelClient } from '../core/model/types.ts';
import { modelMessages, readModelAnswer } from './model-answer.ts';
import { type AgentSystemPrompt, LLM_AGENT_PROMPT_VERSIONS, LLM_AGENT_PROMPTS } from './prompts.ts';
import type { Agent, AgentConfig, AgentContext, AgentTurn } from './types.ts';

export interface LlmAgentOptions {
  /** 0 by default, as tau-bench's agents. */
  temperature?: number;
  seed?: number;
  maxOutputTokens?: number;
  /** The newest by default. */
  promptVersion?: string;
}

/**
 * A tool-calling agent over a model, behaving as tau-bench's tool-calling agent: the system prompt is
 * the domain's policy (after one line of ours), the domain's tools are function tools, and each step is
 * one action — the first tool call the model makes, or else its text as a message to the customer.
 * Retries (429, 5xx, timeouts, empty answers) are the model client's.
 */
export class LlmAgent implements Agent {
  readonly config: AgentConfig;
  private readonly model: ModelClient;
  private readonly maxOutputTokens: number | undefined;
  private readonly system: AgentSystemPrompt;

  constructor(model: ModelClient, options: LlmAgentOptions = {}) {
    const promptVersion = options.promptVersion ?? LLM_AGENT_PROMPT_VERSIONS.at(-1)!;
    const system = Object.hasOwn(LLM_AGENT_PROMPTS, promptVersion)
      ? LLM_AGENT_PROMPTS[promptVersion]
      : undefined;
    if (system === undefined) {
      throw new InputError(
        `unknown LLM agent prompt version "${promptVersion}": use one of ${LLM_AGENT_PROMPT_VERSIONS.join(', ')}`,
      );
    }
    this.model = model;
    this.system = system;
    this.maxOutputTokens = options.maxOutputTokens;
    this.config = {
      kind: 'llm',
      provider: model.provider,
      model: model.model,
      temperature: options.temperature ?? 0,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      promptVersion,
    };
  }

  async next(context: AgentContext): Promise<AgentTurn> {
    const response = await this.model.complete({
      system: this.system(context.policy, context.intent),
      messages: modelMessages(context.history),
      tools: context.tools.map((t) => ({
        name: t.name,
        description: t.description,
        parameters: t.parameters,
      })),
      ...(this.config.temperature === undefined ? {} : { temperature: this.config.temperature }),
      ...(this.config.seed === undefined ? {} : { seed: this.config.seed }),
      ...(this.maxOutputTokens === undefined ? {} : { maxOutputTokens: this.maxOutputTokens }),
      ...(context.abortSignal === undefined ? {} : { abortSignal: context.abortSignal }),
    });
    return { ...readModelAnswer(response, this.model), usage: response.usage };
  }
}
