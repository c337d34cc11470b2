import { describe, expect, it } from 'vitest';
import { toFirstPerson } from './first-person.ts';

describe('toFirstPerson', () => {
  it('turns a goal written to the customer into what the customer says', () => {
    expect(toFirstPerson('You received your order #W2378156 and wish to exchange the keyboard.')).toBe(
      'I received my order #W2378156 and wish to exchange the keyboard.',
    );
    expect(toFirstPerson("You are fine with it, and you'd go for no backlight if you're asked.")).toBe(
      "I am fine with it, and I'd go for no backlight if I'm asked.",
    );
    expect(toFirstPerson('Your birthday is in your user profile.')).toBe(
      'My birthday is in my user profile.',
    );
  });

  it('uses "me" where "you" is an object', () => {
    expect(toFirstPerson('The reservation allows you to take two bags.')).toBe(
      'The reservation allows me to take two bags.',
    );
    expect(toFirstPerson('They told you that a service agent will help you.')).toBe(
      'They told me that a service agent will help me.',
    );
    expect(toFirstPerson('You want to do it yourself.')).toBe('I want to do it myself.');
  });
});
