import { useMutation, useQueryClient } from '@tanstack/react-query';
import { forwardRef, useId, useState } from 'react';
import { api, type Schemas, unwrap } from '../api/client';
import { MessageTime } from './message-time';

export type Annotation = Schemas['Annotation'];
type ErrorSource = NonNullable<Annotation['errorSource']>;
type ErrorType = NonNullable<Annotation['errorType']>;
type Rating = NonNullable<Annotation['rating']>;

const ERROR_SOURCES: ErrorSource[] = ['agent', 'user', 'system'];
// tau2-bench's error types (the contract's `ERROR_TYPES`).
const ERROR_TYPES: ErrorType[] = [
  'logical',
  'hallucination',
  'unresponsive',
  'early_termination',
  'transcription',
  'vad',
];

const REVIEWER_KEY = 'sigma.reviewer';

/**
 * The reviewer's name, the author of their notes: the server takes a note's author from the request
 * (there are no user accounts), so the browser remembers the name the reviewer gives.
 */
export function useReviewer(): [string, (name: string) => void] {
  const [name, setName] = useState(() => window.localStorage.getItem(REVIEWER_KEY) ?? '');
  return [
    name,
    (next: string) => {
      setName(next);
      window.localStorage.setItem(REVIEWER_KEY, next);
    },
  ];
}

export function ReviewerField({ name, onName }: { name: string; onName: (name: string) => void }) {
  const id = useId();
  return (
    <div className="field reviewer">
      <label htmlFor={id}>Your name (the author of your notes)</label>
      <input id={id} value={name} onChange={(e) => onName(e.target.value)} autoComplete="name" />
    </div>
  );
}

export const annotationsKey = (sessionId: string) => ['annotations', sessionId];

export interface NoteDraft {
  errorSource: ErrorSource | '';
  errorType: ErrorType | '';
  rating: Rating | '';
  text: string;
}

const EMPTY: NoteDraft = { errorSource: '', errorType: '', rating: '', text: '' };
const draftOf = (a: Annotation): NoteDraft => ({
  errorSource: a.errorSource ?? '',
  errorType: a.errorType ?? '',
  rating: a.rating ?? '',
  text: a.text ?? '',
});
const saysSomething = (d: NoteDraft) =>
  d.errorSource !== '' || d.errorType !== '' || d.rating !== '' || d.text.trim() !== '';

/** A note's fields: error source and type (tau2-bench's names), a rating and free text. */
export const NoteForm = forwardRef<
  HTMLTextAreaElement,
  {
    label: string;
    initial?: NoteDraft;
    submitLabel: string;
    busy?: boolean;
    onSubmit: (draft: NoteDraft) => void;
    onCancel?: () => void;
  }
