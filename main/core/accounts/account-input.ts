// Checks what a person typed before anything touches the network or the keychain, so a typo
// gets a precise message (AppError `invalid-input`) instead of a confusing API error.
import { z } from 'zod';
import { AppError } from '../errors.js';
import { capabilitiesOf, type ApiVersion } from '../../../preload/contract/index.js';
import { PASSWORD_ONLY_V4 } from './messages.js';
import {
  labelSchema,
  versionSchema,
  tokenSchema,
  emailSchema,
  passwordSchema,
  optionalBaseUrlSchema,
} from '../../../preload/contract/account-fields.js';

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
    if (version && !capabilitiesOf(version).passwordSignIn) {
      throw new AppError('invalid-input', PASSWORD_ONLY_V4, { field: 'email' });
    }
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
