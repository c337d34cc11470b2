import { randomUUID } from 'node:crypto';
import { type Decision, type Draft, decide, draft, LlmAgent } from '../agents/index.ts';
import { agentTools } from '../agents/seat.ts';
import { ConflictError, InputError, NotFoundError } from '../core/errors.ts';
import { resolveModelSpec } from '../llm/index.ts';
import type { LiveSession, SessionService } from './session-service.ts';

/** Drafts waiting for a decision, per session; beyond this the oldest is forgotten. */
const MAX_PENDING = 20;

interface Pending {
  draft: Draft;
  /** The conversation the draft was made on: its length and last message id. */
  at: { length: number; last: string | undefined };
  decided?: string;
}

/**
 * The server's copilot: drafts the next action of a session with an LLM agent, and applies a person's
 * decision on a draft. Drafts are kept in memory until decided (a restart forgets undecided ones: draft
 * again); every decision is stored as the session's `proposal` event, so it survives a restart.
 */
export class CopilotDrafts {
  private readonly sessions: SessionService;
  private readonly pending = new Map<string, Map<string, Pending>>();

  constructor(sessions: SessionService) {
    this.sessions = sessions;
  }

  /** Asks the model (the request's, else the session's `agentModel`) for the next action. */
  async draft(
    live: LiveSession,
    request: { model?: string; provider?: string; intent?: string },
  ): Promise<{ draftId: string; draft: Draft }> {
    const { session, row } = live;
    if (!session.started) throw new ConflictError('the session has not started: start it before drafting');
    if (session.isDone) throw new ConflictError(`the session has ended (${row.endReason ?? 'done'})`);
    if (request.provider !== undefined && request.model === undefined)
      throw new InputError('provider needs model too (e.g. "model": "gpt-4o", "provider": "openai")');
    const stored = row.setup.agent;
    if (request.model === undefined && stored === undefined) {
      throw new InputError(
        'no agent model: name one in the request ("model": "openai:gpt-4o") or create the session with "agentModel"',
      );
    }
    const spec = resolveModelSpec(
      request.model !== undefined
        ? { model: request.model, ...(request.provider === undefined ? {} : { provider: request.provider }) }
        : { model: stored!.model, provider: stored!.provider },
    );
    const agent = new LlmAgent(
      this.sessions.agentModel({ provider: spec.provider, model: spec.model } as never),
    );
    const context = {
      history: [...session.history],
      tools: agentTools(session.domain),
      policy: session.domain.policy,
    };
    const made = await draft(agent, context, request.intent);
    const draftId = randomUUID();
    const drafts = this.pending.get(row.id) ?? new Map<string, Pending>();
    drafts.set(draftId, {
      draft: made,
      at: { length: context.history.length, last: context.history.at(-1)?.id },
    });
    if (drafts.size > MAX_PENDING) drafts.delete(drafts.keys().next().value!);
    this.pending.set(row.id, drafts);
    return { draftId, draft: made };
  }

  /** Applies a decision on one of the session's drafts; a refused one changes nothing. */
  async decide(live: LiveSession, draftId: string, decision: Decision) {
    const entry = this.pending.get(live.row.id)?.get(draftId);
    if (entry === undefined) {
      throw new NotFoundError(
        `no draft ${draftId} for this session: drafts are kept in memory until decided (one made before a restart, or one of more than ${MAX_PENDING} waiting, is gone): draft again`,
      );
    }
    if (entry.decided !== undefined)
      throw new ConflictError(`draft ${draftId} was already decided (${entry.decided})`);
    const decided = decide(entry.draft, decision);
    const history = live.session.history;
    const changed = history.length !== entry.at.length || history.at(-1)?.id !== entry.at.last;
    if (decided.perform !== null && changed) {
      throw new ConflictError(
        'the conversation has changed since this draft was made: draft again, or reject this one',
      );
    }
    const result = await this.sessions.decide(live, draftId, decided, entry.draft.usage);
    entry.decided = decided.proposal.decision;
    return result;
  }
}
