import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { Message } from '../api/client';
import { Observation } from './json-tree';
import { MessageTime } from './message-time';

const WHO: Record<Message['role'], string> = {
  system: 'system',
  user: 'customer',
  assistant: 'agent',
  tool: 'tool',
};

/**
 * The conversation: the customer's, the agent's and the tools' messages, each with its time and a
 * rollback; `pending` is a customer reply being written (it grows as its pieces arrive).
 */
export function Conversation({
  history,
  pending,
  onRollback,
  canRollback,
  current,
  after,
}: {
  history: readonly Message[];
  pending?: string | undefined;
  onRollback?: (messageId: string) => void;
  canRollback: boolean;
  /** The message of the step being looked at (step-through), marked as the current one. */
  current?: string | undefined;
  /** What to show under a message (a recorded conversation's notes and copilot decisions). */
  after?: (message: Message) => ReactNode;
}) {
  const shown = history.filter((m) => m.role !== 'system');
  return (
    <ol className="conversation" aria-label="conversation">
      {shown.map((m, i) => (
        <li
          key={m.id}
          className={`msg msg-${m.role}${m.id === current ? ' current' : ''}`}
          data-message-id={m.id}
          {...(m.id === current ? { 'aria-current': 'step' as const } : {})}
        >
          <div className="msg-head">
            <span className="who">{WHO[m.role]}</span>
            <span className="muted msg-id">{m.id}</span>
            <MessageTime at={m.at} />
            {canRollback && onRollback !== undefined && i < shown.length - 1 && (
              <Button className="small ghost" onPress={() => onRollback(m.id)}>
                Roll back to {m.id}
              </Button>
            )}
          </div>
          {m.role === 'assistant' && m.tool_calls !== undefined && m.tool_calls.length > 0 ? (
            m.tool_calls.map((call) => (
              <div key={call.id} className="call">
                → <code>{call.function.name}</code> <code className="args">{call.function.arguments}</code>
                {m.author !== 'human' && <span className="muted"> ({m.author})</span>}
              </div>
            ))
          ) : m.role === 'tool' ? (
            <Observation text={m.content} open={i === shown.length - 1} />
          ) : (
            <div className="text">{m.content}</div>
          )}
          {after?.(m)}
        </li>
      ))}
      {pending !== undefined && (
        <li className="msg msg-user pending" aria-live="polite">
          <div className="msg-head">
            <span className="who">customer</span>
          </div>
          <div className="text" data-testid="pending-reply">
            {pending === '' ? 'writing…' : pending}
          </div>
        </li>
      )}
    </ol>
  );
}
