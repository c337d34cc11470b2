import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../api/client';
import { ReviewerField, useAddNote, useReviewer } from '../components/annotations';
import { TrajectoryView } from './trajectory-page';

/** How long the queue holds a trajectory for the reviewer (the server's default, said on the page). */
const HOLD_MINUTES = 10;

/**
 * The review queue: the next unreviewed trajectory matching the filter (the trajectory list's URL
 * parameters), held for this reviewer so no other reviewer gets it meanwhile. Rating it good or bad
 * makes a note (so it shows in filters and exports) and moves on; skipping moves on without one.
 */
export function ReviewPage({ filter }: { filter: Record<string, string> }) {
  const [reviewer, setReviewer] = useReviewer();
  // The name the queue works for: the remembered one, or the one given with "Start reviewing" (not
  // each keystroke of the field, which would hold a trajectory for every prefix of the name).
  const [active, setActive] = useState(() => reviewer.trim());
  const [current, setCurrent] = useState<{ id: string | null; unreviewed: number } | undefined>();
  const [skipped, setSkipped] = useState<string[]>([]);
  const [text, setText] = useState('');
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const name = active;
  const next = useMutation({
    mutationFn: async (exclude: string[]) =>
      unwrap(await api.POST('/review/next', { body: { reviewer: name, filter, exclude } })),
    onSuccess: (r) => {
      setCurrent({ id: r.id, unreviewed: r.unreviewed });
      setText('');
    },
  });
  const id = current?.id ?? undefined;
  const add = useAddNote(id ?? '');
  // While the reviewer stays on a trajectory, its hold is renewed (every half hold), so nobody else is
  // given it however long the review takes. A renewal refused (another reviewer took it after a lapse,
  // the machine asleep) says so on the page.
  const [lost, setLost] = useState(false);
  useEffect(() => {
    setLost(false);
    if (id === undefined || name === '') return;
    const timer = setInterval(
      async () => {
        const { error } = await api.POST('/review/renew', { body: { reviewer: name, id } });
        if (error !== undefined) setLost(true);
      },
      (HOLD_MINUTES * 60_000) / 2,
    );
    return () => clearInterval(timer);
  }, [id, name]);
  const filterKey = JSON.stringify(filter);
  // biome-ignore lint/correctness/useExhaustiveDependencies: asks again when the reviewer or filter changes
  useEffect(() => {
    if (name !== '') next.mutate(skipped);
  }, [name, filterKey]);

  const skip = useCallback(() => {
    if (next.isPending || name === '') return;
    const exclude = id === undefined ? skipped : [...skipped, id];
    setSkipped(exclude);
    next.mutate(exclude);
  }, [next, name, id, skipped]);
  const rate = useCallback(
    (rating: 'good' | 'bad') => {
      if (id === undefined || add.isPending || next.isPending) return;
      add.mutate(
        { draft: { rating, errorSource: '', errorType: '', text }, author: name },
        { onSuccess: () => next.mutate(skipped) },
      );
    },
    [id, add, next, name, text, skipped],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable]') || e.altKey || e.ctrlKey || e.metaKey)
        return;
      if (e.key === 'n') skip();
      else if (e.key === 'g') rate('good');
      else if (e.key === 'b') rate('bad');
      else if (e.key === 'e') {
        e.preventDefault();
        noteRef.current?.focus();
      } else return;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [skip, rate]);

  const described = Object.entries(filter)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  const error = next.error?.message ?? add.error?.message;
  const controls = (
    <section className="panel review-controls" aria-labelledby="review-title">
      <h2 id="review-title">Review</h2>
      <p data-testid="review-status">
        {current === undefined
          ? 'Finding the next unreviewed trajectory…'
          : `${current.unreviewed} unreviewed trajector${current.unreviewed === 1 ? 'y' : 'ies'} match; this one is held for you while you review it (renewed every ${HOLD_MINUTES / 2} minutes).`}
      </p>
      {lost ? (
        <p role="alert" className="error">
          Your hold on this trajectory could not be renewed: another reviewer may be reviewing it too.
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="review-note">Note (saved with your rating)</label>
        <textarea
          id="review-note"
          ref={noteRef}
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={() => rate('good')} aria-keyshortcuts="g">
          Good <kbd>g</kbd>
        </button>
        <button type="button" className="primary bad" onClick={() => rate('bad')} aria-keyshortcuts="b">
          Bad <kbd>b</kbd>
        </button>
        <button type="button" onClick={() => noteRef.current?.focus()} aria-keyshortcuts="e">
          Note <kbd>e</kbd>
        </button>
        <button type="button" onClick={skip} aria-keyshortcuts="n">
          Skip to the next <kbd>n</kbd>
        </button>
      </div>
      <p className="hint">
        Keys: <kbd>n</kbd> next (skip), <kbd>g</kbd> good, <kbd>b</kbd> bad, <kbd>e</kbd> write a note
        (outside a text field).
      </p>
    </section>
  );
  return (
    <div className="review">
      <h1>Review queue</h1>
      <p>
        {described === '' ? 'All trajectories' : `Trajectories where ${described}`} without a note yet, oldest
        first. <a href="/trajectories">All trajectories</a>
      </p>
      <form
        className="row reviewer-form"
        aria-label="reviewer"
        onSubmit={(e) => {
          e.preventDefault();
          setActive(reviewer.trim());
        }}
      >
        <ReviewerField name={reviewer} onName={setReviewer} />
        <button
          type="submit"
          className="small"
          disabled={reviewer.trim() === '' || reviewer.trim() === active}
        >
          {active === '' ? 'Start reviewing' : 'Review as this name'}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {name === '' ? (
        <p className="hint">Give your name and start reviewing: it is the author of your ratings.</p>
      ) : current?.id === null ? (
        <p data-testid="review-status" className="notice">
          Nothing left to review here: every matching trajectory has a note or is held by another reviewer.
          {skipped.length > 0 && (
            <>
              {' '}
              <button
                type="button"
                className="small"
                onClick={() => {
                  setSkipped([]);
                  next.mutate([]);
                }}
              >
                Start again with the {skipped.length} skipped
              </button>
            </>
          )}
        </p>
      ) : id === undefined ? (
        <p className="muted">Finding the next unreviewed trajectory…</p>
      ) : (
        <TrajectoryView key={id} id={id} embedded>
          {controls}
        </TrajectoryView>
      )}
    </div>
  );
}
