// The second layer of redaction, for free text (log lines, diagnostics): secrets the app has
// handled are replaced in every spelling, and anything shaped like a credential is replaced even
// when nobody told us it was one. The first layer (redactFields) drops fields by name.
import { createRedactor, type Redactor } from '../datafiniti/redact.js';
import type { CredentialVault } from '../ports.js';

const REDACTED = '[redacted]';

/** Names under which a value is a credential: `token`, `access_token`, `apiKey`, `client_secret`... */
const SECRET_NAME = String.raw`[\w-]{0,40}(?:token|password|passwd|secret|api_?key|authorization|credential)[\w-]{0,40}`;

/**
 * Query parameters that carry a credential: API keys, and the signature and credential of a
 * pre-signed file link (S3's SigV4 `X-Amz-*`, its legacy `Signature`/`AWSAccessKeyId`), which
 * would let anyone reading a log fetch the result files until the link expires.
 */
const SECRET_PARAM = String.raw`api_?key|key|token|access_token|password|x-amz-signature|x-amz-credential|x-amz-security-token|signature|awsaccesskeyid|sig`;

/**
 * Shapes that carry a credential whatever its value: header schemes, query parameters, JSON
 * fields (also inside a JSON string, where the quotes are escaped), `token=...` in prose, JWTs,
 * URL userinfo. Every pattern matches in time linear in the text: a log line is written on the
 * main process, and a server's answer of a few hundred kilobytes must not freeze the app.
 */
const CREDENTIAL_SHAPES: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)((?:\s|\\[nrt])+)[A-Za-z0-9._~+/=-]{4,}/gi, `$1$2${REDACTED}`],
  [new RegExp(String.raw`([?&;](?:${SECRET_PARAM})=)[^&\s"'#\\]+`, 'gi'), `$1${REDACTED}`],
  [new RegExp(String.raw`(\\?"${SECRET_NAME}\\?"\s*:\s*\\?")(?:[^"\\]|\\[^"])*`, 'gi'), `$1${REDACTED}`],
  [
    /\b((?:api[_-]?key|access[_-]?token|token|password|secret)\s*[:=]\s*)(?![\s"'[])[^\s"'&,;)]+/gi,
    `$1${REDACTED}`,
  ],
  // A JWT's header is base64url JSON, so it starts `eyJ`. Matching any such run (dots included)
  // without requiring the three parts keeps the pattern from backtracking over a long line.
  [/\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)*/g, REDACTED],
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, `$1${REDACTED}@`],
];

export function scrubCredentialShapes(text: string): string {
  let out = text;
  for (const [pattern, replacement] of CREDENTIAL_SHAPES) out = out.replace(pattern, replacement);
  return out;
}

/**
 * The secrets this process has seen (tokens read from or written to the keychain). Kept in memory
 * only, so a token that reaches a log line by accident is still replaced before it is written.
 */
export interface SecretRegistry {
  remember(secret: string | null | undefined): void;
  /** Both layers: known secrets in every spelling, then credential shapes. */
  redact(text: string): string;
}

export function createSecretRegistry(): SecretRegistry {
  const secrets = new Set<string>();
  let known: Redactor = (text) => text;
  return {
    remember(secret) {
      if (typeof secret !== 'string' || secret.length < 4 || secrets.has(secret)) return;
      secrets.add(secret);
      known = createRedactor([...secrets]);
    },
    redact: (text) => scrubCredentialShapes(known(text)),
  };
}

/** The keychain, telling the registry every secret that passes through it. */
export function rememberingVault<V extends CredentialVault>(vault: V, registry: SecretRegistry): V {
  return Object.assign(Object.create(vault) as V, {
    get: async (account: string) => {
      const secret = await vault.get(account);
      registry.remember(secret);
      return secret;
    },
    set: async (account: string, secret: string) => {
      registry.remember(secret);
      await vault.set(account, secret);
    },
  });
}
