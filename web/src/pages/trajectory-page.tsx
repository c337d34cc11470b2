import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useEffect, useState } from 'react';
import { api, type Message, type Schemas, unwrap } from '../api/client';
import {
  type Annotation,
  annotationsKey,
  NoteForm,
  NoteList,
  ReviewerField,
  useAddNote,
  useReviewer,
} from '../components/annotations';
import { Conversation } from '../components/conversation';
import { DiffView } from '../components/diff-view';
import { DataDifferencePanel, RewardPanel } from '../components/result-parts';
import { endReasonText } from '../lib/end-reason';

export type TrajectoryRecord = Schemas['Trajectory'];
type Proposal = NonNullable<TrajectoryRecord['proposals']>[number];

export const trajectoryQuery = (id: string) => ({
  queryKey: ['trajectory', id],
  queryFn: async () => unwrap(await api.GET('/trajectories/{id}', { params: { path: { id } } })),
});

export const resultQuery = (id: string) => ({
  queryKey: ['result', id],
  queryFn: async () => unwrap(await api.GET('/sessions/{id}/result', { params: { path: { id } } })),
});

/** The agent's actions (tool calls) of a record, in order, with the message that made each. */
export function actionsOf(
  t: TrajectoryRecord,
): Array<{ messageId: string; name: string; arguments: string }> {
  return t.messages.flatMap((m) => {
    const call = m.role === 'assistant' ? m.tool_calls?.[0] : undefined;
    return call === undefined
      ? []
      : [{ messageId: m.id, name: call.function.name, arguments: call.function.arguments }];
  });
}

const proposedText = (p: Proposal['proposal']) =>
  p.type === 'reply' ? `say: “${p.content}”` : `call ${p.name} ${p.arguments}`;

function Decision({ p }: { p: Proposal }) {
  return (
    <div className={`decision decision-${p.decision}`}>
      <span className="who">copilot ({p.model})</span> drafted {proposedText(p.proposal)} —{' '}
      <strong>{p.decision}</strong>
      {p.final && <> as {proposedText(p.final)}</>}
      {p.reason && <>: “{p.reason}”</>}
      {p.intent && <span className="muted"> (asked: {p.intent})</span>}
    </div>
  );
}

/** Step-through: the data after action n (0: the initial data), from the server's replay of the record. */
function StepThrough({
  id,
  step,
  actions,
  onStep,
}: {
  id: string;
  step: number;
  actions: number;
  onStep: (n: number) => void;
}) {
  const at = useQuery({
    queryKey: ['trajectory-step', id, step],
    queryFn: async () =>
      unwrap(await api.GET('/trajectories/{id}/steps/{n}', { params: { path: { id, n: step } } })),
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable]') || e.altKey || e.ctrlKey || e.metaKey)
        return;
      if (e.key === 'ArrowLeft' && step > 0) onStep(step - 1);
      else if (e.key === 'ArrowRight' && step < actions) onStep(step + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, actions, onStep]);
  return (
    <section className="panel step-through" aria-labelledby="step-title">
      <h2 id="step-title">Step through the actions</h2>
      <div className="row">
        <button type="button" className="small" disabled={step === 0} onClick={() => onStep(step - 1)}>
          ← Previous action
        </button>
        <span aria-live="polite" data-testid="step-label">
          {actions === 0
            ? 'No actions: the data stayed as it was'
            : step === 0
              ? `Initial data (before action 1 of ${actions})`
              : `After action ${step} of ${actions}`}
        </span>
        <button type="button" className="small" disabled={step >= actions} onClick={() => onStep(step + 1)}>
          Next action →
        </button>
      </div>
      <p className="hint">Keys: ← and → step back and forth.</p>
      {at.error ? (
        <p className="error" role="alert">
          {at.error.message}
        </p>
      ) : at.data === undefined ? (
        <p className="muted">Replaying…</p>
      ) : (
        <>
          {at.data.call && (
            <p>
              Action {step}: <code>{at.data.call.name}</code>{' '}
              <code className="args">
                {typeof at.data.call.arguments === 'string'
                  ? at.data.call.arguments
                  : JSON.stringify(at.data.call.arguments)}
              </code>
            </p>
          )}
          <DiffView
            caption={`the data after action ${step}, compared with the initial data`}
            diffs={at.data.changes}
            beforeLabel="initial"
            afterLabel={`after action ${step}`}
            empty={
              step === 0 ? 'The initial data: nothing changed yet.' : 'No change to the initial data so far.'
            }
          />
        </>
      )}
    </section>
  );
}

/**
 * A recorded trajectory: the conversation with its tool calls and results, the copilot's decisions at
 * the message they follow, notes on the whole and on each message, step-through, the reward and the
 * data difference. `children` go above the conversation (the review queue's controls).
 */
