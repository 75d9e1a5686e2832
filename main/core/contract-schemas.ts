// zod schemas for the arguments of every contract method. Transports hand over untrusted
// arrays; the backend parses them here before any core code sees them.
import { z } from 'zod';
import type { MethodName } from '../../preload/contract.js';
import {
  emailSchema,
  labelSchema,
  optionalBaseUrlSchema,
  passwordSchema,
  tokenSchema,
  versionSchema,
} from './accounts/account-input.js';
import { settingsPatchSchema } from './settings/index.js';

const id = z.string().min(1).max(200);
const downloadKey = z.string().min(3).max(400);
const text = (max: number) => z.string().max(max);
const localPath = z.string().min(1).max(4096);
const dataType = z.enum(['businesses', 'people', 'products', 'properties']);

// Field rules are the accounts module's own, so a value is judged the same at the boundary and
// inside (the accounts service parses again: it is also called in-process).

export const addAccountInput = z.union([
  z
    .object({
      label: labelSchema,
      version: versionSchema,
      baseUrl: optionalBaseUrlSchema,
      token: tokenSchema,
    })
    .strict(),
  z
    .object({
      label: labelSchema,
      version: z.literal('v4'),
      baseUrl: optionalBaseUrlSchema,
      email: emailSchema,
      password: passwordSchema,
    })
    .strict(),
]);

export const credentialsInput = z.union([
  z.object({ token: tokenSchema }).strict(),
  z.object({ email: emailSchema, password: passwordSchema }).strict(),
]);

export const newDownloadInput = z
  .object({
    accountId: id,
    dataType,
    query: z.string().trim().min(1, 'Write a query.').max(20_000),
    format: z.enum(['csv', 'json']),
    numRecords: z.number().int().positive().max(100_000_000).nullable().optional(),
    view: text(200).nullable().optional(),
  })
  .strict();

const none = z.tuple([]);

export const methodArgs = {
  'accounts.list': none,
  'accounts.add': z.tuple([addAccountInput]),
  'accounts.remove': z.tuple([id]),
  'accounts.verify': z.tuple([id]),
  'accounts.reauthenticate': z.tuple([id, credentialsInput]),
  'accounts.rename': z.tuple([id, labelSchema]),
  'downloads.snapshot': none,
  'downloads.refresh': none,
  'downloads.cancel': z.tuple([downloadKey]),
  'downloads.preview': z.tuple([newDownloadInput]),
  'downloads.start': z.tuple([newDownloadInput]),
  'files.save': z.union([
    z.tuple([downloadKey]),
    z.tuple([downloadKey, z.object({ folder: localPath.optional() }).strict()]),
  ]),
  'files.cancelSave': z.union([
    z.tuple([id]),
    z.tuple([id, z.object({ keepPartial: z.boolean().optional() }).strict()]),
  ]),
  'files.jobs': none,
  'files.reveal': z.tuple([localPath]),
  'files.open': z.tuple([localPath]),
  'files.chooseFolder': none,
  'settings.get': none,
  // The settings module's own schema: one definition of what a valid value is.
  'settings.update': z.tuple([settingsPatchSchema]),
  'app.status': none,
  'app.focused': none,
  'app.openExternal': z.tuple([z.string().url().max(2000)]),
  'app.dismissAway': z.tuple([z.string().min(1).max(2000)]),
} satisfies Record<MethodName, z.ZodTypeAny>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methodArgs, name);
}

/**
 * Turns a zod failure into one sentence a person can act on, and the field it is about (the
 * path inside the argument, so a form can mark that field).
 */
export function describeInvalid(error: z.ZodError): { message: string; field: string | null } {
  let issue = error.issues[0];
  if (!issue) return { message: 'The request was not valid.', field: null };
  // Union failures hide the useful message one level down.
  if (issue.code === 'invalid_union') {
    const inner = issue.unionErrors
      .map((e) => e.issues[0])
      .find((i) => i && i.code !== 'invalid_type' && i.code !== 'unrecognized_keys');
    if (inner) issue = inner;
  }
  // The first path element is the argument's position in the call.
  const field = issue.path.slice(1).join('.');
  return { message: issue.message, field: field || null };
}
