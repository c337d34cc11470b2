// A message's time and the "Regenerate reply" form: the time reads the same whatever the time zone
// (UTC, from the ISO text), with the full time machine-readable; the form sends the note it was given,
// and a scripted customer gets an explanation instead of a button.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageTime } from './message-time';
import { RegenerateForm } from './regenerate-form';

afterEach(cleanup);

describe('MessageTime', () => {
  it('shows hours, minutes and seconds in UTC inside <time dateTime>', () => {
    const { container } = render(<MessageTime at="2026-12-02T23:59:07.120Z" />);
    const time = container.querySelector('time')!;
    expect(time.textContent).toBe('23:59:07 UTC');
    expect(time.getAttribute('datetime')).toBe('2026-12-02T23:59:07.120Z');
    expect(time.getAttribute('title')).toBe('2026-12-02 23:59:07 UTC');
  });

  it('shows nothing for a message recorded without a time, or an unreadable one', () => {
    expect(render(<MessageTime at={undefined} />).container.innerHTML).toBe('');
    expect(render(<MessageTime at="yesterday" />).container.innerHTML).toBe('');
  });
});

describe('RegenerateForm', () => {
  it('sends the note typed, and is disabled when there is no customer reply to write again', () => {
    const sent: string[] = [];
    const { rerender } = render(
      <RegenerateForm strategy="llm" canRegenerate busy={false} onRegenerate={(note) => sent.push(note)} />,
    );
    fireEvent.change(screen.getByLabelText("Note for the customer's new reply (optional)"), {
      target: { value: 'you forgot the order id' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Regenerate reply' }));
    expect(sent).toEqual(['you forgot the order id']);
    rerender(
      <RegenerateForm
        strategy="llm"
        canRegenerate={false}
        busy={false}
        onRegenerate={(note) => sent.push(note)}
      />,
    );
    expect(screen.getByRole('button', { name: 'Regenerate reply' }).hasAttribute('disabled')).toBe(true);
  });

  it('explains, instead of a button, that a scripted customer cannot answer again', () => {
    render(<RegenerateForm strategy="scripted" canRegenerate busy={false} onRegenerate={() => {}} />);
    expect(screen.queryByRole('button', { name: 'Regenerate reply' })).toBeNull();
    expect(
      screen.getByText(/only a model customer \(llm, react, verify, reflection\) can answer again/),
    ).toBeTruthy();
  });
});
