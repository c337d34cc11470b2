import type { RecordDiff } from '../api/client';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** Record differences field by field: which record, which field, before and after. */
export function DiffView({
  diffs,
  empty,
  beforeLabel = 'before',
  afterLabel = 'after',
  caption,
}: {
  diffs: readonly RecordDiff[];
  empty: string;
  beforeLabel?: string;
  afterLabel?: string;
  caption: string;
}) {
  if (diffs.length === 0) return <p className="muted diff-empty">{empty}</p>;
  return (
    <table className="diff">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">record</th>
          <th scope="col">field</th>
          <th scope="col">{beforeLabel}</th>
          <th scope="col">{afterLabel}</th>
        </tr>
      </thead>
      <tbody>
        {diffs.flatMap((d) => {
          const record = `${d.table} ${d.id}`;
          if (d.kind !== 'changed' || d.changes.length === 0) {
            return [
              <tr key={`${record}-${d.kind}`} className={`diff-${d.kind}`}>
                <th scope="row">{record}</th>
                <td>{d.kind === 'added' ? 'record added' : 'record removed'}</td>
                <td>{d.kind === 'removed' ? show(d.before) : '—'}</td>
                <td>{d.kind === 'added' ? show(d.after) : '—'}</td>
              </tr>,
            ];
          }
          return d.changes.map((c) => (
            <tr key={`${record}-${c.path.join('.')}`} className="diff-changed">
              <th scope="row">{record}</th>
              <td>{c.path.join('.')}</td>
              <td className="before">{show(c.before)}</td>
              <td className="after">{show(c.after)}</td>
            </tr>
          ));
        })}
      </tbody>
    </table>
  );
}
