import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, type Schemas, unwrap } from '../api/client';
import { RunProgress } from '../components/run-progress';
import {
  compareHref,
  costText,
  dateText,
  passHatKEntries,
  pollWhileRunning,
  REWARD_LABELS,
  rate,
  retryUnlessRefused,
  rewardClass,
  terminationsText,
  trajectoryHref,
} from '../lib/run-format';
import './runs.css';

type Row = Schemas['RunTaskRow'];
type Cell = Row['cells'][number];

function GridCell({ taskIndex, cell }: { taskIndex: number; cell: Cell }) {
  const kind = rewardClass(cell.reward);
  const text = cell.reward === null ? '…' : String(Number(cell.reward.toFixed(3)));
  const where = `task ${taskIndex}, trial ${cell.trial + 1}`;
  if (cell.sessionId === null)
    return (
      <td className={`cell cell-${kind}`}>
        <span>
          <span className="visually-hidden">{where}: not finished yet </span>
          {text}
        </span>
      </td>
    );
  // The name read out is the text shown with its context: "task 0, trial 2: reward 0 user_stop — open the trajectory".
  return (
    <td className={`cell cell-${kind}`}>
      <a href={trajectoryHref(cell.sessionId)} title={`${where}: open the trajectory`}>
        <span className="visually-hidden">{where}: reward </span>
        <span className="cell-reward">{text}</span>
        <span className="termination">{cell.termination}</span>
        <span className="visually-hidden"> — open the trajectory</span>
      </a>
    </td>
  );
}

/** A run: its summary, pass^k with intervals, and the task × trial grid coloured (and labelled) by reward. */
export function RunPage({
  id,
  disagree,
  onDisagree,
}: {
  id: string;
  disagree: boolean;
  onDisagree: (on: boolean) => void;
}) {
  const run = useQuery({
    queryKey: ['run', id],
    retry: retryUnlessRefused,
    queryFn: async () => unwrap(await api.GET('/runs/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => pollWhileRunning(query.state.data ? [query.state.data] : undefined),
  });
  if (run.error)
    return (
      <p className="error" role="alert">
        {run.error.message} <Link to="/runs">All runs</Link>
      </p>
    );
  const r = run.data;
  if (r === undefined) return <p className="muted">Loading the run…</p>;
  const disagreeing = r.grid.filter((row) => row.disagree);
  const rows = disagree ? disagreeing : r.grid;
  const trials = Array.from({ length: r.trials }, (_, i) => i);
  return (
    <div className="run">
      <section className="panel" aria-labelledby="run-title">
        <p>
          <Link to="/runs">← All runs</Link>
        </p>
        <h1 id="run-title">
          Run <span className="mono">{r.id}</span>
        </h1>
        <dl className="run-facts">
          <dt>Domain</dt>
          <dd>
            {r.env} <span className="muted">({r.split})</span>
          </dd>
          <dt>Agent</dt>
          <dd className="mono">{r.agent}</dd>
          <dt>Customer</dt>
          <dd>{r.customer}</dd>
          <dt>Created</dt>
          <dd>{dateText(r.createdAt)}</dd>
          <dt>Progress</dt>
          <dd>
            <RunProgress run={r} />
          </dd>
          <dt>Average reward</dt>
          <dd>{rate(r.averageReward)}</dd>
          <dt>Terminations</dt>
          <dd>{terminationsText(r.terminations)}</dd>
          <dt>Cost</dt>
          <dd>
            {costText(r.cost.total)}
            <div className="muted">
              agent {costText(r.cost.agent)} · customer {costText(r.cost.customer)}
            </div>
          </dd>
        </dl>
        <table className="pass-k-table">
          <caption>
            pass^k (tau-bench): k trials of a task all succeed, over tasks, with a 95% interval
          </caption>
          <thead>
            <tr>
              <th scope="col">k</th>
              <th scope="col">pass^k</th>
              <th scope="col">95% interval</th>
              <th scope="col">tasks counted</th>
            </tr>
          </thead>
          <tbody>
            {passHatKEntries(r.passHatK).map(([k, v]) => {
              const interval = r.passHatKInterval[k];
              return (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{rate(v)}</td>
                  <td>{interval ? `${rate(interval.low)} – ${rate(interval.high)}` : '—'}</td>
                  <td>{interval?.tasks ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="grid-title">
        <h2 id="grid-title">Tasks × trials</h2>
        <ul className="plain legend" aria-label="legend">
          {(['success', 'failure', 'partial', 'pending'] as const).map((kind) => (
            <li key={kind}>
              <span className={`swatch cell-${kind}`} aria-hidden="true" /> {REWARD_LABELS[kind]}
            </li>
          ))}
        </ul>
        <label className="check-inline">
          <input type="checkbox" checked={disagree} onChange={(e) => onDisagree(e.target.checked)} /> Show
          only tasks where trials disagree ({disagreeing.length} of {r.grid.length})
        </label>
        <div className="table-scroll">
          <table className="run-grid">
            <caption className="visually-hidden">
              Reward of each trial of each task; each finished cell opens its trajectory
            </caption>
            <thead>
              <tr>
                <th scope="col">Task</th>
                {trials.map((t) => (
                  <th scope="col" key={t}>
                    Trial {t + 1}
                  </th>
                ))}
                <th scope="col">Successes</th>
                <th scope="col">Trials</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const ids = row.cells.flatMap((c) => (c.sessionId === null ? [] : [c.sessionId]));
                return (
                  <tr key={row.taskIndex} data-task={row.taskIndex}>
                    <th scope="row">{row.taskIndex}</th>
                    {row.cells.map((cell) => (
                      <GridCell key={cell.attemptId} taskIndex={row.taskIndex} cell={cell} />
                    ))}
                    <td>
                      {row.successes} / {row.finished}
                    </td>
                    <td>
                      {row.disagree && ids.length >= 2 ? (
                        <a href={compareHref(ids)}>
                          Compare the {ids.length} trials of task {row.taskIndex}
                        </a>
                      ) : row.disagree ? (
                        'they disagree'
                      ) : (
                        <span className="muted">agree</span>
                      )}
                    </td>
                  </tr>
                );
              })}
              {rows.length === 0 && (
                <tr>
                  <td colSpan={r.trials + 3} className="muted">
                    No task where the trials disagree.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
