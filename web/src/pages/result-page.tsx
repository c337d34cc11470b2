import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, type FinalResult, unwrap } from '../api/client';
import { DiffView } from '../components/diff-view';
import { JsonTree } from '../components/json-tree';
import { MessageTime } from '../components/message-time';
import { endReasonText } from '../lib/end-reason';

type Breakdown = NonNullable<FinalResult['reward']['breakdown']>;

const yesNo = (ok: unknown) => (ok === true ? '✓ met' : ok === false ? '✗ not met' : String(ok));

function BreakdownView({ breakdown }: { breakdown: Breakdown }) {
  if ('stateMatch' in breakdown && typeof breakdown.stateMatch === 'boolean') {
    const outputs = Object.entries((breakdown.outputs ?? {}) as Record<string, boolean>);
    return (
      <table className="breakdown">
        <caption>tau-bench criteria</caption>
        <tbody>
          <tr>
            <th scope="row">data matches the expected state</th>
            <td>{yesNo(breakdown.stateMatch)}</td>
          </tr>
          {outputs.map(([text, ok]) => (
            <tr key={text}>
              <th scope="row">output said: “{text}”</th>
              <td>{yesNo(ok)}</td>
            </tr>
          ))}
          {outputs.length === 0 && (
            <tr>
              <th scope="row">outputs</th>
              <td className="muted">none required</td>
            </tr>
          )}
        </tbody>
      </table>
    );
  }
  return (
    <table className="breakdown">
      <caption>tau2 criteria</caption>
      <tbody>
        {Object.entries(breakdown).map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              {value === null || value === undefined ? (
                <span className="muted">not judged</span>
              ) : typeof value === 'object' ? (
                <JsonTree value={value} open={false} />
              ) : (
                String(value)
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

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
      <section className="panel" aria-labelledby="reward-title">
        <h2 id="reward-title">Reward</h2>
        <p
          className={`reward ${reward === 1 ? 'good' : reward === null ? 'none' : 'bad'}`}
          data-testid="reward"
        >
          {reward === null ? 'no ground truth' : reward.toFixed(1)}
          {r.reward.provisional && <span className="muted"> (provisional)</span>}
        </p>
        {r.reward.note && <p className="muted">{r.reward.note}</p>}
        <p>
          {r.done ? 'Ended: ' : 'Still running: '}
          {endReasonText(r.endReason)}.{' '}
          {!r.done && (
            <Link to="/play/$id" params={{ id }}>
              back to the episode
            </Link>
          )}
        </p>
        {r.reward.breakdown && <BreakdownView breakdown={r.reward.breakdown} />}
        <table className="breakdown">
          <caption>Usage and cost</caption>
          <tbody>
            {(['customer', 'agent'] as const).map((who) => {
              const u = r.usage[who];
              return (
                <tr key={who}>
                  <th scope="row">{who === 'agent' ? 'agent model (copilot)' : 'customer model'}</th>
                  <td>
                    {u.inputTokens} input, {u.outputTokens} output tokens,{' '}
                    {u.costUsd === null ? 'cost unknown' : `$${u.costUsd.toFixed(4)}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <section className="panel" aria-labelledby="diff-title">
        <h2 id="diff-title">Data difference</h2>
        {reward === null ? (
          <p className="muted">No ground truth: nothing to compare with.</p>
        ) : (
          <DiffView
            caption="what the episode left compared with what the task expected"
            diffs={r.stateDiff}
            beforeLabel="left by the episode"
            afterLabel="expected"
            empty="The data is exactly what the task expected."
          />
        )}
      </section>
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
      <p>
        <Link to="/">Set up another episode</Link>
      </p>
    </div>
  );
}
