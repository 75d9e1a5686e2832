// Checks what a person typed before anything touches the network or the keychain, so a typo
// gets a precise message (AppError `invalid-input`) instead of a confusing API error.
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { ApiVersion } from '../../../preload/contract/model.js';
import { PASSWORD_ONLY_V4 } from './messages.js';

const LABEL_MAX = 80;

export const labelSchema = z
  .string({ required_error: 'Give the account a name.', invalid_type_error: 'Give the account a name.' })
  .trim()
  .min(1, 'Give the account a name.')
  .max(LABEL_MAX, `Keep the account name under ${LABEL_MAX} characters.`);

export const versionSchema = z.enum(['v3', 'v4'], {
  errorMap: () => ({ message: 'Choose API version v3 or v4.' }),
});

/** http(s) only, no credentials or query in it; trailing slashes dropped so paths join cleanly. */
export const baseUrlSchema = z
  .string({ invalid_type_error: 'The base URL must be a web address.' })
  .trim()
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 100)}" is not a web address.` });
      return z.NEVER;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: 'The base URL must start with https://.' });
      return z.NEVER;
    }
    if (url.username || url.password || url.search || url.hash) {
      // A token or password in the URL would end up in logs: the keychain is the only place for it.
      ctx.addIssue({
        code: 'custom',
        message: 'The base URL must not contain a user name, password, query or fragment.',
      });
      return z.NEVER;
    }
    return url.toString().replace(/\/+$/, '');
  });

export const tokenSchema = z
  .string({ required_error: 'Paste the API token.', invalid_type_error: 'Paste the API token.' })
  .trim()
  .min(1, 'Paste the API token.')
  .max(4096, 'This API token is too long. Copy it again from the portal.')
  // Header values cannot hold control characters; spaces inside mean a bad copy.
  .regex(
    /^[\x21-\x7e]+$/,
    'The API token contains spaces or unusual characters. Copy it again from the portal.',
  );

export const emailSchema = z
  .string({ required_error: 'Enter the email address.', invalid_type_error: 'Enter the email address.' })
  .trim()
  .email('Enter a valid email address.');

export const passwordSchema = z
  .string({ required_error: 'Enter the password.', invalid_type_error: 'Enter the password.' })
  .min(1, 'Enter the password.');

/** An empty field in a form means "the default". */
export const optionalBaseUrlSchema = z.preprocess(
  (v) => (v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v),
  baseUrlSchema.optional(),
);

const tokenCredentials = z.object({ token: tokenSchema }).strict();
const passwordCredentials = z.object({ email: emailSchema, password: passwordSchema }).strict();

export type ParsedCredentials =
  { method: 'token'; token: string } | { method: 'password'; email: string; password: string };

export interface ParsedAddAccount {
  label: string;
  version: ApiVersion;
  baseUrl: string | undefined;
  credentials: ParsedCredentials;
}

function fail(error: z.ZodError): never {
  const first = error.issues[0];
  const field = first?.path.join('.') ?? '';
  throw new AppError('invalid-input', first?.message ?? 'The account details are not valid.', {
    field: field || null,
  });
}

/** Picks token or email/password sign-in; `token` wins when both are filled in. */
function parseCredentials(raw: Record<string, unknown>, version: ApiVersion | undefined): ParsedCredentials {
  const hasToken = typeof raw.token === 'string' && raw.token.trim() !== '';
  const hasPassword = 'email' in raw || 'password' in raw;
  if (!hasToken && hasPassword) {
    if (version === 'v3') throw new AppError('invalid-input', PASSWORD_ONLY_V4, { field: 'email' });
    const parsed = passwordCredentials.safeParse({ email: raw.email, password: raw.password });
    if (!parsed.success) fail(parsed.error);
    return { method: 'password', email: parsed.data.email, password: parsed.data.password };
  }
  const parsed = tokenCredentials.safeParse({ token: raw.token });
  if (!parsed.success) fail(parsed.error);
  return { method: 'token', token: parsed.data.token };
}

function asRecord(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AppError('invalid-input', 'The account details are missing.');
  }
  return input as Record<string, unknown>;
}

/** Validates `AddAccountInput` (typed, but it crossed a process boundary: trust nothing). */
export function parseAddAccountInput(input: unknown): ParsedAddAccount {
  const raw = asRecord(input);
  const head = z
    .object({
      label: labelSchema,
      version: versionSchema,
      baseUrl: optionalBaseUrlSchema,
    })
    .safeParse({ label: raw.label, version: raw.version, baseUrl: raw.baseUrl });
  if (!head.success) fail(head.error);
  return {
    label: head.data.label,
    version: head.data.version,
    baseUrl: head.data.baseUrl,
    credentials: parseCredentials(raw, head.data.version),
  };
}

export function parseCredentialsInput(input: unknown, version: ApiVersion): ParsedCredentials {
  return parseCredentials(asRecord(input), version);
}

export function parseLabel(input: unknown): string {
  const parsed = labelSchema.safeParse(input);
  if (!parsed.success) fail(parsed.error);
  return parsed.data;
}
