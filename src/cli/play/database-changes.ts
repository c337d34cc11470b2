import type { TrajectoryMessage } from '../../contracts/trajectory.ts';
import type { Domain } from '../../core/domain/types.ts';
import { parsePyJson } from '../../core/python/index.ts';
import { diffStates, type RecordDiff, State } from '../../core/state/index.ts';
import { callTool } from '../../core/tools/dispatch.ts';

/**
 * The changes the episode's tool calls made to the domain's data so far: the calls in the history are
 * replayed on a fresh state (tools are deterministic, as resuming a trajectory relies on) and compared
 * with the untouched data.
 */
export function changesSoFar(domain: Domain, history: readonly TrajectoryMessage[]): RecordDiff[] {
  const state = new State(domain.base);
  for (const message of history) {
    if (message.role !== 'assistant') continue;
    const call = message.tool_calls?.[0];
    if (call === undefined) continue;
    let args: ReturnType<typeof parsePyJson>;
    try {
      args = call.function.arguments.trim() === '' ? {} : parsePyJson(call.function.arguments);
    } catch {
      continue;
    }
    callTool(domain, state, call.function.name, args);
  }
  return diffStates(new State(domain.base), state);
}
