import { describe, expect, it } from 'vitest';
import { readIntent } from './intents.ts';

describe('readIntent', () => {
  it('finds the identity facts an agent asks for', () => {
    expect(
      readIntent('Could you please provide your email address, or your name and zip code?').asks,
    ).toEqual(['name', 'zip', 'email']);
    expect(readIntent('Please share your user ID.').asks).toEqual(['userId']);
    expect(
      readIntent('Which reservation would you like to change? Do you have the reservation number?').asks,
    ).toEqual(['reservationId']);
    // Naming a fact without asking for it is not a question.
    expect(readIntent('Your user id mia_li_3668 is verified.').asks).toEqual([]);
  });

  it('tells an explicit go-ahead request from a request to confirm a fact', () => {
    expect(readIntent('I will cancel order #W1. Do you want me to proceed? (yes/no)').confirm).toBe(
      'explicit',
    );
    expect(readIntent('User id: mia_li_3668, 3 bags. Please confirm (yes) to go ahead.').confirm).toBe(
      'explicit',
    );
    expect(readIntent('Could you confirm your email?').confirm).toBe('named');
    expect(readIntent('Which flight would you like?').confirm).toBeNull();
  });

  it('tells yes/no questions from open ones', () => {
    expect(readIntent('Shall I book it?').yesNo).toBe(true);
    expect(readIntent('Would you like to add insurance?').yesNo).toBe(true);
    expect(readIntent('Would you like economy or business?').yesNo).toBe(false);
    expect(readIntent('Which flight would you like?').yesNo).toBe(false);
  });

  it('sees a wrap-up, a transfer and a refusal', () => {
    expect(readIntent('Your order has been cancelled. Is there anything else I can help with?').wrapUp).toBe(
      true,
    );
    expect(readIntent('The exchange has been processed successfully.').wrapUp).toBe(true);
    expect(readIntent('I have successfully found your account. Which order is it?').wrapUp).toBe(false);
    expect(readIntent('I am transferring you to a human agent now.').transfer).toBe(true);
    expect(readIntent('I am sorry, but I cannot cancel a delivered order.').refusal).toBe(true);
    expect(readIntent('I cannot cancel it. Would you like to return it instead?').refusal).toBe(false);
  });
});
