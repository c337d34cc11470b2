import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../api/client';
import { JsonTree } from '../components/json-tree';
import { ParamTable } from '../components/param-table';
import { PolicyView } from '../components/policy-view';
import type { JsonSchema } from '../lib/schema-draft';

/** Every domain, and one domain's tools (schemas and descriptions), policy and tasks: read-only. */
export function DomainsPage({ env }: { env?: string | undefined }) {
  const envs = useQuery({ queryKey: ['envs'], queryFn: async () => unwrap(await api.GET('/environments')) });
  const tools = useQuery({
    queryKey: ['tools', env],
    enabled: env !== undefined,
    queryFn: async () =>
      unwrap(await api.GET('/environments/{env}/tools', { params: { path: { env: env! } } })),
  });
  const policy = useQuery({
    queryKey: ['policy', env],
    enabled: env !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/environments/{env}/policy', { params: { path: { env: env! } }, parseAs: 'text' }),
      ),
  });
  const tasks = useQuery({
    queryKey: ['tasks', env, false],
    enabled: env !== undefined,
    queryFn: async () =>
      unwrap(await api.GET('/environments/{env}/tasks', { params: { path: { env: env! }, query: {} } })),
  });
  return (
    <div className="domains">
      <nav aria-label="domains" className="panel">
        <h2>Domains</h2>
        <ul className="plain">
          {envs.data?.environments.map((e) => (
            <li key={e.name}>
              <Link
                to="/domains/$env"
                params={{ env: e.name }}
                aria-current={e.name === env ? 'page' : undefined}
              >
                {e.name}
              </Link>{' '}
              <span className="muted">
                {e.origin} · {e.description}
              </span>
            </li>
          ))}
        </ul>
      </nav>
      {env !== undefined && (
        <>
          <section className="panel" aria-labelledby="tools-title">
            <h2 id="tools-title">Tools of {env}</h2>
            {tools.error && <p className="error">{tools.error.message}</p>}
            {tools.data?.tools.map((t) => (
              <details key={t.name} className="tool-doc">
                <summary>
                  <code>{t.name}</code>{' '}
                  <span className="muted">
                    {t.access}
                    {t.terminates ? ', ends the episode' : ''}
                  </span>
                </summary>
                <p>{t.description}</p>
                <ParamTable schema={t.parameters as JsonSchema} caption={`arguments of ${t.name}`} />
                <details>
                  <summary className="muted">JSON schema</summary>
                  <JsonTree value={t.parameters} label="parameters" open={false} />
                </details>
              </details>
            ))}
          </section>
          <section className="panel" aria-labelledby="dpolicy-title">
            <h2 id="dpolicy-title">Policy</h2>
            {policy.data !== undefined && <PolicyView env={env} text={policy.data} />}
          </section>
          <section className="panel" aria-labelledby="dtasks-title">
            <h2 id="dtasks-title">Tasks</h2>
            <p className="muted">
              {tasks.data?.tasks.length ?? 0} tasks in “{tasks.data?.split}”
              {tasks.data && tasks.data.splits.length > 1 ? ` (splits: ${tasks.data.splits.join(', ')})` : ''}
            </p>
            <div>
              <table className="task-table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">id</th>
                    <th scope="col">customer</th>
                    <th scope="col">actions</th>
                    <th scope="col">outputs</th>
                  </tr>
                </thead>
                <tbody>
                  {tasks.data?.tasks.slice(0, 500).map((t) => (
                    <tr key={t.index}>
                      <td>{t.index}</td>
                      <td>{t.id}</td>
                      <td>{t.userId ?? '—'}</td>
                      <td>{t.actions}</td>
                      <td>{t.outputs}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
