import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { RunProgress } from '../components/run-progress';
import {
  costText,
  dateText,
  passHatKEntries,
  pollWhileRunning,
  rate,
  retryUnlessRefused,
  terminationsText,
} from '../lib/run-format';
import './runs.css';

/** Every batch run (`sigma run`): models, live progress, pass^k, terminations, cost; pick two to compare. */
export function RunsPage() {
  const navigate = useNavigate();
  const runs = useQuery({
    queryKey: ['runs'],
    retry: retryUnlessRefused,
    queryFn: async () => unwrap(await api.GET('/runs')),
    // Every second while a run plays; every three seconds otherwise, so that a run started later shows up.
    refetchInterval: (query) => pollWhileRunning(query.state.data?.items) || 3000,
  });
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) =>
    setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  const items = runs.data?.items ?? [];
  return (
    <section className="panel runs" aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <p className="hint">
        Batch evaluations made with <code>sigma run</code> in this store. Runs still playing update by
        themselves. Tick two runs to compare them task by task.
      </p>
      {runs.error && (
        <p className="error" role="alert">
          {runs.error.message}
        </p>
      )}
      {runs.isPending && <p className="muted">Loading the runs…</p>}
      {runs.data && items.length === 0 && (
        <p className="muted">
          No runs yet: start one with <code>sigma run --env retail --agent-model … --store …</code> on this
          store.
        </p>
      )}
      {items.length > 0 && (
        <>
          <div className="row compare-bar">
            <button
              type="button"
              className="primary"
              disabled={picked.length !== 2}
              onClick={() =>
                navigate({ to: '/runs/$id/compare/$other', params: { id: picked[0]!, other: picked[1]! } })
              }
            >
              Compare the two runs ticked
            </button>
            <span className="muted" aria-live="polite">
              {picked.length === 2 ? `${picked[1]} against ${picked[0]}` : `${picked.length} of 2 ticked`}
            </span>
          </div>
          <div className="table-scroll">
            <table className="runs-table">
              <caption className="visually-hidden">Batch runs, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Compare</th>
                  <th scope="col">Run</th>
                  <th scope="col">Domain</th>
                  <th scope="col">Agent</th>
                  <th scope="col">Customer</th>
                  <th scope="col">Created</th>
                  <th scope="col">Progress</th>
                  <th scope="col">pass^k</th>
                  <th scope="col">Terminations</th>
                  <th scope="col">Cost</th>
                </tr>
              </thead>
              <tbody>
                {items.map((run) => (
                  <tr key={run.id} className={picked.includes(run.id) ? 'selected' : undefined}>
                    <td>
                      <input
                        type="checkbox"
                        checked={picked.includes(run.id)}
                        onChange={() => toggle(run.id)}
                        aria-label={`compare run ${run.id}`}
                      />
                    </td>
                    <td>
                      <Link to="/runs/$id" params={{ id: run.id }} className="mono">
                        {run.id}
                      </Link>
                    </td>
                    <td>
                      {run.env} <span className="muted">{run.split}</span>
                    </td>
                    <td className="mono">{run.agent}</td>
                    <td>{run.customer}</td>
                    <td>{dateText(run.createdAt)}</td>
                    <td>
                      <RunProgress run={run} />
                      <div className="muted">
                        {run.tasks} tasks × {run.trials} trials
                      </div>
                    </td>
                    <td>
                      <ul className="plain pass-k">
                        {passHatKEntries(run.passHatK).map(([k, v]) => (
                          <li key={k}>
                            pass^{k} <strong>{rate(v)}</strong>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>{terminationsText(run.terminations)}</td>
                    <td>{costText(run.cost.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
