/**
 * What the server keeps of its sessions, and the interface every store backend implements. A session
 * is one row (its setup and a summary kept up to date) and an append-only list of events — every action
 * the agent took and what it observed — from which the session is rebuilt after a restart.
 */

/** Where a session is in its life. */
export type SessionStatus = 'created' | 'active' | 'finished';

import type { Annotation, AnnotationInput, AnnotationPatch } from '../contracts/annotation.ts';
import type { EventKind } from '../contracts/events.ts';
import type { CatalogFacts, TrajectoryAuthor } from './catalog-facts.ts';

/** What the agent did: the kinds of event a session's log holds (defined in `src/contracts/events.ts`). */
export type { EventKind };

/** A session's setup: everything needed to build it again (never a path on this machine). */
export interface SessionSetupRecord {
  /** The customer's configuration as it was made (strategy, model, provider, temperature, seed). */
  customer: {
    strategy: string;
    provider?: string;
    model?: string;
    temperature?: number;
    seed?: number;
    /** The strategy's prompt version, so a rebuilt customer behaves as the recorded one (the newest when absent). */
    promptVersion?: string;
  };
  /** A custom goal in words (unscored). */
  persona?: string;
  /** A persona file's content as JSON text (its own task, records and optional ground truth). */
  personaFile?: string;
  maxTurns?: number;
  /** The model that drafts copilot proposals for the session, unless a draft request names one. */
  agent?: { provider: string; model: string };
  /**
   * Set when the session was played elsewhere and saved finished with its trajectory (`terminal`: by
   * `sigma play`): it has no events, and is rebuilt from its stored trajectory.
   */
  imported?: string;
}

export interface SessionRow {
  id: string;
  createdAt: string;
  /** The time of the last event (the creation time before any); derived, not written. */
  updatedAt: string;
  domain: string;
  split: string;
  taskIndex: number;
  taskId: string;
  setup: SessionSetupRecord;
  status: SessionStatus;
  /** The final reward: null while running, and for unscored episodes. */
  reward: number | null;
  finished: boolean;
  endReason: string | null;
  endedAt: string | null;
  /** Events stored so far, the next event's `seq`; derived from the events, not written. */
  eventCount: number;
}

/** The summary `GET /trajectories` lists: the row, its catalog facts and how many notes it has. */
export type SessionSummary = Omit<SessionRow, 'setup'> & CatalogFacts & { annotationCount: number };

export interface StoredEvent {
  sessionId: string;
  /** 0, 1, 2, ... in the order the actions were applied; unique per session. */
  seq: number;
  kind: EventKind;
  at: string;
  /** The action, what was observed and (after a customer reply) the customer's memory. */
  payload: unknown;
}

/**
 * What an event changes in its session's row (its status and result); written in the same transaction
 * as the event. Most events (a tool call on a running session) change none of it.
 */
export interface SessionChange {
  status: SessionStatus;
  reward: number | null;
  finished: boolean;
  endReason: string | null;
  endedAt: string | null;
  /** The full trajectory (JSON text) once the session has finished; null when it is (again) running. */
  trajectory: string | null;
}

/** What the trajectory list sorts by: the creation time, or one of the row's facts. */
export const SESSION_SORTS = ['date', 'reward', 'domain', 'task', 'turns', 'cost', 'toolErrors'] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];

