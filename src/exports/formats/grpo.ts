import { GrpoRowSchema } from '../../contracts/export-rows.ts';
import type { Trajectory } from '../../contracts/trajectory.ts';
import { conversation, functionTools, trlMessages } from '../chat.ts';
import { countSkip, type JsonLinesFormat, type RowMaker } from '../format.ts';

/**
 * Prompt-only task rows for reinforcement learning: the policy and the customer's opening as the prompt,
 * the task, and how a reward function scores a completion by playing it in Sigma (the body of
 * `POST /sessions`; `examples/grpo-reward.py` does it). One row per task and opening: episodes that
 * only repeat a task add nothing. Episodes with a custom persona have no ground truth: skipped.
 */
export const grpo: JsonLinesFormat = {
  kind: 'jsonl',
  name: 'grpo',
  summary: 'Prompt-only task rows for RL (`prompt`, `task_id`, `domain`, `split`, `tools`, `scoring`)',
  agentSide: true,
  schema: GrpoRowSchema,
  create(): RowMaker {
    const skipped = new Map<string, number>();
    const seen = new Set<string>();
    return {
      skipped,
      *rows(t: Trajectory) {
        const opening = conversation(t)[0];
        if (opening === undefined || t.persona !== null) {
          countSkip(skipped, opening === undefined ? 'not started' : 'custom persona: no ground truth');
          return;
        }
        const key = JSON.stringify([
          t.domain.name,
          t.task.split,
          t.task.index,
          t.customer.strategy,
          opening.content,
        ]);
        if (seen.has(key)) {
          countSkip(skipped, 'task already exported');
          return;
        }
        seen.add(key);
        yield {
          prompt: trlMessages(t, [opening], true),
          task_id: t.task.id,
          domain: t.domain.name,
          split: t.task.split,
          tools: functionTools(t),
          scoring: {
            session: {
              envName: t.domain.name,
              taskSplit: t.task.split,
              taskIndex: t.task.index,
              userStrategy: t.customer.strategy,
            },
          },
        };
      },
    };
  },
};
