import { InputError } from '../core/errors.ts';

/**
 * The customer's messages of a recorded conversation, in order: the `user` messages of an OpenAI-style
 * message list (tau-bench's `traj`, or the `messages` of a Sigma trajectory). System, agent and tool
 * messages are skipped.
 */
export function customerTurnsFromTraj(traj: unknown): string[] {
  if (!Array.isArray(traj)) throw new InputError('a recorded conversation must be a list of messages');
  const turns: string[] = [];
  traj.forEach((message: unknown, i) => {
    if (message === null || typeof message !== 'object' || !('role' in message)) {
      throw new InputError(`message ${i} of the recorded conversation has no "role"`);
    }
    if (message.role !== 'user') return;
    const content = 'content' in message ? message.content : undefined;
    if (typeof content !== 'string') {
      throw new InputError(`message ${i} of the recorded conversation is a customer message without text`);
    }
    turns.push(content);
  });
  return turns;
}
