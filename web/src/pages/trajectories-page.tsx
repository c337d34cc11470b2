import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { api, unwrap } from '../api/client';
import type { paths } from '../api/schema';
import { formatDateTime } from '../components/message-time';

type ListQuery = NonNullable<paths['/trajectories']['get']['parameters']['query']>;
type ExportQuery = NonNullable<paths['/exports/{format}/manifest']['get']['parameters']['query']>;
type ExportFormat = paths['/exports/{format}/manifest']['get']['parameters']['path']['format'];
type Summary =
  paths['/trajectories']['get']['responses'][200]['content']['application/json']['items'][number];

/** Every export format the server has (the type makes a missing or unknown one a compile error). */
const FORMATS = [
  'openai-sft',
  'openai-dpo',
  'trl-sft',
  'trl-dpo',
  'trl-kto',
  'grpo',
  'customer-sft',
  'tau2-results',
  'raw',
] as const satisfies readonly ExportFormat[];
type MissingFormat = Exclude<ExportFormat, (typeof FORMATS)[number]>;
const everyFormat: MissingFormat extends never ? true : never = true;
void everyFormat;

export const PAGE_SIZES = [25, 50, 100, 200] as const;
const SORTS = ['date', 'reward', 'domain', 'task', 'turns', 'cost', 'toolErrors'] as const;
const END_REASONS = ['user-stop', 'transfer', 'turn-limit', 'abandoned'] as const;
const AUTHORS = ['human', 'model', 'mixed', 'replay'] as const;
const STRATEGIES = ['scripted', 'llm', 'react', 'verify', 'reflection', 'replay', 'human'] as const;

