import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  ConfigurationError,
  ConflictError,
  DataError,
  InputError,
  ModelError,
  NotFoundError,
  SigmaError,
} from '../core/errors.ts';
import type { DomainRegistry } from '../registry/index.ts';
import { type JobResult, runScenarioJob, type ScenarioJob } from './scenario-jobs.ts';

/** The error classes a worker's failure is rebuilt as, so that it answers as it would in the server. */
const ERRORS: Record<string, { prototype: SigmaError }> = {
  SigmaError,
  InputError,
  ConfigurationError,
  DataError,
  NotFoundError,
  ConflictError,
  ModelError,
};

interface SerialisedError {
  name: string;
  message: string;
  fields: Record<string, unknown>;
}

/** An error as data a thread can post: its class name, message and own fields (a model error's kind). */
export function serialiseError(error: unknown): SerialisedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error))
    if (typeof value !== 'function' && key !== 'cause') fields[key] = value;
  return { name: error.name, message: error.message, fields };
}

function rebuiltError(data: SerialisedError): Error {
  const known = ERRORS[data.name];
  if (known === undefined) return new Error(`scenario worker: ${data.name}: ${data.message}`);
  const error = Object.create(known.prototype) as Error;
  Object.assign(error, data.fields);
  Object.defineProperty(error, 'message', { value: data.message, writable: true, configurable: true });
  Object.defineProperty(error, 'name', { value: data.name, writable: true, configurable: true });
  Error.captureStackTrace(error, rebuiltError);
  return error;
}

export interface ScenarioPoolOptions {
  /** Worker threads at most (default: the cores less one, between 1 and 4). */
  size?: number;
  /** Tests: each worker waits on this (index 0) before each job until it is set, as a long draw would. */
  gate?: Int32Array;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  worker: Worker;
  /** The ids of its jobs still running. */
  jobs: Set<number>;
}

const WORKER = new URL(`./scenario-worker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/**
 * Generates and checks scenarios in worker threads, so a draw (tens of milliseconds of CPU) or a model's
 * proposals and their checks never hold the server's event loop. Workers start on first use, each with
 * its own copy of the registry (domains load once per worker), and do not keep the process alive.
 * A registry given its own toolkits (code, which cannot cross threads) runs the jobs in the server.
 */
export class ScenarioPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly size: number;
  private readonly gate: Int32Array | undefined;
  private readonly registry: DomainRegistry;
  private nextId = 0;
  private closed = false;

  constructor(registry: DomainRegistry, options: ScenarioPoolOptions = {}) {
    this.registry = registry;
    this.size = options.size ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.gate = options.gate;
  }

  /** Runs a job on the least busy worker; it fails as it would in the server (the same error classes). */
  run<J extends ScenarioJob>(job: J): Promise<JobResult<J>> {
    if (this.closed) return Promise.reject(new ConflictError('the scenario pool is closed'));
    const portable = this.registry.portable;
    if (portable === undefined) return runScenarioJob(this.registry, job) as Promise<JobResult<J>>;
    const slot = this.pick(portable);
    const id = this.nextId++;
    slot.jobs.add(id);
    return new Promise<JobResult<J>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      slot.worker.postMessage({ id, job });
    });
  }

  /** Stops the workers; jobs still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    this.slots.length = 0;
  }

  private pick(portable: NonNullable<DomainRegistry['portable']>): Slot {
    const idle = this.slots.find((slot) => slot.jobs.size === 0);
    if (idle !== undefined || this.slots.length >= this.size)
      return idle ?? this.slots.reduce((a, b) => (b.jobs.size < a.jobs.size ? b : a));
    const worker = new Worker(WORKER, { workerData: { registry: portable, gate: this.gate } });
    const slot: Slot = { worker, jobs: new Set() };
    worker.on(
      'message',
      (message: { id: number; ok: boolean; result?: unknown; error?: SerialisedError }) => {
        const waiting = this.pending.get(message.id);
        slot.jobs.delete(message.id);
        if (waiting === undefined) return;
        this.pending.delete(message.id);
        if (message.ok) waiting.resolve(message.result);
        else waiting.reject(rebuiltError(message.error!));
      },
    );
    worker.on('error', (error) => this.fail(slot, error));
    worker.on('exit', () => this.fail(slot, new Error('a scenario worker stopped')));
    // After the listeners (adding a 'message' listener refs the worker again): it keeps no process alive.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** A worker that dies fails the jobs it was running; the next job starts a new one. */
  private fail(slot: Slot, error: unknown): void {
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    for (const id of slot.jobs) {
      this.pending.get(id)?.reject(error);
      this.pending.delete(id);
    }
    slot.jobs.clear();
  }
}

const pools = new WeakMap<DomainRegistry, ScenarioPool>();

/** The pool a server's registry generates and checks scenarios in (made on first use, or given by `setScenarioPool`). */
export function scenarioPool(registry: DomainRegistry): ScenarioPool {
  let pool = pools.get(registry);
  if (pool === undefined) {
    pool = new ScenarioPool(registry);
    pools.set(registry, pool);
  }
  return pool;
}

/** Makes `pool` the one the server with this registry uses (tests give one with a gate). */
export function setScenarioPool(registry: DomainRegistry, pool: ScenarioPool): void {
  pools.set(registry, pool);
}
