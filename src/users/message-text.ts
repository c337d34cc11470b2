/** A label a model may put before the customer's words ("Customer:", "**Customer:**"). */
const OWN_LABEL = /^\s*\**\s*(?:customer|user|me)\s*\**\s*:\s*\**\s*/i;

/** A line where a model that runs on starts writing the agent's part of the conversation. */
const OTHER_SPEAKER = /^\s*\**\s*(?:agent|support agent|support|assistant|representative)\s*\**\s*:/im;

/**
 * The customer's message from a model's text: one message, never a transcript. Models sometimes label
 * their line or carry on with the agent's next turn; both would put words in the agent's mouth, so the
 * label is dropped and the text is cut where another speaker starts. Returns '' when nothing is left.
 */
export function oneMessage(text: string): string {
  let message = text.trim().replace(OWN_LABEL, '');
  const other = OTHER_SPEAKER.exec(message);
  if (other !== null) message = message.slice(0, other.index);
  return message.trim();
}
