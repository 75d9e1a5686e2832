// The second layer of redaction, for free text (log lines, diagnostics): secrets the app has
// handled are replaced in every spelling, and anything shaped like a credential is replaced even
// when nobody told us it was one. The first layer (redactFields) drops fields by name.
import { createRedactor, type Redactor } from '../datafiniti/redact.js';
import type { CredentialVault } from '../ports.js';

const REDACTED = '[redacted]';

/** Shapes that carry a credential whatever its value: header schemes, query parameters, JWTs, URL userinfo. */
const CREDENTIAL_SHAPES: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi, `$1 ${REDACTED}`],
  [/([?&](?:api_key|apikey|token|access_token|password)=)[^&\s"'#]+/gi, `$1${REDACTED}`],
  [/("(?:token|password|api_key|authorization|secret)"\s*:\s*")[^"]*"/gi, `$1${REDACTED}"`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
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
