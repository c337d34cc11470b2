import { Link } from '@tanstack/react-router';
import type { FinalResult } from '../api/client';
import { endReasonText } from '../lib/end-reason';
import { DiffView } from './diff-view';
import { JsonTree } from './json-tree';

// The parts of a session's result (`GET /sessions/{id}/result`) that the result, trajectory and
// compare pages show: the reward with its criteria and cost, and what the data differs by from the
// task's expected data.

type Breakdown = NonNullable<FinalResult['reward']['breakdown']>;

const yesNo = (ok: unknown) => (ok === true ? '✓ met' : ok === false ? '✗ not met' : String(ok));

export function BreakdownView({ breakdown }: { breakdown: Breakdown }) {
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

/** The reward, how the episode ended, the criteria behind the reward and what the models cost. */
export function RewardPanel({
  id,
  r,
  headingLevel = 2,
}: {
  id: string;
  r: FinalResult;
  headingLevel?: 2 | 3;
}) {
  const reward = r.reward.reward;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const titleId = `reward-title-${id}`;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <Heading id={titleId}>Reward</Heading>
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
  );
}

/** What the episode left in the data compared with what the task expected. */
export function DataDifferencePanel({
  id,
  r,
  headingLevel = 2,
}: {
  id: string;
  r: FinalResult;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const titleId = `diff-title-${id}`;
  return (
    <section className="panel" aria-labelledby={titleId}>
      <Heading id={titleId}>Data difference</Heading>
      {r.reward.reward === null ? (
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
  );
}
