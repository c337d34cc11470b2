import { TrlKtoRowSchema } from '../../contracts/export-rows.ts';
import type { Trajectory } from '../../contracts/trajectory.ts';
import { conversation, functionTools, rowSource, trlMessage, trlMessages } from '../chat.ts';
import { countSkip, type JsonLinesFormat, type RowMaker, type RowOptions } from '../format.ts';
import { prefixThrough, proposedMessage } from '../pairs.ts';
import { checkTrlPreference } from '../rules.ts';

/**
 * TRL's unpaired preference rows (`prompt`, `completion`, `label`). The rule:
 * - desirable (`true`): an agent turn a person wrote or edited (`turn`), a copilot draft the person
 *   accepted (`proposal-accepted`), and a whole episode with reward 1 (`episode`);
 * - undesirable (`false`): a draft the person rejected (`proposal-rejected`) or changed
 *   (`proposal-edited`: the draft as the model wrote it), and a whole episode with reward 0.
 * Turns a model wrote and no one decided on, and unscored episodes, give no row.
 */
export const trlKto: JsonLinesFormat = {
  kind: 'jsonl',
  name: 'trl-kto',
  summary:
    'TRL unpaired preference rows (`prompt`, `completion`, `label`): what people approved and rejected',
  agentSide: true,
  schema: TrlKtoRowSchema,
  check: checkTrlPreference,
  create(options: RowOptions): RowMaker {
    const skipped = new Map<string, number>();
    return {
      skipped,
      *rows(t: Trajectory) {
        const tools = functionTools(t);
        const messages = conversation(t);
        let made = 0;
        const row = (prompt: typeof messages, completion: typeof messages, label: boolean, kind: string) => {
          made++;
          return {
            prompt: trlMessages(t, prompt, options.system),
            completion: completion.map((m) => trlMessage(t, m)),
            label,
            tools,
            source: rowSource(t, kind),
          };
        };
        for (const [i, m] of messages.entries())
          if (m.role === 'assistant' && (m.author === 'human' || m.author === 'model-edited'))
            yield row(messages.slice(0, i), [m], true, 'turn');
        for (const [i, p] of (t.proposals ?? []).entries()) {
          const lastId = p.context.at(-1)?.id;
          const prompt = lastId === undefined ? undefined : (prefixThrough(t, lastId) ?? p.context);
          if (prompt === undefined) continue;
          const draft = proposedMessage(p.proposal, `proposal-${i}`, 'model');
          yield row(prompt, [draft], p.decision === 'accepted', `proposal-${p.decision}`);
        }
        const reward = t.reward?.reward;
        if ((reward === 1 || reward === 0) && messages.length > 1)
          yield row(messages.slice(0, 1), messages.slice(1), reward === 1, 'episode');
        if (made === 0) countSkip(skipped, 'nothing decided and no reward of 0 or 1');
      },
    };
  },
};