export function TrajectoryView({
  id,
  children,
  embedded = false,
}: {
  id: string;
  children?: ReactNode;
  /** Shown inside another page (the review queue): that page asks for the reviewer's name. */
  embedded?: boolean;
}) {
  const trajectory = useQuery(trajectoryQuery(id));
  const result = useQuery(resultQuery(id));
  const notes = useQuery({
    queryKey: annotationsKey(id),
    queryFn: async () =>
      unwrap(await api.GET('/sessions/{id}/annotations', { params: { path: { id } } })).items,
  });
  const [reviewer, setReviewer] = useReviewer();
  const add = useAddNote(id);
  const [noting, setNoting] = useState<string | undefined>();
  const [step, setStep] = useState(0);
  if (trajectory.error)
    return (
      <p className="error" role="alert">
        {trajectory.error.message}
      </p>
    );
  const t = trajectory.data;
  if (t === undefined) return <p className="muted">Loading the trajectory…</p>;
  const actions = actionsOf(t);
  const currentMessage = step === 0 ? undefined : actions[step - 1]?.messageId;
  const byMessage = new Map<string, Annotation[]>();
  for (const a of notes.data ?? []) {
    if (a.messageId === undefined) continue;
    byMessage.set(a.messageId, [...(byMessage.get(a.messageId) ?? []), a]);
  }
  const decisions = new Map<string, Proposal[]>();
  for (const p of t.proposals ?? []) {
    const after = p.context.filter((m) => m.role !== 'system').at(-1)?.id;
    if (after !== undefined) decisions.set(after, [...(decisions.get(after) ?? []), p]);
  }
  const running = t.endReason === null;
  const canContinue = running || t.endReason === 'abandoned';
  const addError = add.error?.message;
  const after = (m: Message) => (
    <>
      {(decisions.get(m.id) ?? []).map((p) => (
        <Decision key={p.at} p={p} />
      ))}
      <NoteList sessionId={id} notes={byMessage.get(m.id) ?? []} />
      {noting === m.id ? (
        <NoteForm
          label={`note on message ${m.id}`}
          submitLabel="Add the note"
          busy={add.isPending}
          onSubmit={(draft) =>
            add.mutate(
              { draft, author: reviewer.trim(), messageId: m.id },
              { onSuccess: () => setNoting(undefined) },
            )
          }
          onCancel={() => setNoting(undefined)}
        />
      ) : (
        <button
          type="button"
          className="small ghost note-button"
          aria-label={`Note on message ${m.id}`}
          disabled={reviewer.trim() === ''}
          onClick={() => setNoting(m.id)}
        >
          Note
        </button>
      )}
    </>
  );
  return (
    <div className="trajectory">
      <header className="trajectory-head">
        {embedded ? (
          <h2>
            {t.domain.name} · task {t.task.id}
          </h2>
        ) : (
          <h1>
            {t.domain.name} · task {t.task.id}
          </h1>
        )}
        <p>
          {running ? 'Still running' : `Ended: ${endReasonText(t.endReason)}`} · customer{' '}
          {t.customer.strategy}
          {t.customer.model ? ` (${t.customer.model})` : ''} · {actions.length} action
          {actions.length === 1 ? '' : 's'} ·{' '}
          <span className="muted mono" data-testid="trajectory-id">
            {t.id}
          </span>
        </p>
        <p className="row">
          <a href="/trajectories">All trajectories</a>
          <Link to="/result/$id" params={{ id }}>
            Result page
          </Link>
          {canContinue && (
            <Link to="/play/$id" params={{ id }}>
              Continue the episode
            </Link>
          )}
        </p>
        <details className="instruction">
          <summary>The customer's instruction</summary>
          <p>{t.task.instruction}</p>
        </details>
      </header>
      {children}
      <div className="trajectory-grid">
        <section className="panel" aria-labelledby="conversation-title">
          <h2 id="conversation-title">Conversation</h2>
          {!embedded && <ReviewerField name={reviewer} onName={setReviewer} />}
          {addError && (
            <p className="error" role="alert">
              {addError}
            </p>
          )}
          <Conversation history={t.messages} canRollback={false} current={currentMessage} after={after} />
        </section>
        <div className="side-column">
          <StepThrough id={id} step={step} actions={actions.length} onStep={setStep} />
          <section className="panel" aria-labelledby="notes-title">
            <h2 id="notes-title">Notes on the trajectory</h2>
            <NoteList sessionId={id} notes={(notes.data ?? []).filter((a) => a.messageId === undefined)} />
            {reviewer.trim() === '' ? (
              <p className="hint">Give your name above to add notes.</p>
            ) : (
              <NoteForm
                label="note on the trajectory"
                submitLabel="Add the note"
                busy={add.isPending}
                onSubmit={(draft) => add.mutate({ draft, author: reviewer.trim() })}
              />
            )}
          </section>
          {result.data && <RewardPanel id={id} r={result.data} />}
          {result.data && <DataDifferencePanel id={id} r={result.data} />}
          {result.error && (
            <p className="error" role="alert">
              {result.error.message}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}

export function TrajectoryPage({ id }: { id: string }) {
  return <TrajectoryView id={id} />;
}