export interface SessionFilter {
  domain?: string;
  taskId?: string;
  /** A reward value, or `null` for unscored sessions. */
  reward?: number | null;
  /** Inclusive bounds on the reward (unscored sessions never match). */
  rewardMin?: number;
  rewardMax?: number;
  finished?: boolean;
  /** How the episode ended (`abandoned` for abandoned ones). */
  endReason?: string;
  /** Who wrote the agent's turns (`catalog-facts.ts`). */
  author?: TrajectoryAuthor;
  customerStrategy?: string;
  customerModel?: string;
  /** With (true) or without (false) a tool result that was an error; running sessions match neither. */
  toolErrors?: boolean;
  /** With (true) or without (false) reviewers' notes. */
  annotated?: boolean;
  /** With at least one note of this rating. */
  rating?: 'good' | 'bad';
  /** ISO 8601 bounds on the creation time: `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  /** Newest first by default; sessions without the fact (null) come last either way. */
  sort?: SessionSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/**
 * Reviewers' notes on stored sessions (`contracts/annotation.ts`), kept beside the session. Deleting a
 * session deletes its notes.
 */
export interface AnnotationStore {
  /** Stores a new note on the session; a `NotFoundError` when there is no such session. */
  add(sessionId: string, input: AnnotationInput): Promise<Annotation>;
  /** The session's notes, oldest first. */
  list(sessionId: string): Promise<Annotation[]>;
  get(sessionId: string, id: string): Promise<Annotation | undefined>;
  /** Applies the change (`updatedAt` set); undefined when there is no such note. */
  update(sessionId: string, id: string, patch: AnnotationPatch): Promise<Annotation | undefined>;
  /** False when there was no such note. */
  delete(sessionId: string, id: string): Promise<boolean>;
}

/**
 * The review queue's holds: a session given to one reviewer is held for them until a time, so another
 * reviewer asking for the next session is not given the same one meanwhile.
 */
export interface ReviewStore {
  /**
   * Holds the session for the reviewer until `until`, atomically: true when it is now theirs (it was
   * free, its hold had expired at `now`, or it was theirs already), false when another reviewer holds it.
   */
  reserve(sessionId: string, reviewer: string, until: Date, now: Date): Promise<boolean>;
  /** Of these sessions, the ones held at `now`, with who holds them. */
  held(sessionIds: readonly string[], now: Date): Promise<Map<string, string>>;
  /** Ends the hold on a session (only the reviewer's own, when given); false when there was none. */
  release(sessionId: string, reviewer?: string): Promise<boolean>;
  /** Ends every hold of the reviewer (but the one on `except`). */
  releaseAll(reviewer: string, except?: string): Promise<void>;
}

/**
 * Where sessions are kept. Every write is durable when its promise resolves: the server answers a
 * request only after the write of what the request did.
 */
export interface SessionStore {
  /** `sqlite` or `postgres`. */
  readonly kind: string;
  /** Reviewers' notes on the sessions. */
  readonly annotations: AnnotationStore;
  /** The review queue's holds on sessions. */
  readonly reviews: ReviewStore;
  /** Creates or upgrades the schema; run once on start. */
  migrate(): Promise<void>;
  /**
   * Stores a new session. With `trajectory` (JSON text), the session is an imported, finished one: the
   * row (status `finished`, its result) is stored with its trajectory and never gets events.
   */
  createSession(row: SessionRow, trajectory?: string): Promise<void>;
  getSession(id: string): Promise<SessionRow | undefined>;
  /**
   * Appends one event and applies its change, if any, to the session's row, in one transaction. Fails
   * with a `ConflictError` when an event with that `seq` already exists (another writer got there
   * first) or the session does not.
   */
  appendEvent(event: StoredEvent, change?: SessionChange): Promise<void>;
  /**
   * How many events the session has (the `seq` its next event takes), or undefined when there is no such
   * session: one index lookup, whatever the session's length (what a server sharing the store checks
   * before each request).
   */
  eventCount(sessionId: string): Promise<number | undefined>;
  /** The session's events in order, from `fromSeq` on (all by default). */
  listEvents(sessionId: string, fromSeq?: number): Promise<StoredEvent[]>;
  /** The stored trajectory of a finished session (JSON text), if any. */
  getTrajectory(sessionId: string): Promise<string | undefined>;
  listSessions(filter: SessionFilter): Promise<{ items: SessionSummary[]; total: number }>;
  /** Deletes a session and its events; false when there was none. */
  deleteSession(id: string): Promise<boolean>;
  close(): Promise<void>;
}
