import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { Button, Dialog, Heading, Modal, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { ApiError, api, respondStreaming, type Step, unwrap } from '../api/client';
import { Conversation } from '../components/conversation';
import { type CopilotHandle, CopilotPanel } from '../components/copilot-panel';
import { DiffView } from '../components/diff-view';
import { PolicyView } from '../components/policy-view';
import { RegenerateForm } from '../components/regenerate-form';
import { ToolPalette } from '../components/tool-palette';
import { endReasonText } from '../lib/end-reason';
import { useWide } from '../lib/use-wide';

const KEYS: [string, string][] = [
  ['Enter', 'send the message (Shift+Enter: new line)'],
  ['Alt+T', 'open the tool palette'],
  ['Alt+Z', 'undo the last action'],
  ['Alt+P', 'show the policy'],
  ['Alt+C', 'show the changes'],
  ['Alt+D', 'copilot: draft the next action'],
  ['Alt+A', 'copilot: approve the draft'],
  ['Alt+R', 'copilot: reject the draft (with a reason)'],
  ['?', 'this list'],
];

export function PlayPage({ id }: { id: string }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const session = useQuery({
    queryKey: ['session', id],
    queryFn: async () => unwrap(await api.GET('/sessions/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 30,
    retryDelay: 1000,
  });
  const env = session.data?.domain;
  const policy = useQuery({
    queryKey: ['policy', env],
    enabled: env !== undefined,
    queryFn: async () =>
      unwrap(
        await api.GET('/environments/{env}/policy', { params: { path: { env: env! } }, parseAs: 'text' }),
      ),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const changes = useQuery({
    queryKey: ['changes', id],
    queryFn: async () => unwrap(await api.GET('/sessions/{id}/changes', { params: { path: { id } } })),
    retry: 30,
    retryDelay: 1000,
  });
  const [message, setMessage] = useState(() => sessionStorage.getItem(`sigma.draft.${id}`) ?? '');
  const [pending, setPending] = useState<string | undefined>();
  const [actionError, setActionError] = useState<string | undefined>();
  const [side, setSide] = useState<'policy' | 'changes' | 'copilot'>('changes');
  const copilot = useRef<CopilotHandle | null>(null);
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const [lastTool, setLastTool] = useState<string | undefined>();
  const composer = useRef<HTMLTextAreaElement>(null);
  const wide = useWide();

  useEffect(() => sessionStorage.setItem(`sigma.draft.${id}`, message), [id, message]);

  const refresh = async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ['session', id] }),
      client.invalidateQueries({ queryKey: ['changes', id] }),
    ]);
  };
  const fail = (error: unknown) => setActionError(error instanceof ApiError ? error.message : String(error));

  const respond = useMutation({
    mutationFn: async (text: string) => {
      setPending('');
      return respondStreaming(id, text, (delta) => setPending((p) => (p ?? '') + delta));
    },
    onSuccess: async (_step: Step) => {
      setMessage('');
      setActionError(undefined);
    },
    onError: fail,
    onSettled: async () => {
      setPending(undefined);
      await refresh();
    },
  });
  const tool = useMutation({
    mutationFn: async ({ name, json }: { name: string; json: string }) =>
      unwrap(
        await api.POST('/sessions/{id}/tool', { params: { path: { id } }, body: { name, arguments: json } }),
      ),
    onSuccess: (_step, vars) => {
      setActionError(undefined);
      setLastTool(vars.name);
    },
    onError: fail,
    onSettled: refresh,
  });
  const undo = useMutation({
    mutationFn: async () => unwrap(await api.POST('/sessions/{id}/undo', { params: { path: { id } } })),
    onSuccess: () => setActionError(undefined),
    onError: fail,
    onSettled: refresh,
  });
  const rollback = useMutation({
    mutationFn: async (messageId: string) =>
      unwrap(await api.POST('/sessions/{id}/rollback', { params: { path: { id } }, body: { messageId } })),
    onSuccess: () => setActionError(undefined),
    onError: fail,
    onSettled: refresh,
  });

  const regenerate = useMutation({
    mutationFn: async (note: string) => {
      setPending('');
      return unwrap(
        await api.POST('/sessions/{id}/regenerate', {
          params: { path: { id } },
          body: note.trim() === '' ? {} : { note },
        }),
      );
    },
    onSuccess: () => setActionError(undefined),
    onError: fail,
    onSettled: async () => {
      setPending(undefined);
      await refresh();
    },
  });

  const busy =
    respond.isPending || tool.isPending || undo.isPending || rollback.isPending || regenerate.isPending;
  const data = session.data;
  const done = data?.done === true;
  const last = data?.history.at(-1);
  // The customer's reply to an agent message (not its opening), while the episode runs or it just stopped.
  const canRegenerate =
    data !== undefined &&
    last?.role === 'user' &&
    data.history.filter((m) => m.role !== 'system').length > 1 &&
    (!done || data.endReason === 'user-stop');
  const send = () => {
    if (message.trim() !== '' && !busy && !done) respond.mutate(message);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName);
      if (e.altKey && e.key.toLowerCase() === 't') {
        e.preventDefault();
        if (wide) document.getElementById('tool-filter')?.focus();
        else setPaletteOpen(true);
      } else if (e.altKey && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (!busy) undo.mutate();
      } else if (e.altKey && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        setSide('policy');
      } else if (e.altKey && e.key.toLowerCase() === 'c') {
        e.preventDefault();
        setSide('changes');
      } else if (e.altKey && e.key.toLowerCase() === 'd') {
        e.preventDefault();
        setSide('copilot');
        copilot.current?.draft();
      } else if (e.altKey && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        copilot.current?.approve();
      } else if (e.altKey && e.key.toLowerCase() === 'r') {
        e.preventDefault();
        copilot.current?.reject();
      } else if (e.key === '?' && !typing) {
        e.preventDefault();
        setHelp(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (session.error && !(session.error instanceof ApiError && session.error.status >= 500))
    return (
      <p className="error" role="alert">
        {session.error.message}
      </p>
    );
  if (data === undefined)
    return (
      <p className="muted">
        {session.isError ? 'The server is not answering; retrying…' : 'Loading the session…'}
      </p>
    );

  const palette = (
    <ToolPalette
      autoFocus={!wide}
      tools={data.tools}
      busy={busy}
      disabled={done}
      onCall={(name, json) => tool.mutate({ name, json })}
    />
  );

  return (
    <div className="play">
      <div className="play-bar">
        <span>
          <strong>{data.domain}</strong> · task{' '}
          {data.persona ? 'persona' : `${data.taskIndex} (${data.taskId})`} · customer:{' '}
          {data.customer.strategy}
          {data.customer.model ? ` ${data.customer.provider ?? ''}:${data.customer.model}` : ''}
        </span>
        <span className="grow" />
        <Button
          className="secondary"
          onPress={() => undo.mutate()}
          isDisabled={busy || data.history.length <= 1}
        >
          Undo
        </Button>
        {!wide && (
          <Button className="secondary" onPress={() => setPaletteOpen(true)}>
            Tools
          </Button>
        )}
        <Button className="ghost" aria-label="keyboard shortcuts" onPress={() => setHelp(true)}>
          ?
        </Button>
      </div>
      {data.notice && <p className="notice">{data.notice}</p>}
      {done && (
        <div className="ended" role="status">
          The episode has ended: {endReasonText(data.endReason)}.{' '}
          <Button className="primary" onPress={() => navigate({ to: '/result/$id', params: { id } })}>
            See the result
          </Button>
        </div>
      )}
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      <div className="play-grid">
        <section className="chat" aria-label="chat">
          <Conversation
            history={regenerate.isPending ? data.history.slice(0, -1) : data.history}
            pending={pending}
            canRollback={!busy}
            onRollback={(messageId) => rollback.mutate(messageId)}
          />
          <RegenerateForm
            strategy={data.customer.strategy}
            canRegenerate={canRegenerate}
            busy={busy}
            onRegenerate={(note) => regenerate.mutate(note)}
          />
          {lastTool && tool.isSuccess && (
            <p className="muted sr-status" role="status">
              {lastTool} called
            </p>
          )}
          <form
            className="composer"
            onSubmit={(e) => {
              e.preventDefault();
              send();
            }}
          >
            <label htmlFor="composer">Message to the customer</label>
            <textarea
              id="composer"
              ref={composer}
              rows={3}
              value={message}
              disabled={done}
              onChange={(e) => setMessage(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey) {
                  e.preventDefault();
                  send();
                }
              }}
            />
            <Button type="submit" className="primary" isDisabled={busy || done || message.trim() === ''}>
              {respond.isPending ? 'Sending…' : 'Send'}
            </Button>
          </form>
        </section>
        {wide && (
          <aside className="tools-column" aria-label="tool palette">
            <h2>Tools</h2>
            {palette}
          </aside>
        )}
        <aside className="side" aria-label="policy and changes">
          <Tabs selectedKey={side} onSelectionChange={(k) => setSide(k as 'policy' | 'changes' | 'copilot')}>
            <TabList aria-label="side panel">
              <Tab id="changes">Changes ({changes.data?.changes.length ?? 0})</Tab>
              <Tab id="policy">Policy</Tab>
              <Tab id="copilot">Copilot</Tab>
            </TabList>
            <TabPanel id="changes">
              <DiffView
                caption="what this episode has changed in the data so far"
                diffs={changes.data?.changes ?? []}
                empty="No change to the data so far."
              />
            </TabPanel>
            <TabPanel id="copilot" shouldForceMount className="copilot-tab">
              <CopilotPanel sessionId={id} done={done} onChanged={refresh} handle={copilot} />
            </TabPanel>
            <TabPanel id="policy">
              {policy.data !== undefined && <PolicyView env={data.domain} text={policy.data} />}
            </TabPanel>
          </Tabs>
        </aside>
      </div>
      <Modal isDismissable isOpen={paletteOpen && !wide} onOpenChange={setPaletteOpen} className="sheet">
        <Dialog aria-label="tool palette">
          <div className="sheet-head">
            <Heading slot="title">Tools</Heading>
            <Button className="ghost" onPress={() => setPaletteOpen(false)}>
              Close
            </Button>
          </div>
          {palette}
        </Dialog>
      </Modal>
      <Modal isDismissable isOpen={help} onOpenChange={setHelp} className="dialog">
        <Dialog>
          <Heading slot="title">Keyboard</Heading>
          <dl className="keys">
            {KEYS.map(([k, what]) => (
              <div key={k}>
                <dt>
                  <kbd>{k}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <Button className="secondary" onPress={() => setHelp(false)}>
            Close
          </Button>
        </Dialog>
      </Modal>
    </div>
  );
}
