// What a valid account field is, in one place: the bridge's argument schemas and the accounts
// service judge a value by these same rules.
import { z } from 'zod';

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
