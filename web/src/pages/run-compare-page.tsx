import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { passHatKEntries, pollWhileRunning, rate, retryUnlessRefused } from '../lib/run-format';
import './runs.css';

type Comparison = Schemas['RunComparison'];
type TaskChange = Comparison['tasks'][number];

const CHANGE_TEXT = {
  better: '▲ better',
  worse: '▼ worse',
  same: '= same',
  'not-comparable': '— not comparable',
} as const;

function rateText(side: TaskChange['a']): string {
  return side === null ? '—' : `${rate(side.passRate)} (${side.successes}/${side.finished})`;
}

function ChangeTable({ title, tasks }: { title: string; tasks: TaskChange[] }) {
  return (
    <table className="compare-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Pass rate in the baseline</th>
          <th scope="col">Pass rate in the other run</th>
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {tasks.map((t) => (
          <tr key={t.taskIndex} className={`change-${t.change}`}>
            <th scope="row">{t.taskIndex}</th>
            <td>{rateText(t.a)}</td>
            <td>{rateText(t.b)}</td>
            <td>{CHANGE_TEXT[t.change]}</td>
          </tr>
        ))}
        {tasks.length === 0 && (
          <tr>
            <td colSpan={4} className="muted">
              none
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Two runs of a domain, task by task: which tasks got better or worse in `other` than in the baseline `id`. */
export function RunComparePage({ id, other }: { id: string; other: string }) {
  const comparison = useQuery({
    queryKey: ['run-compare', id, other],
    retry: retryUnlessRefused,
    queryFn: async () =>
      unwrap(await api.GET('/runs/{id}/compare/{other}', { params: { path: { id, other } } })),
    refetchInterval: (query) =>
      pollWhileRunning(query.state.data ? [query.state.data.a, query.state.data.b] : undefined),
  });
  if (comparison.error)
    return (
      <p className="error" role="alert">
        {comparison.error.message} <Link to="/runs">All runs</Link>
      </p>
    );
  const c = comparison.data;
  if (c === undefined) return <p className="muted">Comparing the runs…</p>;
  const of = (change: TaskChange['change']) => c.tasks.filter((t) => t.change === change);
  return (
    <section className="panel run-compare" aria-labelledby="compare-title">
      <p>
        <Link to="/runs">← All runs</Link>
      </p>
      <h1 id="compare-title">
        Run <span className="mono">{c.b.id}</span> against <span className="mono">{c.a.id}</span>
      </h1>
      <table className="compare-runs">
        <caption>The two runs</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">Agent</th>
            <th scope="col">Customer</th>
            <th scope="col">Progress</th>
            {passHatKEntries(c.a.passHatK).map(([k]) => (
              <th scope="col" key={k}>
                pass^{k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[
            ['baseline', c.a],
            ['other', c.b],
          ].map(([role, run]) => {
            const r = run as Comparison['a'];
            return (
              <tr key={role as string}>
                <th scope="row">
                  {role as string}:{' '}
                  <Link to="/runs/$id" params={{ id: r.id }} className="mono">
                    {r.id}
                  </Link>
                </th>
                <td className="mono">{r.agent}</td>
                <td>{r.customer}</td>
                <td>
                  {r.progress.done} / {r.progress.total} {r.status}
                </td>
                {passHatKEntries(c.a.passHatK).map(([k]) => (
                  <td key={k}>{r.passHatK[k] === undefined ? '—' : rate(r.passHatK[k])}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="compare-counts" data-testid="compare-counts">
        {c.counts.better} better · {c.counts.worse} worse · {c.counts.same} the same
        {c.counts.notComparable > 0 && ` · ${c.counts.notComparable} not comparable`}
      </p>
      <p>
        <Link to="/runs/$id/compare/$other" params={{ id: other, other: id }}>
          Swap the baseline
        </Link>
      </p>
      <div className="compare-columns">
        <ChangeTable title={`Better in ${c.b.id} (${c.counts.better})`} tasks={of('better')} />
        <ChangeTable title={`Worse in ${c.b.id} (${c.counts.worse})`} tasks={of('worse')} />
      </div>
      <details>
        <summary>Every task ({c.tasks.length})</summary>
        <ChangeTable title="Every task" tasks={c.tasks} />
      </details>
    </section>
  );
}
