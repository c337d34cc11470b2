import { Worker } from 'node:worker_threads';

/** How often the background thread moves committed pages from the WAL into the database file. */
const CHECKPOINT_INTERVAL_MS = 200;
/**
 * WAL frames (4 KB pages) after which the checkpointer also restarts the WAL (24 MB). Under steady writes
 * a PASSIVE checkpoint never finds the WAL fully copied (new frames come in while it copies), so the
 * WAL only grew until the server's own automatic checkpoint ran inside one of its commits, holding the
 * event loop for the copy and two fsyncs: 40-75 ms, every second or two at 3,000 events/s. Each restart
 * holds the write lock for 1-30 ms (two fsyncs); at this size it comes every 1-2 s at that rate.
 */
const RESTART_AFTER_FRAMES = 6000;
/**
 * How long a RESTART waits for the write lock, then for the readers to leave the WAL. Meanwhile it holds
 * back every writer, so it waits briefly: a long read (an export) makes it give up, the frames copied,
 * and it tries again at the next round.
 */
const LOCK_WAIT_MS = 10;

/**
 * The checkpointer runs on its own thread, with its own connection: a PASSIVE checkpoint never blocks
 * the server's writes, and its copying and fsyncs no longer land on a request (SQLite's automatic
 * checkpoint runs inside the COMMIT that crosses the threshold). Once the WAL has grown past
 * `RESTART_AFTER_FRAMES`, the PASSIVE checkpoint (which copied nearly all of it) is followed by a
 * RESTART one: it copies the last frames and holds the write lock for those few milliseconds, so the next
 * commit starts the WAL from its beginning. The server's group commit does not wait in SQLite for that
 * lock; it tries again a moment later (see `SqliteStore.beginBatch`). A plain CommonJS script,
 * evaluated, so it runs the same from source and from the build.
 */
const SCRIPT = `
// Node 22 warns that SQLite is experimental when the module loads; see node-sqlite.ts.
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  if (!/SQLite/.test(String(warning?.message ?? warning))) emitWarning.call(process, warning, ...rest);
};
const { DatabaseSync } = require('node:sqlite');
process.emitWarning = emitWarning;
const { workerData, parentPort } = require('node:worker_threads');
const db = new DatabaseSync(workerData.path);
db.exec('PRAGMA busy_timeout = ' + workerData.lockWaitMs);
const passive = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const restart = db.prepare('PRAGMA wal_checkpoint(RESTART)');
const checkpoint = () => {
  try {
    const { log } = passive.get();
    if (log > workerData.restartAfterFrames) restart.get();
  } catch {}
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('stopped');
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts checkpointing `path` in the background; the process does not wait for it to exit. */
export function startCheckpointer(path: string, intervalMs = CHECKPOINT_INTERVAL_MS): Checkpointer {
  const worker = new Worker(SCRIPT, {
    eval: true,
    workerData: { path, intervalMs, restartAfterFrames: RESTART_AFTER_FRAMES, lockWaitMs: LOCK_WAIT_MS },
  });
  worker.unref();
  // A failing checkpointer must not take the server down: SQLite's own checkpoint is the backstop.
  worker.on('error', () => {});
  return {
    async stop() {
      const stopped = new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2000))]);
      await worker.terminate();
    },
  };
}
