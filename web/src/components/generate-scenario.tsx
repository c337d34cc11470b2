import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Button, Input, Label, Radio, RadioGroup, Switch, TextField } from 'react-aria-components';
import { ApiError, api, type Schemas, unwrap } from '../api/client';
import { JsonTree } from './json-tree';

type Generated = Schemas['GeneratedScenario'];
type Source = 'offline' | 'model';

interface Call {
  name: string;
  args: unknown;
}

/** The ground truth's calls: `actions` (tau-bench, Sigma) or tau2's `evaluation_criteria.actions`. */
function groundTruth(scenario: Record<string, unknown>): {
  calls: Call[];
  outputs: string[];
  basis?: string[];
} {
  const criteria = scenario.evaluation_criteria as
    | {
        actions?: Array<{ name: string; arguments: unknown }>;
        communicate_info?: string[];
        reward_basis?: string[];
      }
    | undefined;
  if (criteria !== undefined)
    return {
      calls: (criteria.actions ?? []).map((a) => ({ name: a.name, args: a.arguments })),
      outputs: criteria.communicate_info ?? [],
      basis: criteria.reward_basis ?? [],
    };
  const actions = (scenario.actions as Array<{ name: string; kwargs: unknown }> | undefined) ?? [];
  return {
    calls: actions.map((a) => ({ name: a.name, args: a.kwargs })),
    outputs: (scenario.outputs as string[] | undefined) ?? [],
  };
}

/** "Lucia Underwood · lucia_underwood_7258 · lucia@example.com", from a users record. */
function customerLine(customer: unknown): string {
  const c = (customer ?? {}) as Record<string, unknown>;
  const name = c.name as { first_name?: string; last_name?: string } | undefined;
  const parts = [
    name === undefined ? undefined : `${name.first_name ?? ''} ${name.last_name ?? ''}`.trim(),
    c.user_id,
    c.email,
  ];
  return parts.filter((p) => typeof p === 'string' && p !== '').join(' · ');
}

/** "orders: #W1, #W2", for each table of new records. */
function recordsLine(records: unknown): string {
  const tables = Object.entries((records ?? {}) as Record<string, Record<string, unknown>>);
  if (tables.length === 0) return 'none besides the customer';
  return tables.map(([table, rows]) => `${table}: ${Object.keys(rows).join(', ')}`).join('; ');
}

function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : String(error);
}

/**
 * "Generate a new scenario" on the set-up page: an optional description, inspiration tasks and seed,
 * offline or by the server's model (offered only when the server has one), then a preview of the
 * customer, the records, the goal (behind "Show goal") and the ground truth, and an episode started
 * with it (the scenario is sent as the session's persona file, with the scripted customer).
 */