>(function NoteForm({ label, initial = EMPTY, submitLabel, busy = false, onSubmit, onCancel }, textRef) {
  const [draft, setDraft] = useState(initial);
  const [problem, setProblem] = useState<string | undefined>();
  const id = useId();
  const set = <K extends keyof NoteDraft>(key: K, value: NoteDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  return (
    <form
      className="note-form"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        if (!saysSomething(draft)) {
          setProblem('Give an error source or type, a rating or some text.');
          return;
        }
        setProblem(undefined);
        onSubmit(draft);
        if (initial === EMPTY) setDraft(EMPTY);
      }}
    >
      <div className="note-fields">
        <div className="field">
          <label htmlFor={`${id}-source`}>Error source</label>
          <select
            id={`${id}-source`}
            value={draft.errorSource}
            onChange={(e) => set('errorSource', e.target.value as NoteDraft['errorSource'])}
          >
            <option value="">—</option>
            {ERROR_SOURCES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-type`}>Error type</label>
          <select
            id={`${id}-type`}
            value={draft.errorType}
            onChange={(e) => set('errorType', e.target.value as NoteDraft['errorType'])}
          >
            <option value="">—</option>
            {ERROR_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="rating">
          <legend>Rating</legend>
          {(['', 'good', 'bad'] as const).map((r) => (
            <label key={r} className="check">
              <input
                type="radio"
                name={`${id}-rating`}
                value={r}
                checked={draft.rating === r}
                onChange={() => set('rating', r)}
              />{' '}
              {r === '' ? 'none' : r}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>Note</label>
        <textarea
          id={`${id}-text`}
          ref={textRef}
          rows={2}
          value={draft.text}
          onChange={(e) => set('text', e.target.value)}
        />
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary small" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="small ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
});

const describe = (a: Annotation) =>
  [a.rating, a.errorSource && `source: ${a.errorSource}`, a.errorType && `type: ${a.errorType}`]
    .filter(Boolean)
    .join(' · ');

/** Notes (of the trajectory or of one message), each with its author and time, to edit or delete. */
export function NoteList({ sessionId, notes }: { sessionId: string; notes: readonly Annotation[] }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const refresh = () => client.invalidateQueries({ queryKey: annotationsKey(sessionId) });
  const patch = useMutation({
    mutationFn: async ({ id, draft }: { id: string; draft: NoteDraft }) =>
      unwrap(
        await api.PATCH('/sessions/{id}/annotations/{annotationId}', {
          params: { path: { id: sessionId, annotationId: id } },
          body: {
            errorSource: draft.errorSource === '' ? null : draft.errorSource,
            errorType: draft.errorType === '' ? null : draft.errorType,
            rating: draft.rating === '' ? null : draft.rating,
            text: draft.text.trim() === '' ? null : draft.text,
          },
        }),
      ),
    onSuccess: () => {
      setEditing(undefined);
      setError(undefined);
      return refresh();
    },
    onError: (e) => setError(e.message),
  });
  const remove = useMutation({
    mutationFn: async (id: string) => {
      const r = await api.DELETE('/sessions/{id}/annotations/{annotationId}', {
        params: { path: { id: sessionId, annotationId: id } },
      });
      if (!r.response.ok) throw new Error(`the note was not deleted (${r.response.status})`);
    },
    onSuccess: () => refresh(),
    onError: (e) => setError(e.message),
  });
  if (notes.length === 0) return null;
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="notes plain" aria-label="notes">
        {notes.map((a) => (
          <li key={a.id} className={`note${a.rating ? ` note-${a.rating}` : ''}`} data-note-id={a.id}>
            {editing === a.id ? (
              <NoteForm
                label={`edit the note by ${a.author}`}
                initial={draftOf(a)}
                submitLabel="Save"
                busy={patch.isPending}
                onSubmit={(draft) => patch.mutate({ id: a.id, draft })}
                onCancel={() => setEditing(undefined)}
              />
            ) : (
              <>
                <div className="note-head">
                  <strong>{a.author}</strong> <MessageTime at={a.updatedAt} />
                  {describe(a) && <span className="note-tags"> {describe(a)}</span>}
                  <button type="button" className="small ghost" onClick={() => setEditing(a.id)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="small ghost"
                    aria-label={`Delete the note by ${a.author}`}
                    onClick={() => remove.mutate(a.id)}
                  >
                    Delete
                  </button>
                </div>
                {a.text && <p className="note-text">{a.text}</p>}
              </>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Adds a note to a session (or one of its messages), as the reviewer named. */
export function useAddNote(sessionId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({
      draft,
      author,
      messageId,
    }: {
      draft: NoteDraft;
      author: string;
      messageId?: string;
    }) =>
      unwrap(
        await api.POST('/sessions/{id}/annotations', {
          params: { path: { id: sessionId } },
          body: {
            author,
            ...(messageId === undefined ? {} : { messageId }),
            ...(draft.errorSource === '' ? {} : { errorSource: draft.errorSource }),
            ...(draft.errorType === '' ? {} : { errorType: draft.errorType }),
            ...(draft.rating === '' ? {} : { rating: draft.rating }),
            ...(draft.text.trim() === '' ? {} : { text: draft.text }),
          },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: annotationsKey(sessionId) }),
  });
}
