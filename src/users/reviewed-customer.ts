import type { ChatMessage } from '../core/model/types.ts';
import { ModelCustomer, type Written } from './model-customer.ts';
import { CHECK_SYSTEM_1, reviewMaterial1 } from './prompts/check-1.ts';
import { type BriefParts, customerBrief1 } from './prompts/llm-1.ts';
import { parseVerdict } from './review-verdict.ts';

/** A draft the review turned down, kept in the memory so an episode shows how its customer was steered. */
export interface Rejection {
  /** Which customer message it was a draft of: 0 for the opening, then one per agent message. */
  turn: number;
  draft: string;
  reason: string;
  /** The `reflection` strategy's conclusion about the draft. */
  reflection?: string;
  /** True when every draft was turned down and this last one was sent anyway. */
  sent?: boolean;
}

/**
 * Write a draft, have a second call review it against the goal (and for leaks, breaking character and
 * stopping early), and write again when it is turned down: the loop the `verify` and `reflection`
 * strategies share. They differ in what the model is told before it writes again.
 */
export abstract class ReviewedCustomer extends ModelCustomer {
  private rejections: Rejection[] = [];

  /** Drafts written per message at most. */
  protected abstract readonly attempts: number;

  /** What to add to the system prompt before the next draft, given this turn's rejections so far. */
  protected abstract retryNote(rejected: Rejection[], material: string): Promise<string>;

  protected brief(parts: BriefParts): string {
    return customerBrief1(parts);
  }

  protected override extraState(): Record<string, unknown> {
    return { rejections: this.rejections };
  }

  protected override restoreExtra(extra: Record<string, unknown>): void {
    this.rejections = Array.isArray(extra.rejections) ? (extra.rejections as Rejection[]) : [];
  }

  protected async write(conversation: readonly ChatMessage[]): Promise<Written> {
    const turn = conversation.filter((m) => m.role === 'user').length - 1;
    const rejected: Rejection[] = [];
    let system = this.system;
    for (let attempt = 1; ; attempt++) {
      const said = this.said(await this.complete({ system, messages: [...conversation] }), attempt);
      const material = reviewMaterial1({ goal: this.goal, transcript: conversation, draft: said });
      const verdict = parseVerdict(
        await this.complete({ system: CHECK_SYSTEM_1, messages: [{ role: 'user', content: material }] }),
      );
      if (verdict.pass) {
        this.rejections.push(...rejected);
        return { kept: said, said };
      }
      rejected.push({ turn, draft: said, reason: verdict.reason });
      if (attempt >= this.attempts) {
        // Sending the last draft keeps the episode going (a customer that falls silent would end it);
        // the log shows it did not pass.
        rejected.at(-1)!.sent = true;
        this.rejections.push(...rejected);
        return { kept: said, said };
      }
      system = `${this.system}\n\n${await this.retryNote(rejected, material)}`;
    }
  }
}
