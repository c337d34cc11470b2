import type { RunSummary } from '../lib/run-format';

/** A run's progress: a bar (with its numbers as text) and the status. */
export function RunProgress({ run }: { run: RunSummary }) {
  const { done, total, retried } = run.progress;
  return (
    <span className="run-progress">
      <progress value={done} max={total} aria-label={`run ${run.id}: ${done} of ${total} attempts`} />{' '}
      <span>
        {done} / {total}
      </span>{' '}
      <span className={`run-status run-status-${run.status}`}>{run.status}</span>
      {retried > 0 && <span className="muted"> · {retried} retried</span>}
    </span>
  );
}
