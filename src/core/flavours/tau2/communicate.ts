import type { Tau2Message } from './messages.ts';

export interface Tau2CommunicateCheck {
  info: string;
  met: boolean;
  justification: string;
}

function hasText(content: string | null): content is string {
  return content !== null && content.trim() !== '';
}

/**
 * Each fact the agent had to communicate and whether some agent message with text contains it,
 * compared case-insensitively with the commas of the message removed.
 */
export function checkTau2Communicate(
  infos: readonly string[],
  messages: readonly Tau2Message[],
): Tau2CommunicateCheck[] {
  return infos.map((info) => {
    const needle = info.toLowerCase();
    for (const m of messages) {
      if (m.role !== 'assistant' || !hasText(m.content)) continue;
      if (m.content.toLowerCase().replaceAll(',', '').includes(needle)) {
        return {
          info,
          met: true,
          justification: `Information '${info}' communicated in the message:\n '${m.content}'`,
        };
      }
    }
    return { info, met: false, justification: `Information '${info}' not communicated.` };
  });
}
