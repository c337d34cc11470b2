import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import { MessageTime } from '../components/message-time';
import { DataDifferencePanel, RewardPanel } from '../components/result-parts';

export function ResultPage({ id }: { id: string }) {
  const result = useQuery({
    queryKey: ['result', id],
    queryFn: async () => unwrap(await api.GET('/sessions/{id}/result', { params: { path: { id } } })),
  });
  if (result.error)
    return (
      <p className="error" role="alert">
        {result.error.message}
      </p>
    );
  const r = result.data;
  if (r === undefined) return <p className="muted">Loading the result…</p>;
  const reward = r.reward.reward;
  const taken = r.history.flatMap((m) =>
    m.role === 'assistant' && m.tool_calls
      ? m.tool_calls.map((c) => ({ name: c.function.name, args: c.function.arguments, at: m.at }))
      : [],
  );
  return (
    <div className="result">
      <RewardPanel id={id} r={r} />
      <DataDifferencePanel id={id} r={r} />
      <section className="panel actions-compare" aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        <div className="two">
          <div>
            <h3>Expected (ground truth)</h3>
            {r.expectedActions.length === 0 ? (
              <p className="muted">{reward === null ? 'no ground truth' : 'none'}</p>
            ) : (
              <ol>
                {r.expectedActions.map((a, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: an ordered list of actions
                  <li key={i}>
                    <code>{a.name}</code> <code className="args">{JSON.stringify(a.kwargs)}</code>
                  </li>
                ))}
              </ol>
            )}
          </div>
          <div>
            <h3>Taken</h3>
            {taken.length === 0 ? (
              <p className="muted">none</p>
            ) : (
              <ol>
                {taken.map((a, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: an ordered list of actions
                  <li key={i}>
                    <MessageTime at={a.at} /> <code>{a.name}</code> <code className="args">{a.args}</code>
                  </li>
                ))}
              </ol>
            )}
          </div>
        </div>
      </section>
      <p className="row">
        <Link to="/trajectories/$id" params={{ id }}>
          The trajectory: step through it, add notes
        </Link>
        <Link to="/">Set up another episode</Link>
      </p>
    </div>
  );
}
