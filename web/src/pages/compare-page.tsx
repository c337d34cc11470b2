import { useQueries } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { DataDifferencePanel } from '../components/result-parts';
import { actionsOf, resultQuery, trajectoryQuery } from './trajectory-page';

/** An action as compared: its tool and its arguments with keys in order (so key order never differs). */
function canonical(a: { name: string; arguments: string } | undefined): string {
  if (a === undefined) return '';
  let args: unknown = a.arguments;
  try {
    args = JSON.parse(a.arguments);
  } catch {
    // kept as written
  }
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  return `${a.name} ${JSON.stringify(sorted(args))}`;
}

/**
 * Two or more trajectories of one task side by side: action i of each in one row, the first row where
 * they differ marked, then each one's reward and data difference.
 */
export function ComparePage({ ids }: { ids: string[] }) {
  const trajectories = useQueries({ queries: ids.map((id) => trajectoryQuery(id)) });
  const results = useQueries({ queries: ids.map((id) => resultQuery(id)) });
  if (ids.length < 2)
    return (
      <p className="error" role="alert">
        Compare needs two or more trajectory ids: /compare?ids=ID1,ID2
      </p>
    );
  const failed = trajectories.find((q) => q.error);
  if (failed?.error)
    return (
      <p className="error" role="alert">
        {failed.error.message}
      </p>
    );
  if (trajectories.some((q) => q.data === undefined))
    return <p className="muted">Loading the trajectories…</p>;
  const records = trajectories.map((q) => q.data!);
  const first = records[0]!;
  const other = records.find((t) => t.domain.name !== first.domain.name || t.task.id !== first.task.id);
  if (other !== undefined)
    return (
      <div className="compare">
        <h1>Compare trajectories</h1>
        <p className="error" role="alert">
          These trajectories are of different tasks ({first.domain.name} {first.task.id} and{' '}
          {other.domain.name} {other.task.id}): only trajectories of the same task can be compared step by
          step.
        </p>
        <p>
          <a href="/trajectories">All trajectories</a>
        </p>
      </div>
    );
  const actions = records.map(actionsOf);
  const rows = Math.max(...actions.map((a) => a.length));
  let divergence = -1;
  for (let i = 0; i < rows && divergence < 0; i++) {
    const here = actions.map((a) => canonical(a[i]));
    if (here.some((c) => c !== here[0])) divergence = i;
  }
  return (
    <div className="compare">
      <h1>
        Compare {records.length} trajectories of {first.domain.name} task {first.task.id}
      </h1>
      <p className="row">
        <a href="/trajectories">All trajectories</a>
      </p>
      <p data-testid="divergence" className={divergence >= 0 ? 'diverge-note' : 'muted'}>
        {divergence >= 0
          ? `They first differ at action ${divergence + 1}.`
          : 'They take the same actions, in the same order.'}
      </p>
      <div className="table-scroll">
        <table className="compare-table">
          <caption>the actions of each trajectory, step by step</caption>
          <thead>
            <tr>
              <th scope="col">action</th>
              {records.map((t, i) => (
                <th scope="col" key={t.id}>
                  <Link to="/trajectories/$id" params={{ id: t.id }}>
                    trajectory {i + 1}
                  </Link>{' '}
                  <span className="muted mono">{t.id.slice(0, 8)}</span>
                  <br />
                  reward {t.reward === null || t.reward.reward === null ? 'none' : t.reward.reward.toFixed(1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, i) => {
              const diverges = i === divergence;
              return (
                <tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are the action positions
                  key={i}
                  className={diverges ? 'diverge' : i > divergence && divergence >= 0 ? 'after-diverge' : ''}
                  {...(diverges ? { 'aria-label': `action ${i + 1}: the first divergence` } : {})}
                >
                  <th scope="row">
                    {i + 1}
                    {diverges && <span className="diverge-mark"> ⚑ first divergence</span>}
                  </th>
                  {actions.map((a, j) => {
                    const call = a[i];
                    return (
                      <td key={records[j]!.id}>
                        {call === undefined ? (
                          <span className="muted">no action</span>
                        ) : (
                          <>
                            <code>{call.name}</code> <code className="args">{call.arguments}</code>
                          </>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="compare-diffs">
        {records.map((t, i) => {
          const r = results[i]?.data;
          return (
            <div key={t.id}>
              <h2>Trajectory {i + 1}</h2>
              {r === undefined ? (
                <p className="muted">{results[i]?.error?.message ?? 'Loading the result…'}</p>
              ) : (
                <DataDifferencePanel id={t.id} r={r} headingLevel={3} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
