// A worker thread of the scenario pool: generates and checks scenarios off the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { registryFor, runScenarioJob, type ScenarioJob } from './scenario-jobs.ts';
import { serialiseError } from './scenario-pool.ts';

interface Request {
  id: number;
  job: ScenarioJob;
}

const { registry, gate } = workerData as {
  registry: Parameters<typeof registryFor>[0];
  gate: Int32Array | undefined;
};

parentPort!.on('message', async ({ id, job }: Request) => {
  // A test holds the thread here (as a long draw would) until it releases the gate.
  if (gate !== undefined) Atomics.wait(gate, 0, 0);
  try {
    parentPort!.postMessage({ id, ok: true, result: await runScenarioJob(registryFor(registry), job) });
  } catch (error) {
    parentPort!.postMessage({ id, ok: false, error: serialiseError(error) });
  }
});