export function GenerateScenario({ env }: { env: string | undefined }) {
  const navigate = useNavigate();
  const generator = useQuery({
    queryKey: ['scenario-generator'],
    queryFn: async () => unwrap(await api.GET('/scenarios/generator')),
  });
  const model = generator.data?.model ?? null;
  const [describe, setDescribe] = useState('');
  const [inspiration, setInspiration] = useState('');
  const [seed, setSeed] = useState('');
  const [source, setSource] = useState<Source>('offline');
  const [showGoal, setShowGoal] = useState(false);
  const [made, setMade] = useState<{ env: string; scenario: Generated } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();

  const generate = useMutation({
    mutationFn: async () => {
      const body: Schemas['GenerateScenario'] = { envName: env!, offline: source === 'offline' };
      if (describe.trim() !== '') body.describe = describe.trim();
      const ids = inspiration
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (ids.length > 0) body.inspiration = ids;
      if (seed.trim() !== '') {
        const n = Number(seed.trim());
        if (!Number.isInteger(n) || n < 0) throw new Error('the seed must be a whole number, 0 or more');
        body.seed = n;
      }
      return { env: env!, scenario: unwrap(await api.POST('/scenarios', { body })) };
    },
    onMutate: () => setProblem(undefined),
    onSuccess: (result) => {
      setMade(result);
      setShowGoal(false);
    },
    onError: (error) => setProblem(errorText(error)),
  });

  const start = useMutation({
    mutationFn: async (chosen: { env: string; scenario: Generated }) => {
      const session = unwrap(
        await api.POST('/sessions', {
          body: { envName: chosen.env, personaFile: chosen.scenario.personaFile, userStrategy: 'scripted' },
        }),
      );
      unwrap(await api.POST('/sessions/{id}/start', { params: { path: { id: session.id } } }));
      return session;
    },
    onSuccess: (session) => navigate({ to: '/play/$id', params: { id: session.id } }),
    onError: (error) => setProblem(errorText(error)),
  });

  const preview = made?.env === env ? made : undefined;
  const scenario = preview?.scenario.scenario;
  const truth = scenario === undefined ? undefined : groundTruth(scenario);
  const meta = scenario?.meta as
    | { generator?: string; kind?: string; seed?: number; model?: string }
    | undefined;

  return (
    <section aria-labelledby="generate-title" className="panel generate-scenario">
      <h2 id="generate-title">Generate a new scenario</h2>
      <p className="muted">
        A new customer with their own records, a goal and a checked ground truth, instead of a task.
      </p>
      <TextField className="field" value={describe} onChange={setDescribe}>
        <Label>Description (optional)</Label>
        <Input placeholder="a customer who wants to cancel an order" />
      </TextField>
      <TextField className="field" value={inspiration} onChange={setInspiration}>
        <Label>Inspiration tasks (ids or indices, for the model)</Label>
        <Input placeholder="3, 7" />
      </TextField>
      <TextField className="field" value={seed} onChange={setSeed}>
        <Label>Scenario seed</Label>
        <Input inputMode="numeric" placeholder="random" />
      </TextField>
      <RadioGroup className="field" value={source} onChange={(v) => setSource(v as Source)}>
        <Label>Made by</Label>
        <Radio value="offline">offline, from Sigma's task programs</Radio>
        <Radio value="model" isDisabled={model === null}>
          {model === null ? 'a model (none configured on this server)' : `the model ${model}`}
        </Radio>
      </RadioGroup>
      <Button
        className="primary"
        isDisabled={env === undefined || generate.isPending}
        onPress={() => generate.mutate()}
      >
        {generate.isPending ? 'Generating…' : preview === undefined ? 'Generate' : 'Generate another'}
      </Button>
      {problem !== undefined && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
      {preview !== undefined && scenario !== undefined && truth !== undefined && (
        <section className="scenario-preview" aria-label="generated scenario">
          <h3>{String(scenario.name ?? 'scenario')}</h3>
          <p className="hint">
            {meta?.generator === 'model' ? `proposed by ${meta.model}` : 'offline'} · {meta?.kind} · seed{' '}
            {String(meta?.seed ?? '—')} · {preview.scenario.attempts} attempt(s)
            {scenario.refusal === true ? ' · a refusal: the agent must say no' : ''}
          </p>
          <h4>Customer</h4>
          <p>{customerLine(scenario.customer)}</p>
          <JsonTree value={scenario.customer} label="customer" open={false} />
          <h4>Records</h4>
          <p>{recordsLine(scenario.records)}</p>
          <JsonTree value={scenario.records} label="records" open={false} />
          <Switch isSelected={showGoal} onChange={setShowGoal} className="switch">
            <div className="indicator" /> Show goal
          </Switch>
          {showGoal && <p className="goal">{String(scenario.instruction)}</p>}
          <h4>Ground truth</h4>
          <ol className="ground-truth">
            {truth.calls.map((call, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the calls are a fixed list, in order
              <li key={i}>
                <code>
                  {call.name}({JSON.stringify(call.args)})
                </code>
              </li>
            ))}
          </ol>
          {truth.outputs.length > 0 && <p>The agent must say: {truth.outputs.join(', ')}</p>}
          {truth.basis !== undefined && (
            <p className="hint">Scored by tau2's criteria: {truth.basis.join(', ')}</p>
          )}
          <Button className="primary" isDisabled={start.isPending} onPress={() => start.mutate(preview)}>
            {start.isPending ? 'Starting…' : 'Start this scenario'}
          </Button>
        </section>
      )}
    </section>
  );
}
