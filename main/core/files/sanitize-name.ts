// Every name the file host hands us (`{user}/{id}_{n}.csv`, or whatever a hostile or broken
// server sends) becomes one plain file name, so a saved file can only land inside the folder
// the user chose: no separators, no `..`, nothing Windows refuses to create.

const RESERVED_WINDOWS = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Control characters and the characters Windows, macOS or Linux reject in names.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Bytes, not characters: ext4, APFS and NTFS all stop at 255 bytes; leave room for ` (99).part`. */
export const MAX_NAME_BYTES = 200;

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a character. */
function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  let out = '';
  for (const ch of s) {
    if (utf8Length(out + ch) > maxBytes) break;
    out += ch;
  }
  return out;
}

/**
 * A safe base name for `raw`. Only the last path segment counts (the server's `{user}/` prefix
 * is not a folder of ours); `fallback` is used when nothing usable remains.
 */
export function sanitizeFileName(raw: string, fallback = 'file'): string {
  let name = raw.normalize('NFC');
  // Take the last segment of either kind of separator, so `a/../../etc/passwd` -> `passwd`.
  const segments = name.split(/[/\\]+/).filter((s) => s !== '');
  name = segments[segments.length - 1] ?? '';
  name = name.replace(FORBIDDEN, '_');
  // Windows drops trailing dots and spaces (so `con.` is `con`); leading dots would hide the file.
  name = name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
  if (name === '' || /^_+$/.test(name)) name = sanitizeFallback(fallback);

  const dot = name.lastIndexOf('.');
  let stem = dot > 0 ? name.slice(0, dot) : name;
  let ext = dot > 0 ? name.slice(dot) : '';
  // `CON.csv` and `aux.tar.gz` are reserved too: the check is on the part before the first dot.
  const firstStem = stem.split('.')[0] ?? stem;
  if (RESERVED_WINDOWS.test(firstStem)) stem = `_${stem}`;

  if (utf8Length(ext) > 16) {
    stem += ext;
    ext = '';
  }
  stem = truncateUtf8(stem, MAX_NAME_BYTES - utf8Length(ext)).replace(/[\s.]+$/, '');
  if (stem === '') stem = sanitizeFallback(fallback);
  return stem + ext;
}

function sanitizeFallback(fallback: string): string {
  const cleaned = fallback.replace(FORBIDDEN, '_').replace(/^[\s.]+|[\s.]+$/g, '');
  return cleaned === '' ? 'file' : cleaned;
}
