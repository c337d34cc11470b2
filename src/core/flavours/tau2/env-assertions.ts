import type { Domain } from '../../domain/types.ts';
import type { State } from '../../state/index.ts';
import type { Tau2EnvAssertion } from './criteria.ts';

export interface Tau2EnvAssertionCheck {
  assertion: Tau2EnvAssertion;
  met: boolean;
  reward: number;
  /** Why the assertion could not be run (unknown function, a non-boolean result, a failure). */
  error: string | null;
}

/** Runs each environment assertion on the data the agent left (read-only: a fork takes any write). */
export function runTau2EnvAssertions(
  domain: Domain,
  state: State,
  assertions: readonly Tau2EnvAssertion[],
): Tau2EnvAssertionCheck[] {
  return assertions.map((assertion) => {
    const fn = domain.envFunctions?.get(assertion.funcName);
    let error: string | null = null;
    let met = false;
    if (fn === undefined) error = `no environment function named "${assertion.funcName}"`;
    else {
      try {
        const value = state.fork().transact((db) => fn(db, assertion.arguments));
        if (typeof value !== 'boolean') {
          error = `function ${assertion.funcName} returned ${value === null ? 'null' : typeof value} instead of a boolean`;
        } else met = value === assertion.assertValue;
      } catch (e) {
        error = `function ${assertion.funcName} failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    return { assertion, met, reward: met ? 1.0 : 0.0, error };
  });
}
