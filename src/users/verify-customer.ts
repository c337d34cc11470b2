import { VERIFY_1_ATTEMPTS, verifyRetryNote1 } from './prompts/verify-1.ts';
import { type Rejection, ReviewedCustomer } from './reviewed-customer.ts';

/**
 * The `verify` customer: every draft is reviewed by a second call; a rejected draft is written again,
 * with the turned-down drafts and the reviewer's reasons in view.
 */
export class VerifyCustomer extends ReviewedCustomer {
  protected readonly attempts = VERIFY_1_ATTEMPTS;

  protected async retryNote(rejected: Rejection[]): Promise<string> {
    return verifyRetryNote1(rejected);
  }
}
