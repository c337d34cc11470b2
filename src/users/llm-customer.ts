import type { ChatMessage } from '../core/model/types.ts';
import { ModelCustomer, type Written } from './model-customer.ts';
import { type BriefParts, customerBrief1 } from './prompts/llm-1.ts';

/**
 * The `llm` customer: a language model plays the customer from the task's hidden goal and the domain's
 * guidelines, one message per call, seeing only the agent's text.
 */
export class LlmCustomer extends ModelCustomer {
  protected brief(parts: BriefParts): string {
    return customerBrief1(parts);
  }

  protected async write(conversation: readonly ChatMessage[]): Promise<Written> {
    const text = await this.complete({ system: this.system, messages: [...conversation] }, true);
    const said = this.said(text);
    return { kept: said, said };
  }
}
