import type { CustomerContext } from '../core/customer/types.ts';
import { isDict, type PyValue } from '../core/python/index.ts';

/** Headings for the parts of a tau2 user scenario, in the order a customer needs them. */
const SCENARIO_PARTS: ReadonlyArray<[field: string, heading: string]> = [
  ['reason_for_call', 'Why you are getting in touch'],
  ['known_info', 'What you know'],
  ['unknown_info', 'What you do not know'],
  ['task_instructions', 'How you behave'],
];

/**
 * The hidden goal the customer follows: a custom persona when one is given (it replaces the task's
 * goal), else the tau2 user scenario laid out by its parts, else the task's instruction.
 */
export function customerGoal(context: CustomerContext): string {
  if (context.persona !== undefined && context.persona.trim() !== '') return context.persona.trim();
  const scenario = context.task.userScenario;
  if (scenario !== undefined) {
    const rendered = renderScenario(scenario);
    if (rendered !== '') return rendered;
  }
  return context.task.instruction.trim();
}

function renderScenario(scenario: PyValue): string {
  if (typeof scenario === 'string') return scenario.trim();
  if (!isDict(scenario)) return '';
  const sections: string[] = [];
  const persona = scenario.persona;
  if (typeof persona === 'string' && persona.trim() !== '') sections.push(`Who you are:\n${persona.trim()}`);
  const instructions = scenario.instructions;
  if (typeof instructions === 'string' && instructions.trim() !== '') sections.push(instructions.trim());
  else if (isDict(instructions)) {
    for (const [field, heading] of SCENARIO_PARTS) {
      const value = instructions[field];
      if (typeof value === 'string' && value.trim() !== '') sections.push(`${heading}:\n${value.trim()}`);
    }
  }
  return sections.join('\n\n');
}
