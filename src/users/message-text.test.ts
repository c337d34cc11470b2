import { describe, expect, it } from 'vitest';
import { oneMessage } from './message-text.ts';

describe('oneMessage', () => {
  it('keeps a plain message as it is, trimmed', () => {
    expect(oneMessage('  Hi, I need help with my order.\nIt is late.  ')).toBe(
      'Hi, I need help with my order.\nIt is late.',
    );
  });

  it("drops the customer's own label", () => {
    expect(oneMessage('Customer: Yes please.')).toBe('Yes please.');
    expect(oneMessage('**Customer:** Yes please.')).toBe('Yes please.');
  });

  it("cuts where the model starts writing the agent's part", () => {
    expect(oneMessage('Yes.\nAgent: Great, done.\nCustomer: Thanks!')).toBe('Yes.');
    expect(oneMessage('Yes.\n\n**Assistant:** Done.')).toBe('Yes.');
  });

  it('leaves nothing when the model wrote only the agent', () => {
    expect(oneMessage('Agent: How can I help?')).toBe('');
    expect(oneMessage('   ')).toBe('');
  });
});
