import {
  REFLECT_SYSTEM_1,
  REFLECTION_1_ATTEMPTS,
  reflectionRetryNote1,
  reflectMaterial1,
} from './prompts/reflection-1.ts';
import { type Rejection, ReviewedCustomer } from './reviewed-customer.ts';

/**
 * The `reflection` customer: every draft is reviewed by a second call; after a rejection the model
 * reflects on what went wrong (a third call) and writes again with its reflections in view.
 */
export class ReflectionCustomer extends ReviewedCustomer {
  protected readonly attempts = REFLECTION_1_ATTEMPTS;

  protected async retryNote(rejected: Rejection[], material: string): Promise<string> {
    const last = rejected.at(-1)!;
    const text = await this.complete({
      system: REFLECT_SYSTEM_1,
      messages: [{ role: 'user', content: reflectMaterial1({ material, reason: last.reason }) }],
    });
    last.reflection = text.trim();
    return reflectionRetryNote1(rejected.map((r) => r.reflection ?? '').filter((r) => r !== ''));
  }
}
