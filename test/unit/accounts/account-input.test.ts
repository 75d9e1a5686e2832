import { describe, expect, it } from 'vitest';
import {
  parseAddAccountInput,
  parseCredentialsInput,
  parseLabel,
} from '../../../main/core/accounts/account-input.js';
import { rejection } from '../../support/app-error.js';

describe('parseAddAccountInput', () => {
  it('accepts a token account and trims what was pasted', () => {
    expect(parseAddAccountInput({ label: ' Work ', version: 'v3', token: '  abc123 \n' })).toEqual({
      label: 'Work',
      version: 'v3',
      baseUrl: undefined,
      credentials: { method: 'token', token: 'abc123' },
    });
  });

  it('accepts email and password for v4 and normalises the base URL', () => {
    expect(
      parseAddAccountInput({
        label: 'Mine',
        version: 'v4',
        baseUrl: 'http://127.0.0.1:4000/v4/',
        email: 'me@example.com',
        password: 'pw',
      }),
    ).toEqual({
      label: 'Mine',
      version: 'v4',
      baseUrl: 'http://127.0.0.1:4000/v4',
      credentials: { method: 'password', email: 'me@example.com', password: 'pw' },
    });
  });

  it('treats an empty base URL field as the default', () => {
    expect(
      parseAddAccountInput({ label: 'A', version: 'v4', baseUrl: '  ', token: 't' }).baseUrl,
    ).toBeUndefined();
  });

  it.each([
    [{ label: '   ', version: 'v4', token: 't' }, 'Give the account a name.', 'label'],
    [{ version: 'v4', token: 't' }, 'Give the account a name.', 'label'],
    [{ label: 'A', version: 'v5', token: 't' }, 'Choose API version v3 or v4.', 'version'],
    [{ label: 'A', version: 'v4', token: '' }, 'Paste the API token.', 'token'],
    [{ label: 'A', version: 'v4', token: '   ' }, 'Paste the API token.', 'token'],
    [{ label: 'A', version: 'v4' }, 'Paste the API token.', 'token'],
    [{ label: 'A', version: 'v4', token: 'ab cd' }, 'spaces', 'token'],
    [{ label: 'A', version: 'v4', baseUrl: 'not a url', token: 't' }, 'is not a web address', 'baseUrl'],
    [{ label: 'A', version: 'v4', baseUrl: 'ftp://host/v4', token: 't' }, 'https://', 'baseUrl'],
    [{ label: 'A', version: 'v4', baseUrl: 'https://host/v4?api_key=x', token: 't' }, 'query', 'baseUrl'],
    [{ label: 'A', version: 'v4', baseUrl: 'https://u:p@host/v4', token: 't' }, 'password', 'baseUrl'],
    [{ label: 'A', version: 'v4', email: 'nope', password: 'pw' }, 'valid email', 'email'],
    [{ label: 'A', version: 'v4', email: 'a@b.co', password: '' }, 'Enter the password.', 'password'],
    [{ label: 'A', version: 'v3', email: 'a@b.co', password: 'pw' }, 'only with API v4', 'email'],
  ])('rejects %j with a message a person can act on', (input, message, field) => {
    const err = rejection(() => parseAddAccountInput(input));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toContain(message);
    expect(err.detail?.field).toBe(field);
  });

  it('rejects input that is not an object', () => {
    expect(rejection(() => parseAddAccountInput(null)).code).toBe('invalid-input');
    expect(rejection(() => parseAddAccountInput('token')).code).toBe('invalid-input');
  });

  it('never echoes the token or password in a validation message', () => {
    const err = rejection(() =>
      parseAddAccountInput({ label: '', version: 'v4', email: 'a@b.co', password: 'hunter2-secret' }),
    );
    expect(err.message).not.toContain('hunter2-secret');
    const bad = rejection(() => parseAddAccountInput({ label: 'A', version: 'v4', token: 'sec ret-token' }));
    expect(JSON.stringify(bad.toInfo())).not.toContain('sec ret-token');
  });
});

describe('parseCredentialsInput / parseLabel', () => {
  it('reads either kind of credentials', () => {
    expect(parseCredentialsInput({ token: 'x' }, 'v3')).toEqual({ method: 'token', token: 'x' });
    expect(parseCredentialsInput({ email: 'a@b.co', password: 'p' }, 'v4')).toEqual({
      method: 'password',
      email: 'a@b.co',
      password: 'p',
    });
    expect(rejection(() => parseCredentialsInput({ email: 'a@b.co', password: 'p' }, 'v3')).code).toBe(
      'invalid-input',
    );
  });

  it('validates a new label', () => {
    expect(parseLabel('  Team  ')).toBe('Team');
    expect(rejection(() => parseLabel('')).code).toBe('invalid-input');
    expect(rejection(() => parseLabel('x'.repeat(81))).message).toContain('under 80');
  });
});
