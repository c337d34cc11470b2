import { randomUUID } from 'node:crypto';
import { agentTools, type Decision, type Draft, decide, draft, LlmAgent } from '../agents/index.ts';
import type { TrajectoryMessage } from '../contracts/trajectory.ts';
import { ConflictError, InputError, NotFoundError } from '../core/errors.ts';
import { resolveModelSpec } from '../llm/index.ts';
import type { LiveSession, SessionService } from './session-service.ts';

/** Drafts kept per session (waiting or decided); beyond this the oldest is forgotten. */
const MAX_PENDING = 20;
/** Sessions whose drafts are kept; beyond this, those of the least recently drafting are forgotten. */
const MAX_SESSIONS = 1000;

/** A draft waiting for its decision, or (without the draft, to save memory) the decision it got. */
type Pending = { draft: Draft } | { decided: string };

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
    const agent = new LlmAgent(this.sessions.agentModel(spec));
    const context = {
      history: [...session.history],
      tools: agentTools(session.domain),
      policy: session.domain.policy,
    };
    const made = await draft(agent, context, request.intent);
    const draftId = randomUUID();
    const drafts = this.pending.get(row.id) ?? new Map<string, Pending>();
    drafts.set(draftId, { draft: made });
    if (drafts.size > MAX_PENDING) drafts.delete(drafts.keys().next().value!);
    // Most recently drafting last, so the first is the one to forget.
    this.pending.delete(row.id);
    this.pending.set(row.id, drafts);
    if (this.pending.size > MAX_SESSIONS) this.pending.delete(this.pending.keys().next().value!);
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
    if ('decided' in entry)
      throw new ConflictError(`draft ${draftId} was already decided (${entry.decided})`);
    const decided = decide(entry.draft, decision);
    if (decided.perform !== null && !sameConversation(entry.draft.context, live.session.history)) {
      throw new ConflictError(
        'the conversation has changed since this draft was made: draft again, or reject this one',
      );
    }
    const result = await this.sessions.decide(live, draftId, decided, entry.draft.usage);
    this.pending.get(live.row.id)?.set(draftId, { decided: decided.proposal.decision });
    return result;
  }
}

function sameConversation(a: readonly TrajectoryMessage[], b: readonly TrajectoryMessage[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
