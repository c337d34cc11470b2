import type { JsonSchema } from '../lib/schema-draft';

interface Row {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

function rows(schema: JsonSchema, prefix: string, out: Row[]): Row[] {
  const required = new Set(schema.required ?? []);
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    const path = prefix === '' ? name : `${prefix}.${name}`;
    const item = sub.type === 'array' ? (sub.items ?? {}) : undefined;
    const type =
      sub.enum !== undefined
        ? `one of ${sub.enum.map(String).join(' | ')}`
        : item !== undefined
          ? `list of ${item.type ?? 'values'}`
          : (sub.type ?? 'any');
    out.push({ path, type, required: required.has(name), description: sub.description ?? '' });
    if (sub.type === 'object') rows(sub, path, out);
    if (item?.type === 'object') rows(item, `${path}[]`, out);
  }
  return out;
}

/** A tool's arguments as a table: name (nested ones dotted), type, whether required, description. */
export function ParamTable({ schema, caption }: { schema: JsonSchema; caption: string }) {
  const list = rows(schema, '', []);
  if (list.length === 0) return <p className="muted">No arguments.</p>;
  return (
    <table className="params">
      <caption className="muted">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">argument</th>
          <th scope="col">type</th>
          <th scope="col">required</th>
          <th scope="col">description</th>
        </tr>
      </thead>
      <tbody>
        {list.map((r) => (
          <tr key={r.path}>
            <th scope="row">
              <code>{r.path}</code>
            </th>
            <td>{r.type}</td>
            <td>{r.required ? 'yes' : 'no'}</td>
            <td>{r.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
