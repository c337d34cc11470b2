import { useRef, useState } from 'react';
import { Button, Input, Label, TextArea, TextField } from 'react-aria-components';
import { ApiError, api, type Schemas, unwrap } from '../api/client';

type Draft = Schemas['Draft'];
type Final = NonNullable<Schemas['DecisionRequest']['final']>;
type Decision = Schemas['DecisionRequest'];

function describe(action: Draft['proposal']['proposal']): string {
  return action.type === 'reply' ? action.content : `${action.name} ${action.arguments}`;
}

export interface CopilotHandle {
  draft(): void;
  approve(): void;
  reject(): void;
}

/**
 * The copilot: the agent model drafts the next action; the person approves it, edits it, or rejects it
 * with a reason (each decision is stored as preference data). Autopilot approves drafts one after
 * another up to a turn cap, and stops at once on Stop, at the end of the episode, or on an error.
 */
export function CopilotPanel({
  sessionId,
  done,
  onChanged,
  handle,
}: {
  sessionId: string;
  done: boolean;
  onChanged: () => Promise<void>;
  handle?: React.RefObject<CopilotHandle | null>;
}) {
  const [intent, setIntent] = useState('');
  const [draft, setDraft] = useState<Draft | undefined>();
  const [mode, setMode] = useState<'view' | 'edit' | 'reject'>('view');
  const [edited, setEdited] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [cap, setCap] = useState('5');
  const [autopilot, setAutopilot] = useState<{ turns: number; cap: number } | undefined>();
  const stop = useRef(false);
  const [last, setLast] = useState<string | undefined>();

  const requestDraft = async (): Promise<Draft> =>
    unwrap(
      await api.POST('/sessions/{id}/draft', {
        params: { path: { id: sessionId } },
        body: intent.trim() === '' ? {} : { intent },
      }),
    );
  const decide = async (d: Draft, body: Decision) =>
    unwrap(
      await api.POST('/sessions/{id}/drafts/{draftId}/decision', {
        params: { path: { id: sessionId, draftId: d.draftId } },
        body,
      }),
    );
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
      await onChanged();
    }
  };

  const askDraft = () =>
    run(async () => {
      const d = await requestDraft();
      setDraft(d);
      setMode('view');
      const p = d.proposal.proposal;
      setEdited(p.type === 'reply' ? p.content : p.arguments);
      setReason('');
    });
  const approve = () =>
    draft &&
    run(async () => {
      await decide(draft, { decision: 'accepted' });
      setLast(`approved: ${describe(draft.proposal.proposal)}`);
      setDraft(undefined);
    });
  const sendEdited = () =>
    draft &&
    run(async () => {
      const p = draft.proposal.proposal;
      const final: Final =
        p.type === 'reply'
          ? { type: 'reply', content: edited }
          : { type: 'tool_call', name: p.name, arguments: edited };
      await decide(draft, { decision: 'edited', final });
      setLast(`edited: ${describe(final)}`);
      setDraft(undefined);
    });
  const sendReject = () =>
    draft &&
    run(async () => {
      await decide(draft, { decision: 'rejected', reason });
      setLast(`rejected: ${describe(draft.proposal.proposal)} (${reason})`);
      setDraft(undefined);
    });
  const startAutopilot = () =>
    run(async () => {
      const limit = Number(cap);
      stop.current = false;
      for (let turn = 0; turn < limit && !stop.current; turn++) {
        setAutopilot({ turns: turn, cap: limit });
        const d = await requestDraft();
        if (stop.current) break;
        const answer = await decide(d, { decision: 'accepted' });
        setLast(`approved: ${describe(d.proposal.proposal)}`);
        setAutopilot({ turns: turn + 1, cap: limit });
        await onChanged();
        if (answer.performed?.done === true) break;
      }
      setAutopilot(undefined);
    });

  if (handle)
    handle.current = {
      draft: () => !busy && !done && void askDraft(),
      approve: () => !busy && void approve(),
      reject: () => draft && setMode('reject'),
    };

  const capValid = /^\d{1,3}$/.test(cap) && Number(cap) >= 1;
  return (
    <section className="copilot" aria-label="copilot">
      <TextField className="field" value={intent} onChange={setIntent}>
        <Label>What next? (optional, for the model)</Label>
        <Input placeholder="e.g. look up the order" />
      </TextField>
      <div className="row">
        <Button className="secondary" onPress={askDraft} isDisabled={busy || done || autopilot !== undefined}>
          Draft next action
        </Button>
        <TextField className="field cap" value={cap} onChange={setCap} isInvalid={!capValid}>
          <Label>Autopilot turn cap</Label>
          <Input inputMode="numeric" />
        </TextField>
        {autopilot === undefined ? (
          <Button className="secondary" onPress={startAutopilot} isDisabled={busy || done || !capValid}>
            Autopilot
          </Button>
        ) : (
          <Button
            className="primary"
            onPress={() => {
              stop.current = true;
            }}
          >
            Stop autopilot
          </Button>
        )}
      </div>
      {autopilot && (
        <p role="status">
          Autopilot: {autopilot.turns} of {autopilot.cap} turns
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {draft && (
        <div className="draft">
          <div className="muted">
            {draft.proposal.model} proposes{' '}
            {draft.proposal.proposal.type === 'reply' ? 'a reply' : 'a tool call'}:
          </div>
          <pre className="proposal">{describe(draft.proposal.proposal)}</pre>
          {mode === 'view' && (
            <div className="row">
              <Button className="primary" onPress={approve} isDisabled={busy}>
                Approve
              </Button>
              <Button className="secondary" onPress={() => setMode('edit')} isDisabled={busy}>
                Edit
              </Button>
              <Button className="secondary" onPress={() => setMode('reject')} isDisabled={busy}>
                Reject
              </Button>
            </div>
          )}
          {mode === 'edit' && (
            <>
              <TextField className="field" value={edited} onChange={setEdited}>
                <Label>
                  {draft.proposal.proposal.type === 'reply' ? 'Edited reply' : 'Edited arguments (JSON)'}
                </Label>
                <TextArea rows={4} className="mono" />
              </TextField>
              <Button className="primary" onPress={sendEdited} isDisabled={busy || edited.trim() === ''}>
                Send edited
              </Button>
            </>
          )}
          {mode === 'reject' && (
            <>
              <TextField className="field" value={reason} onChange={setReason} autoFocus>
                <Label>Why reject it?</Label>
                <Input />
              </TextField>
              <Button className="primary" onPress={sendReject} isDisabled={busy || reason.trim() === ''}>
                Reject with this reason
              </Button>
            </>
          )}
        </div>
      )}
      {last && <p className="muted">Last decision: {last}</p>}
    </section>
  );
}
