import { describe, expect, it } from 'vitest';
import { readIdentity } from './identity.ts';

describe('readIdentity', () => {
  it('reads name, zip and order ids from a tau-bench retail goal', () => {
    const identity = readIdentity(
      'You are Yusuf Rossi in 19122. You received your order #W2378156 and want to return #W4776164.',
      'yusuf_rossi_9620',
    );
    expect(identity).toEqual({
      userId: 'yusuf_rossi_9620',
      name: 'Yusuf Rossi',
      zip: '19122',
      orderIds: ['#W2378156', '#W4776164'],
      reservationIds: [],
      forgotten: [],
    });
  });

  it('finds the user id, email and labelled zip in the text, and a name from the user id', () => {
    const identity = readIdentity(
      'You are mia_garcia_4516 (mia.garcia2723@example.com), zip code 28236.',
      undefined,
    );
    expect(identity).toMatchObject({
      userId: 'mia_garcia_4516',
      name: 'Mia Garcia',
      email: 'mia.garcia2723@example.com',
      zip: '28236',
    });
  });

  it('reads the name of a goal that writes "You name is"', () => {
    const identity = readIdentity(
      'What you know: You name is Ivan Khan and your zip code is 28243.\nWhat you do not know: your email.',
      undefined,
    );
    expect(identity).toMatchObject({ name: 'Ivan Khan', zip: '28243', forgotten: ['email'] });
  });

  it('completes a first name from the user id and reads reservation ids', () => {
    const identity = readIdentity(
      'You are Lucas (lucas_santos_6600). You want to cancel reservation IDs XEHM4B and 59XX6W.',
      undefined,
    );
    expect(identity.name).toBe('Lucas Santos');
    expect(identity.reservationIds).toEqual(['XEHM4B', '59XX6W']);
  });

  it('records what the customer does not remember, unless the text gives it anyway', () => {
    expect(
      readIdentity('You are Yusuf Rossi. You do not remember your email address.', undefined).forgotten,
    ).toEqual(['email']);
    expect(
      readIdentity("Your trip is in your reservations but you don't remember the reservation id.", 'a_b_123')
        .forgotten,
    ).toEqual(['reservationId']);
    expect(
      readIdentity('You do not remember your email, but it is ada@example.org.', undefined).forgotten,
    ).toEqual([]);
  });
});
