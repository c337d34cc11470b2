// A JSON value as a collapsible tree (native <details>, so it is keyboard- and screen-reader-friendly).

function Leaf({ value }: { value: unknown }) {
  if (value === null) return <span className="j-null">null</span>;
  if (typeof value === 'string') return <span className="j-str">"{value}"</span>;
  if (typeof value === 'number') return <span className="j-num">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="j-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

export function JsonTree({ value, label, open = true }: { value: unknown; label?: string; open?: boolean }) {
  if (value === null || typeof value !== 'object') {
    return (
      <div className="j-row">
        {label !== undefined && <span className="j-key">{label}: </span>}
        <Leaf value={value} />
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details className="j-node" open={open}>
      <summary>
        {label !== undefined && <span className="j-key">{label}: </span>}
        <span className="j-count">{summary}</span>
      </summary>
      <div className="j-children">
        {entries.map(([k, v]) => (
          <JsonTree key={k} label={k} value={v} open={entries.length <= 12} />
        ))}
      </div>
    </details>
  );
}

/** A tool's observation: a tree when it is JSON, the text otherwise. */
export function Observation({ text, open = false }: { text: string; open?: boolean }) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return <JsonTree value={JSON.parse(trimmed)} open={open} label="result" />;
    } catch {
      // not JSON after all: shown as text
    }
  }
  return <pre className="observation">{text}</pre>;
}
