import { describe, expect, it } from 'vitest';
import { sanitize } from './http-errors.ts';

describe('sanitize (what a client may read of a provider error)', () => {
  it.each([
    ['password=hunter2 was rejected', 'password=[secret] was rejected'],
    ['{"pwd": "s3cr3t!"}', '{"pwd": "[secret]"}'],
    ['token: abc.def, retry', 'token: [secret], retry'],
    ['api_key=XYZ&model=m', 'api_key=[secret]&model=m'],
    ['Authorization: Bearer eyJhbGci.x.y', 'Authorization: Bearer [secret]'],
    ['quota of jane.doe+ops@example.co.uk exceeded', 'quota of [e-mail] exceeded'],
    ['see https://api.example/v1?key=1', 'see [url]'],
    ['host 192.168.0.7:11434 down', 'host [address] down'],
    ['got Bearer abc123 back', 'got Bearer [secret] back'],
    ['model not found', 'model not found'],
  ])('%s → %s', (text, expected) => {
    expect(sanitize(text)).toBe(expected);
  });

  it('cuts long texts short', () => {
    expect(sanitize('x '.repeat(200))).toHaveLength(100);
  });
});