/** The list's view, all of it in the URL: a link reproduces it. */
export interface TrajectoriesSearch {
  domain?: string;
  /** `unscored`: sessions without a reward. */
  reward?: 'unscored';
  rewardMin?: number;
  rewardMax?: number;
  endReason?: (typeof END_REASONS)[number];
  author?: (typeof AUTHORS)[number];
  strategy?: (typeof STRATEGIES)[number];
  model?: string;
  toolErrors?: 'yes' | 'no';
  rejectedDrafts?: 'yes' | 'no';
  /** Reviewers' notes: any, none, one rated good or bad, or none rated bad. */
  notes?: 'any' | 'none' | 'good' | 'bad' | 'not-bad';
  from?: string;
  to?: string;
  q?: string;
  sort?: (typeof SORTS)[number];
  order?: 'asc' | 'desc';
  page?: number;
  size?: (typeof PAGE_SIZES)[number];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function oneOf<T extends string>(values: readonly T[], v: unknown): T | undefined {
  return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

function numberOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The search params as the view; anything unknown or malformed is left out. */
export function validateTrajectoriesSearch(s: Record<string, unknown>): TrajectoriesSearch {
  const text = (v: unknown, max: number) =>
    typeof v === 'string' && v.trim() !== '' && v.length <= max ? v.trim() : undefined;
  const day = (v: unknown) => (typeof v === 'string' && DAY.test(v) ? v : undefined);
  const page = numberOf(s.page);
  const size = numberOf(s.size);
  const out: TrajectoriesSearch = {
    domain: text(s.domain, 100),
    reward: oneOf(['unscored'] as const, s.reward),
    rewardMin: numberOf(s.rewardMin),
    rewardMax: numberOf(s.rewardMax),
    endReason: oneOf(END_REASONS, s.endReason),
    author: oneOf(AUTHORS, s.author),
    strategy: oneOf(STRATEGIES, s.strategy),
    model: text(s.model, 200),
    toolErrors: oneOf(['yes', 'no'] as const, s.toolErrors),
    rejectedDrafts: oneOf(['yes', 'no'] as const, s.rejectedDrafts),
    notes: oneOf(['any', 'none', 'good', 'bad', 'not-bad'] as const, s.notes),
    from: day(s.from),
    to: day(s.to),
    q: text(s.q, 200),
    sort: oneOf(SORTS, s.sort),
    order: oneOf(['asc', 'desc'] as const, s.order),
    page: page !== undefined && Number.isInteger(page) && page >= 1 ? page : undefined,
    size: PAGE_SIZES.find((p) => p === size),
  };
  if (out.reward !== undefined) {
    delete out.rewardMin;
    delete out.rewardMax;
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as TrajectoriesSearch;
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

/** The view's filters as `GET /trajectories` takes them. */
function listFilters(s: TrajectoriesSearch): Omit<ListQuery, 'limit' | 'offset' | 'sort' | 'order'> {
  const yes = (v: 'yes' | 'no' | undefined) => (v === undefined ? undefined : v === 'yes' ? 'true' : 'false');
  const q: Omit<ListQuery, 'limit' | 'offset' | 'sort' | 'order'> = {
    domain: s.domain,
    reward: s.reward === 'unscored' ? 'none' : undefined,
    rewardMin: s.rewardMin,
    rewardMax: s.rewardMax,
    endReason: s.endReason,
    author: s.author,
    customerStrategy: s.strategy,
    customerModel: s.model,
    toolErrors: yes(s.toolErrors),
    rejectedDrafts: yes(s.rejectedDrafts),
    annotated: s.notes === 'any' ? 'true' : s.notes === 'none' ? 'false' : undefined,
    rating: s.notes === 'good' || s.notes === 'bad' ? s.notes : undefined,
    excludeRating: s.notes === 'not-bad' ? 'bad' : undefined,
    from: s.from === undefined ? undefined : `${s.from}T00:00:00.000Z`,
    to: s.to === undefined ? undefined : nextDay(s.to),
    q: s.q,
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
}

/** The same filters as an export's query (its own names where they differ). */
function exportFilters(s: TrajectoriesSearch): ExportQuery {
  const l = listFilters(s);
  const q: ExportQuery = {
    domain: l.domain,
    rewardMin: l.rewardMin,
    rewardMax: l.rewardMax,
    reward: l.reward,
    endReason: l.endReason,
    // The export's own author filter knows people, models and both; recordings are the list's alone.
    author: l.author === 'replay' ? undefined : l.author,
    strategy: l.customerStrategy,
    customerModel: l.customerModel,
    toolErrors: l.toolErrors,
    rejectedDrafts: l.rejectedDrafts,
    annotated: l.annotated,
    rating: l.rating,
    excludeRating: l.excludeRating,
    from: l.from,
    to: l.to,
    q: l.q,
  };
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) as ExportQuery;
}

function activeFilterCount(s: TrajectoriesSearch): number {
  return Object.keys(listFilters(s)).length;
}

const money = (usd: number | null) =>
  usd === null ? '—' : usd === 0 ? '$0' : `$${usd.toFixed(usd < 0.01 ? 4 : 2)}`;

function canContinue(t: Summary): boolean {
  return !t.finished || t.endReason === 'abandoned';
}

export function TrajectoriesPage({
  search,
  onSearch,
}: {
  search: TrajectoriesSearch;
  onSearch: (s: TrajectoriesSearch) => void;
}) {
  const size = search.size ?? 50;
  const page = search.page ?? 1;
  const sort = search.sort ?? 'date';
  const order = search.order ?? 'desc';
  const query: ListQuery = {
    ...listFilters(search),
    sort,
    order,
    limit: size,
    offset: (page - 1) * size,
  };
  const list = useQuery({
    queryKey: ['trajectories', query],
    queryFn: async () => unwrap(await api.GET('/trajectories', { params: { query } })),
    placeholderData: (previous) => previous,
  });
  const [selected, setSelected] = useState<ReadonlyMap<string, Summary>>(new Map());
  const [deleting, setDeleting] = useState<Summary | undefined>();
  const [exporting, setExporting] = useState(false);
  const navigate = useNavigate();
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / size));
  const items = list.data?.items ?? [];
  const go = (changes: Partial<TrajectoriesSearch>) => onSearch({ ...search, ...changes });
  const chosen = [...selected.values()];
  const sameTask =
    chosen.length >= 2 &&
    chosen.every((t) => t.domain === chosen[0]!.domain && t.taskId === chosen[0]!.taskId);

  const toggle = (t: Summary) => {
    const next = new Map(selected);
    if (next.has(t.id)) next.delete(t.id);
    else next.set(t.id, t);
    setSelected(next);
  };
  const sortBy = (column: (typeof SORTS)[number]) =>
    go({ sort: column, order: sort === column && order === 'desc' ? 'asc' : 'desc', page: 1 });
  const header = (label: string, column?: (typeof SORTS)[number]) =>
    column === undefined ? (
      <th scope="col">{label}</th>
    ) : (
      <th scope="col" aria-sort={sort === column ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <button type="button" className="link sort" onClick={() => sortBy(column)}>
          {label}
          {sort === column ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
        </button>
      </th>
    );

  return (
    <div className="trajectories">
      <h1>Trajectories</h1>
      <Filters search={search} onSearch={(s) => onSearch({ ...s, page: 1 })} />
      <div className="row list-bar">
        <p className="muted" aria-live="polite">
          {list.isPending
            ? 'Loading…'
            : `${total.toLocaleString('en')} ${total === 1 ? 'trajectory' : 'trajectories'}${activeFilterCount(search) > 0 ? ' match the filters' : ''}`}
        </p>
        <div className="grow" />
        <Button
          className="secondary"
          isDisabled={!sameTask}
          onPress={() =>
            navigate({ to: '/compare', search: { ids: chosen.map((t) => t.id).join(',') } } as never)
          }
        >
          Compare{chosen.length > 0 ? ` (${chosen.length})` : ''}
        </Button>
        <Button className="primary" onPress={() => setExporting(true)}>
          Export…
        </Button>
      </div>
      {chosen.length >= 2 && !sameTask && (
        <p className="hint">Compare takes trajectories of one task: the selected ones are of several.</p>
      )}
      {list.error !== null && (
        <div className="error" role="alert">
          {list.error.message}
        </div>
      )}
      <div className="table-scroll">
        <table className="trajectory-table">
          <caption className="muted">
            Recorded sessions, page {page.toLocaleString('en')} of {pages.toLocaleString('en')}
          </caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">Select</span>
              </th>
              {header('Date', 'date')}
              {header('Domain', 'domain')}
              {header('Task', 'task')}
              {header('Reward', 'reward')}
              {header('Ended')}
              {header('Author')}
              {header('Customer')}
              {header('Turns', 'turns')}
              {header('Tool errors', 'toolErrors')}
              {header('Cost', 'cost')}
              {header('Notes')}
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((t) => (
              <tr key={t.id} className={selected.has(t.id) ? 'selected' : undefined} data-id={t.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`select ${t.taskId} of ${formatDateTime(t.createdAt)}`}
                    checked={selected.has(t.id)}
                    onChange={() => toggle(t)}
                  />
                </td>
                <td>
                  <Link to={'/trajectories/$id' as never} params={{ id: t.id } as never}>
                    <time dateTime={t.createdAt}>{formatDateTime(t.createdAt)}</time>
                  </Link>
                </td>
                <td>{t.domain}</td>
                <td className="mono">{t.taskId}</td>
                <td className="num">{t.reward === null ? '—' : t.reward}</td>
                <td>{t.finished ? (t.endReason ?? 'finished') : 'running'}</td>
                <td>{t.author ?? '—'}</td>
                <td>
                  {t.customerStrategy}
                  {t.customerModel === null ? '' : ` · ${t.customerModel}`}
                </td>
                <td className="num">{t.turns ?? '—'}</td>
                <td className="num">{t.toolErrors ?? '—'}</td>
                <td className="num">{money(t.costUsd)}</td>
                <td className="num">{t.annotationCount === 0 ? '—' : t.annotationCount}</td>
                <td className="actions">
                  {canContinue(t) && (
                    <Button
                      className="link"
                      aria-label={`continue ${t.taskId}`}
                      onPress={() => navigate({ to: '/play/$id', params: { id: t.id } })}
                    >
                      Continue
                    </Button>
                  )}
                  <Button
                    className="link danger"
                    aria-label={`delete ${t.taskId}`}
                    onPress={() => setDeleting(t)}
                  >
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="row pager" aria-label="pages">
        <Button className="secondary" isDisabled={page <= 1} onPress={() => go({ page: page - 1 })}>
          Previous
        </Button>
        <span>
          Page {page.toLocaleString('en')} of {pages.toLocaleString('en')}
        </span>
        <Button className="secondary" isDisabled={page >= pages} onPress={() => go({ page: page + 1 })}>
          Next
        </Button>
        <label className="row">
          Rows per page
          <select
            value={size}
            onChange={(e) => go({ size: Number(e.target.value) as TrajectoriesSearch['size'], page: 1 })}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </nav>
      {deleting !== undefined && (
        <DeleteDialog
          trajectory={deleting}
          onClose={() => {
            setDeleting(undefined);
            const next = new Map(selected);
            next.delete(deleting.id);
            setSelected(next);
          }}
        />
      )}
      {exporting && <ExportDialog search={search} total={total} onClose={() => setExporting(false)} />}
    </div>
  );
}

function Filters({
  search,
  onSearch,
}: {
  search: TrajectoriesSearch;
  onSearch: (s: TrajectoriesSearch) => void;
}) {
  const envs = useQuery({ queryKey: ['envs'], queryFn: async () => unwrap(await api.GET('/environments')) });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const raw: Record<string, unknown> = {};
    for (const [k, v] of form.entries()) if (typeof v === 'string' && v !== '') raw[k] = v;
    if (raw.reward === 'any') delete raw.reward;
    const { sort, order, size } = search;
    onSearch(validateTrajectoriesSearch({ ...raw, sort, order, size }));
  };
  const select = (
    name: keyof TrajectoriesSearch,
    label: string,
    options: ReadonlyArray<[string, string]>,
  ) => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={(search[name] as string | undefined) ?? ''}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  const yesNo = (any: string, yes: string, no: string): ReadonlyArray<[string, string]> => [
    ['', any],
    ['yes', yes],
    ['no', no],
  ];
  return (
    <form className="filters" onSubmit={submit} key={JSON.stringify(search)} aria-label="filters">
      <div className="field grow">
        <label htmlFor="f-q">Words in the messages</label>
        <input
          id="f-q"
          name="q"
          type="search"
          defaultValue={search.q ?? ''}
          placeholder="e.g. refund W2378156"
        />
      </div>
      {select('domain', 'Domain', [
        ['', 'All environments'],
        ...(envs.data?.environments.map((e): [string, string] => [e.name, e.name]) ?? []),
        ...(search.domain !== undefined && !envs.data?.environments.some((e) => e.name === search.domain)
          ? [[search.domain, search.domain] as [string, string]]
          : []),
      ])}
      {select('reward', 'Reward', [
        ['', 'Any'],
        ['unscored', 'Unscored'],
      ])}
      {(
        [
          ['rewardMin', 'Reward min'],
          ['rewardMax', 'Reward max'],
        ] as const
      ).map(([name, label]) => (
        <div className="field narrow" key={name}>
          <label htmlFor={`f-${name}`}>{label}</label>
          <input id={`f-${name}`} name={name} type="number" step="any" defaultValue={search[name] ?? ''} />
        </div>
      ))}
      {select('endReason', 'Ended', [['', 'Any way'], ...END_REASONS.map((r): [string, string] => [r, r])])}
      {select('author', 'Author', [['', 'Anyone'], ...AUTHORS.map((a): [string, string] => [a, a])])}
      {select('strategy', 'Customer', [
        ['', 'Any strategy'],
        ...STRATEGIES.map((a): [string, string] => [a, a]),
      ])}
      <div className="field">
        <label htmlFor="f-model">Customer model</label>
        <input id="f-model" name="model" defaultValue={search.model ?? ''} placeholder="any" />
      </div>
      {select('toolErrors', 'Tool errors', yesNo('Either', 'With tool errors', 'Without'))}
      {select('rejectedDrafts', 'Copilot drafts', yesNo('Either', 'Some rejected', 'None rejected'))}
      {select('notes', 'Notes', [
        ['', 'Either'],
        ['any', 'Annotated'],
        ['none', 'Not annotated'],
        ['good', 'Rated good'],
        ['bad', 'Rated bad'],
        ['not-bad', 'Not marked bad'],
      ])}
      <div className="field">
        <label htmlFor="f-from">From</label>
        <input id="f-from" name="from" type="date" defaultValue={search.from ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="f-to">To</label>
        <input id="f-to" name="to" type="date" defaultValue={search.to ?? ''} />
      </div>
      <div className="filter-buttons">
        <button type="submit" className="react-aria-Button primary">
          Apply filters
        </button>
        <button
          type="button"
          className="react-aria-Button ghost"
          onClick={() => onSearch({ sort: search.sort, order: search.order, size: search.size })}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

function DeleteDialog({ trajectory, onClose }: { trajectory: Summary; onClose: () => void }) {
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: async (purge: boolean) =>
      unwrap(
        await api.DELETE('/sessions/{id}', {
          params: { path: { id: trajectory.id }, query: { purge: purge ? 'true' : 'false' } },
        }),
      ),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['trajectories'] });
      onClose();
    },
  });
  return (
    <Modal isDismissable isOpen onOpenChange={(open) => !open && onClose()} className="dialog">
      <Dialog aria-labelledby="delete-title">
        <Heading slot="title" id="delete-title">
          Delete this trajectory?
        </Heading>
        <p>
          {trajectory.domain} · {trajectory.taskId} · {formatDateTime(trajectory.createdAt)}
        </p>
        <p className="muted">
          Keep the record: the session stops (ended as abandoned) and stays in the list and in exports. Erase:
          the session, its events and its notes are removed for good.
        </p>
        {remove.error !== null && (
          <div className="error" role="alert">
            {remove.error.message}
          </div>
        )}
        <div className="row dialog-buttons">
          <Button className="secondary" isDisabled={remove.isPending} onPress={() => remove.mutate(false)}>
            Keep the record
          </Button>
          <Button
            className="primary danger"
            isDisabled={remove.isPending}
            onPress={() => remove.mutate(true)}
          >
            Erase (purge)
          </Button>
          <Button className="ghost" onPress={onClose}>
            Cancel
          </Button>
        </div>
      </Dialog>
    </Modal>
  );
}

function ExportDialog({
  search,
  total,
  onClose,
}: {
  search: TrajectoriesSearch;
  total: number;
  onClose: () => void;
}) {
  const [format, setFormat] = useState<ExportFormat>('openai-sft');
  const query = exportFilters(search);
  const manifest = useQuery({
    queryKey: ['export-manifest', format, query],
    queryFn: async () =>
      unwrap(await api.GET('/exports/{format}/manifest', { params: { path: { format }, query } })),
  });
  const download = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/exports/{format}/link', { params: { path: { format }, query } })),
    onSuccess: (link) => {
      // A plain link the browser follows and saves as it arrives: the file never sits in the page.
      const a = document.createElement('a');
      a.href = link.url;
      a.download = '';
      document.body.append(a);
      a.click();
      a.remove();
    },
  });
  const m = manifest.data;
  return (
    <Modal isDismissable isOpen onOpenChange={(open) => !open && onClose()} className="dialog wide">
      <Dialog aria-labelledby="export-title">
        <Heading slot="title" id="export-title">
          Export the current filter
        </Heading>
        <p className="muted">
          The {total.toLocaleString('en')} listed trajectories, finished ones only, as training or evaluation
          data: a tar file of the export folder (data, manifest.json, README.md).
        </p>
        <div className="field">
          <label htmlFor="export-format">Format</label>
          <select
            id="export-format"
            value={format}
            onChange={(e) => setFormat(e.target.value as ExportFormat)}
          >
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <section aria-labelledby="manifest-title" className="manifest">
          <h3 id="manifest-title">What the export will hold</h3>
          {manifest.isPending && <p aria-live="polite">Reading the trajectories…</p>}
          {manifest.error !== null && (
            <div className="error" role="alert">
              {manifest.error.message}
            </div>
          )}
          {m !== undefined && (
            <>
              <dl className="keys">
                <div>
                  <dt>Format</dt>
                  <dd>{m.format}</dd>
                </div>
                <div>
                  <dt>Read</dt>
                  <dd>{m.counts.read.toLocaleString('en')} trajectories</dd>
                </div>
                <div>
                  <dt>Selected</dt>
                  <dd data-testid="manifest-selected">{m.counts.selected.toLocaleString('en')}</dd>
                </div>
                <div>
                  <dt>Rows</dt>
                  <dd data-testid="manifest-rows">{m.counts.rows.toLocaleString('en')}</dd>
                </div>
                <div>
                  <dt>Left out</dt>
                  <dd>
                    {Object.entries({ ...m.counts.excluded, ...m.counts.noRow })
                      .map(([why, n]) => `${why}: ${n}`)
                      .join(', ') || 'none'}
                  </dd>
                </div>
                <div>
                  <dt>Files</dt>
                  <dd>
                    {m.files.map((f) => `${f.path} (${f.rows} rows)`).join(', ')}, manifest.json, README.md
                  </dd>
                </div>
              </dl>
              <details>
                <summary>Filters and options</summary>
                <pre className="mono">
                  {JSON.stringify({ filters: m.filters, options: m.options }, null, 2)}
                </pre>
              </details>
            </>
          )}
        </section>
        {download.error !== null && (
          <div className="error" role="alert">
            {download.error.message}
          </div>
        )}
        <div className="row dialog-buttons">
          <Button
            className="primary"
            isDisabled={m === undefined || download.isPending}
            onPress={() => download.mutate()}
          >
            Download
          </Button>
          <Button className="ghost" onPress={onClose}>
            Close
          </Button>
        </div>
      </Dialog>
    </Modal>
  );
}
