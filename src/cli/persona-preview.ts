import type { Domain } from '../core/domain/types.ts';
import { dictKeys, dictSet, isDict, type PyDict, type PyValue, pyDumps } from '../core/python/index.ts';
import { checkScenario, type GeneratedScenario } from '../scenarios/index.ts';
import { pc } from './colour.ts';
import type { Prompter } from './play/line-input.ts';

/** What a person sees before saving a scenario: the customer, the records, the goal, the ground truth. */
export function previewText(value: PyDict): string {
  const customer = isDict(value.customer) ? value.customer : {};
  const name = isDict(customer.name)
    ? `${String(customer.name.first_name)} ${String(customer.name.last_name)}`
    : '?';
  const records = isDict(value.records) ? value.records : {};
  const tables = dictKeys(records).map(
    (table) => `${table}: ${dictKeys(records[table] as PyDict).join(', ')}`,
  );
  const actions = (value.actions as PyDict[]).map(
    (a, i) => `  ${i + 1}. ${String(a.name)} ${pyDumps(a.kwargs as PyValue)}`,
  );
  const outputs = value.outputs as string[];
  return [
    pc.bold(
      `Scenario ${String(value.name)}${value.refusal === true ? ' (a refusal: the policy forbids it)' : ''}`,
    ),
    `Customer: ${name} (${String(customer.user_id)})`,
    `New records: ${tables.length === 0 ? 'none' : tables.join('; ')}`,
    `Goal: ${String(value.instruction)}`,
    'Ground truth:',
    ...actions,
    ...(outputs.length === 0 ? [] : [`The agent must say: ${outputs.join(', ')}`]),
  ].join('\n');
}

/**
 * The interactive form of `persona create`: shows the scenario, then save, regenerate (with a note for
 * the model), edit the goal (checked again), or quit. Resolves with the scenario to save, or undefined.
 */
export async function reviewScenario(
  io: Prompter,
  domain: Domain,
  first: GeneratedScenario,
  regenerate: (note: string | undefined) => Promise<GeneratedScenario>,
): Promise<PyDict | undefined> {
  let current = first.value;
  for (;;) {
    io.say(previewText(current));
    const choice = (await io.ask('[s]ave, [r]egenerate, [e]dit the goal, [q]uit › ')).trim().toLowerCase();
    if (choice === 's' || choice === 'save') return current;
    if (choice === 'q' || choice === 'quit') return undefined;
    if (choice === 'r' || choice === 'regenerate') {
      const note = (await io.ask('A note for the next proposal (Enter for none) › ')).trim();
      current = (await regenerate(note === '' ? undefined : note)).value;
    } else if (choice === 'e' || choice === 'edit') {
      const goal = (await io.ask('Goal › ', String(current.instruction))).trim();
      const edited: PyDict = {};
      for (const key of dictKeys(current))
        dictSet(edited, key, key === 'instruction' ? goal : (current[key] as PyValue));
      const { problems } = checkScenario(domain, edited);
      if (problems.length === 0) current = edited;
      else
        io.say(
          pc.red(`The edited goal fails its checks, so it is not kept:\n  - ${problems.join('\n  - ')}`),
        );
    } else {
      io.say('Type s, r, e or q.');
    }
  }
}
