// Text from outside the app (account names people type, statuses and views Datafiniti sends)
// can hold right-to-left letters or a bidi control such as U+202E, which turns every later
// letter of its paragraph around. Put into a sentence of ours, such text could make the rest of
// the sentence read backwards, so it is set apart as a Unicode isolate: whatever direction it
// has ends where it ends.
const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

/** `text` as an isolate, for a name or value quoted inside one of the app's sentences. */
export function isolate(text: string): string {
  return `${FIRST_STRONG_ISOLATE}${text}${POP_DIRECTIONAL_ISOLATE}`;
}
