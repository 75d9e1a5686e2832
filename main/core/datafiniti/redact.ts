// Secrets must never reach an error message, a log or the renderer, even when a server or
// proxy echoes our request headers back in an error body.

export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';

/**
 * Every spelling of a secret that can appear on the wire: plain, URL-encoded, Basic header, and
 * base64 without its `=` padding or in the URL-safe alphabet (as JWTs and many APIs write it).
 */
function spellings(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret)]);
  for (const text of [`${secret}:`, secret]) {
    const bytes = Buffer.from(text, 'utf8');
    forms.add(bytes.toString('base64'));
    forms.add(bytes.toString('base64').replace(/=+$/, ''));
    forms.add(bytes.toString('base64url'));
  }
  return [...forms].filter((f) => f.length >= 4);
}

export function createRedactor(secrets: readonly (string | null | undefined)[]): Redactor {
  const forms = secrets
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .flatMap(spellings)
    // Longest first, so a base64 form is replaced whole before a shorter form inside it.
    .sort((a, b) => b.length - a.length);
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let out = text;
    for (const form of forms) out = out.split(form).join(REDACTED);
    return out;
  };
}
