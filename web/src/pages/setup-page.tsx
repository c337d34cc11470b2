import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Button, Input, Label, SearchField, Switch, Text, TextField } from 'react-aria-components';
import { ApiError, api, type CreateSession, unwrap } from '../api/client';
import { GenerateScenario } from '../components/generate-scenario';
import { formatDateTime } from '../components/message-time';

type Strategy = NonNullable<CreateSession['userStrategy']>;
/** Every strategy the API accepts (the type makes a missing or unknown one a compile error). */
const STRATEGIES = [
  'scripted',
  'llm',
  'react',
  'verify',
  'reflection',
] as const satisfies readonly Strategy[];
type Missing = Exclude<Strategy, (typeof STRATEGIES)[number]>;
const everyStrategy: Missing extends never ? true : never = true;
void everyStrategy;

interface SetupSearch {
  env?: string;
  task?: number;
}

function ContinueList() {
  const running = useQuery({
    queryKey: ['running'],
    queryFn: async () =>
      unwrap(await api.GET('/trajectories', { params: { query: { finished: 'false', limit: 20 } } })),
  });
  const navigate = useNavigate();
  const items = running.data?.items ?? [];
  return (
    <section aria-labelledby="continue-title" className="panel">
      <h2 id="continue-title">Continue a session</h2>
      {items.length === 0 ? (
        <p className="muted">No session is running.</p>
      ) : (
        <ul className="plain">
          {items.map((s) => (
            <li key={s.id}>
              <Button className="link" onPress={() => navigate({ to: '/play/$id', params: { id: s.id } })}>
                {s.domain} · task {s.taskIndex} ({s.taskId}) · {s.status} · {formatDateTime(s.updatedAt)}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SetupPage({ search, onSearch }: { search: SetupSearch; onSearch: (s: SetupSearch) => void }) {
  const navigate = useNavigate();
  const envs = useQuery({ queryKey: ['envs'], queryFn: async () => unwrap(await api.GET('/environments')) });
  const env = search.env ?? envs.data?.environments[0]?.name;
  const [showGoal, setShowGoal] = useState(false);
  const [filter, setFilter] = useState('');
  const tasks = useQuery({
    queryKey: ['tasks', env, showGoal],
    enabled: env !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/environments/{env}/tasks', {
          params: { path: { env: env! }, query: showGoal ? { instructions: 'true' } : {} },
        }),
      ),
  });
  const [strategy, setStrategy] = useState<Strategy>('scripted');
  const [model, setModel] = useState('');
  const [temperature, setTemperature] = useState('');
  const [seed, setSeed] = useState('');
  const [persona, setPersona] = useState('');
  const [agentModel, setAgentModel] = useState('');
  const [personaFile, setPersonaFile] = useState<{ name: string; text: string } | undefined>();
  const [fieldError, setFieldError] = useState<{ field: string; message: string } | undefined>();

  const visible = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return (tasks.data?.tasks ?? []).filter((t) =>
      words.every((w) =>
        `${t.index} ${t.id} ${t.userId ?? ''} ${t.instruction ?? ''}`.toLowerCase().includes(w),
      ),
    );
  }, [tasks.data, filter]);

  const create = useMutation({
    mutationFn: async () => {
      const body: CreateSession = { envName: env! };
      if (search.task !== undefined && persona === '' && personaFile === undefined)
        body.taskIndex = search.task;
      body.userStrategy = strategy;
      if (model.trim() !== '') {
        const [provider, ...rest] = model.trim().split(':');
        if (rest.length > 0) {
          body.userProvider = provider!;
          body.userModel = rest.join(':');
        } else body.userModel = provider!;
      }
      if (temperature.trim() !== '') body.userTemperature = Number(temperature);
      if (seed.trim() !== '') body.userSeed = Number(seed);
      if (agentModel.trim() !== '') body.agentModel = agentModel.trim();
      if (persona.trim() !== '') body.persona = persona;
      if (personaFile !== undefined) body.personaFile = personaFile.text;
      const session = unwrap(await api.POST('/sessions', { body }));
      unwrap(await api.POST('/sessions/{id}/start', { params: { path: { id: session.id } } }));
      return session;
    },
    onSuccess: (session) => navigate({ to: '/play/$id', params: { id: session.id } }),
    onError: (error) => {
      const message = error instanceof ApiError ? error.message : String(error);
      const field = /persona/i.test(message)
        ? personaFile !== undefined
          ? 'personaFile'
          : 'persona'
        : /temperature/i.test(message)
          ? 'temperature'
          : /agentModel|agent model|copilot/i.test(message)
            ? 'agentModel'
            : /model|provider|key/i.test(message)
              ? 'model'
              : 'form';
      setFieldError({ field, message });
    },
  });
  const errorFor = (field: string) =>
    fieldError?.field === field ? (
      <div className="error" role="alert">
        {fieldError.message}
      </div>
    ) : null;
  const chosen = envs.data?.environments.find((e) => e.name === env);

  return (
    <div className="setup">
      <section aria-labelledby="domain-title" className="panel">
        <h2 id="domain-title">Domain</h2>
        <div className="field">
          <label htmlFor="env">Domain</label>
          <select id="env" value={env ?? ''} onChange={(e) => onSearch({ env: e.target.value })}>
            {envs.data?.environments.map((e) => (
              <option key={e.name} value={e.name}>
                {e.name} ({e.origin})
              </option>
            ))}
          </select>
          {chosen && (
            <div className="hint">
              {chosen.origin} · {chosen.layout} layout · {chosen.description}
            </div>
          )}
        </div>
      </section>

      <section aria-labelledby="task-title" className="panel tasks">
        <h2 id="task-title">Task</h2>
        <div className="row">
          <SearchField className="field grow" value={filter} onChange={setFilter}>
            <Label>Search tasks</Label>
            <Input placeholder="id, customer, index" />
          </SearchField>
          <Switch isSelected={showGoal} onChange={setShowGoal} className="switch">
            <div className="indicator" /> Show goal
          </Switch>
        </div>
        <div className="table-scroll">
          <table className="task-table">
            <caption className="muted">
              {tasks.data
                ? `${visible.length} of ${tasks.data.tasks.length} tasks in "${tasks.data.split}"`
                : 'loading…'}
              {search.task !== undefined && ` · task ${search.task} chosen`}
            </caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">id</th>
                <th scope="col">customer</th>
                <th scope="col">actions</th>
                <th scope="col">outputs</th>
                {showGoal && <th scope="col">goal</th>}
              </tr>
            </thead>
            <tbody>
              {visible.slice(0, 200).map((t) => (
                <tr
                  key={t.index}
                  className={search.task === t.index ? 'selected' : undefined}
                  aria-selected={search.task === t.index}
                >
                  <td>
                    <Button
                      className="link"
                      aria-label={`choose task ${t.index}`}
                      onPress={() => onSearch({ env, task: t.index })}
                    >
                      {t.index}
                    </Button>
                  </td>
                  <td>{t.id}</td>
                  <td>{t.userId ?? '—'}</td>
                  <td>{t.actions}</td>
                  <td>{t.outputs}</td>
                  {showGoal && <td className="goal">{t.instruction}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="customer-column">
        <section aria-labelledby="customer-title" className="panel customer">
          <h2 id="customer-title">Customer</h2>
          <div className="field">
            <label htmlFor="strategy">Strategy</label>
            <select id="strategy" value={strategy} onChange={(e) => setStrategy(e.target.value as Strategy)}>
              {STRATEGIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                  {s === 'scripted' ? ' (no model needed)' : ''}
                </option>
              ))}
            </select>
          </div>
          {strategy !== 'scripted' && (
            <>
              <TextField className="field" value={model} onChange={setModel}>
                <Label>Model (provider:model)</Label>
                <Input placeholder="openai:gpt-4o" />
              </TextField>
              {errorFor('model')}
              <TextField className="field" value={temperature} onChange={setTemperature}>
                <Label>Temperature</Label>
                <Input inputMode="decimal" placeholder="0" />
              </TextField>
              {errorFor('temperature')}
            </>
          )}
          <TextField className="field" value={seed} onChange={setSeed}>
            <Label>Seed</Label>
            <Input inputMode="numeric" placeholder="0" />
            <Text slot="description" className="hint">
              {strategy === 'scripted'
                ? "picks the scripted customer's wording: the same seed, the same conversation"
                : "passed to the customer's model (where the provider honours it)"}
            </Text>
          </TextField>
          <TextField className="field" value={persona} onChange={setPersona}>
            <Label>Persona text (replaces the task; no ground truth)</Label>
            <Input />
          </TextField>
          {errorFor('persona')}
          <div className="field">
            <label htmlFor="persona-file">Persona file (JSON)</label>
            <input
              id="persona-file"
              type="file"
              accept="application/json,.json"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                setFieldError(undefined);
                setPersonaFile(file === undefined ? undefined : { name: file.name, text: await file.text() });
              }}
            />
            {personaFile && (
              <div className="hint">{personaFile.name}: sent to the server, which checks it</div>
            )}
            {errorFor('personaFile')}
          </div>
          <TextField className="field" value={agentModel} onChange={setAgentModel}>
            <Label>Copilot model (provider:model, optional)</Label>
            <Input placeholder="openai:gpt-4o" />
          </TextField>
          {errorFor('agentModel')}
          {errorFor('form')}
          <Button
            className="primary"
            isDisabled={env === undefined || create.isPending}
            onPress={() => create.mutate()}
          >
            {create.isPending
              ? 'Starting…'
              : search.task === undefined
                ? 'Start (random task)'
                : `Start task ${search.task}`}
          </Button>
        </section>
        <GenerateScenario env={env} />
      </div>
      <ContinueList />
    </div>
  );
}
