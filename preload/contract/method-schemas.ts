// zod schemas for the arguments of every contract method. Transports hand over untrusted
// arrays; the backend parses them here before any core code sees them.
import { z } from 'zod';
import type { MethodName } from './bridge.js';
import {
  emailSchema,
  labelSchema,
  optionalBaseUrlSchema,
  passwordSchema,
  tokenSchema,
  versionSchema,
} from './account-fields.js';
import { settingsPatchSchema } from './settings-schema.js';
import { MAX_QUERY_CHARS, NUM_RECORDS_LIMITS } from './limits.js';
import { EXTERNAL_URL_REFUSED, isAllowedExternalUrl } from './external-url.js';

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
    query: z.string().trim().min(1, 'Write a query.').max(MAX_QUERY_CHARS),
    format: z.enum(['csv', 'json']),
    numRecords: z
      .number()
      .int()
      .min(NUM_RECORDS_LIMITS.min)
      .max(NUM_RECORDS_LIMITS.max)
      .nullable()
      .optional(),
    view: text(200).nullable().optional(),
  })
  .strict();

const none = z.tuple([]);
export const MAX_WATCHED = 500;

export const methodArgs = {
  'accounts.list': none,
  'accounts.add': z.tuple([addAccountInput]),
  'accounts.remove': z.tuple([id]),
  'accounts.verify': z.tuple([id]),
  'accounts.reauthenticate': z.tuple([id, credentialsInput]),
  'accounts.rename': z.tuple([id, labelSchema]),
  'downloads.snapshot': none,
  'downloads.page': z.tuple([
    z.object({ startedAt: z.string().max(100).nullable(), key: downloadKey }).strict(),
  ]),
  'downloads.refresh': none,
  'downloads.cancel': z.tuple([downloadKey]),
  'downloads.preview': z.tuple([newDownloadInput]),
  'downloads.start': z.tuple([newDownloadInput]),
  // A window shows a few dozen rows; the cap only bounds what a broken renderer can send.
  'downloads.watch': z.tuple([z.array(downloadKey).max(MAX_WATCHED)]),
  'files.save': z.union([
    z.tuple([downloadKey]),
    z.tuple([
      downloadKey,
      z.object({ folder: localPath.optional(), combine: z.boolean().optional() }).strict(),
    ]),
  ]),
  'files.cancelSave': z.union([
    z.tuple([id]),
    z.tuple([id, z.object({ keepPartial: z.boolean().optional() }).strict()]),
  ]),
  'files.jobs': none,
  'files.reveal': z.tuple([localPath]),
  'files.open': z.tuple([localPath]),
  'files.chooseFolder': none,
  'files.saveMany': z.union([
    z.tuple([z.array(downloadKey).max(10_000)]),
    z.tuple([z.array(downloadKey).max(10_000), z.object({ combine: z.boolean().optional() }).strict()]),
  ]),
  'files.saveAllCompleted': z.union([
    none,
    z.tuple([z.object({ combine: z.boolean().optional() }).strict()]),
  ]),
  'files.preview': z.tuple([downloadKey]),
  'downloads.exportList': z.tuple([z.array(downloadKey).max(100_000)]),
  'settings.get': none,
  // The settings module's own schema: one definition of what a valid value is.
  'settings.update': z.tuple([settingsPatchSchema]),
  'app.status': none,
  'app.focused': none,
  'app.openExternal': z.tuple([z.string().refine(isAllowedExternalUrl, EXTERNAL_URL_REFUSED)]),
  'accounts.credits': none,
  'downloads.estimate': z.tuple([newDownloadInput]),
  'app.about': none,
  'app.openLogsFolder': none,
  'app.dismissAway': z.tuple([z.string().min(1).max(2000)]),
} satisfies Record<MethodName, z.ZodTypeAny>;
