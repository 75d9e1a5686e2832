/**
 * Deterministic result-file content, streamable at any size and from any offset.
 *
 * Every record of a file has the same byte length, so "offset -> record" is arithmetic and a
 * Range request costs nothing. A file is its header (CSV only) followed by a repeating block of
 * a few record variants (~64 KiB); the block is pre-repeated into a buffer a little over 1 MiB
 * so that any chunk is a zero-copy `subarray` of it. That keeps the simulator faster than the
 * clients it serves, which matters when benchmarks compare against curl at ~1 GiB.
 *
 * CSV records contain quoted fields with commas, newlines and doubled quotes, so counting
 * records needs a real CSV parser; JSON files are NDJSON, one record per line.
 */
import { createHash } from 'node:crypto';
import { createRandom, hashString, pick } from './random.js';
import type { DataType, FileFormat } from './types.js';

export interface FileContentSpec {
  /** Identifies the file (seed, download, file number); same key -> same bytes. */
  key: string;
  format: FileFormat;
  dataType: DataType;
  records: number;
  /** Requested bytes per record; raised to the smallest size that fits a record. */
  bytesPerRecord: number;
}

const CHUNK_BYTES = 1 << 20;
const BLOCK_TARGET_BYTES = 64 * 1024;
const MAX_VARIANTS = 512;
/** Above this, hashing the whole file for an MD5 ETag is not "cheap". */
const MD5_ETAG_LIMIT = 16 * 1024 * 1024;
/** S3 multipart part size used to make the non-MD5 ETag look like the real thing. */
const MULTIPART_PART_BYTES = 8 * 1024 * 1024;
/** A single record beyond this would make the pattern buffer unreasonable. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export const CSV_COLUMNS = [
  'id',
  'dataType',
  'name',
  'address',
  'city',
  'province',
  'postalCode',
  'description',
  'filler',
] as const;

const NAMES = ['Blue Door', 'Golden Spoon', 'Maple & Co', 'Northwind', 'Riverside', 'Tin Roof', 'Acme'];
const SUFFIXES = ['LLC', 'Inc', 'Ltd', 'Group'];
const STREETS = ['Main', 'Oak', 'Congress', 'Lamar', 'Guadalupe', 'Elm'];
const CITIES = ['Austin', 'Dallas', 'Boston', 'Denver', 'Portland', 'Chicago'];
const PROVINCES = ['TX', 'MA', 'CO', 'OR', 'IL'];
const SENTENCES = [
  'Open late, with outdoor seating',
  'Family owned, since 1987',
  'Free parking, wheelchair access',
  'Recently renovated, new owners',
];
const SINGULAR: Record<DataType, string> = {
  businesses: 'business',
  people: 'people',
  products: 'product',
  properties: 'property',
};

interface RecordFields {
  id: string;
  dataType: string;
  name: string;
  address: string;
  city: string;
  province: string;
  postalCode: string;
  description: string;
}

function recordFields(random: () => number, dataType: DataType, variant: number): RecordFields {
  return {
    id: `AV${variant.toString(16).padStart(4, '0')}${Math.floor(random() * 0xffffff)
      .toString(16)
      .padStart(6, '0')}`,
    dataType: SINGULAR[dataType],
    name: `${pick(random, NAMES)}, ${pick(random, SUFFIXES)}`,
    address: `${1 + Math.floor(random() * 9000)} ${pick(random, STREETS)} St, Suite ${1 + Math.floor(random() * 400)}`,
    city: pick(random, CITIES),
    province: pick(random, PROVINCES),
    postalCode: String(10000 + Math.floor(random() * 89999)),
    description: `${pick(random, SENTENCES)}\nSecond line with "quotes", commas and more`,
  };
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A record without its filler, split where the filler goes. */
function recordTemplate(format: FileFormat, f: RecordFields): { before: string; after: string } {
  if (format === 'csv') {
    const cells = [f.id, f.dataType, f.name, f.address, f.city, f.province, f.postalCode, f.description];
    return { before: `${cells.map(csvField).join(',')},`, after: '\n' };
  }
  // Real JSON records nest (sourceURLs, reviews...): one array and one object, so readers of
  // the files meet nesting here too.
  const nested = { sourceURLs: [`https://example.com/${f.id}`], geo: { city: f.city, zip: f.postalCode } };
  const json = JSON.stringify({ ...f, ...nested, filler: '' });
  // The filler is the last property: its value is the `""` just before the closing brace.
  return { before: json.slice(0, -2), after: '"}\n' };
}

function sampleRecords(key: string, format: FileFormat, dataType: DataType, count: number) {
  const random = createRandom(hashString(key));
  const out: { before: string; after: string }[] = [];
  for (let i = 0; i < count; i++) out.push(recordTemplate(format, recordFields(random, dataType, i)));
  return out;
}

/** Preview records for `download:false` searches (plain objects, not file bytes). */
export function previewRecords(seed: string, dataType: DataType, count: number): Record<string, string>[] {
  const random = createRandom(hashString(seed));
  const out: Record<string, string>[] = [];
  for (let i = 0; i < count; i++) out.push({ ...recordFields(random, dataType, i) });
  return out;
}

class RecordPattern {
  readonly header: Buffer;
  readonly recordSize: number;
  readonly blockBytes: number;
  /** The block repeated so that any chunk of up to CHUNK_BYTES is one contiguous slice. */
  readonly repeated: Buffer;

  constructor(key: string, format: FileFormat, dataType: DataType, bytesPerRecord: number) {
    this.header = Buffer.from(format === 'csv' ? `${CSV_COLUMNS.join(',')}\n` : '', 'latin1');
    const probe = sampleRecords(key, format, dataType, MAX_VARIANTS);
    const minSize = Math.max(...probe.map((r) => r.before.length + r.after.length + 1));
    this.recordSize = Math.max(Math.round(bytesPerRecord), minSize);
    if (this.recordSize > MAX_RECORD_BYTES) throw new Error(`bytesPerRecord above ${MAX_RECORD_BYTES}`);
    const variants = Math.min(MAX_VARIANTS, Math.max(1, Math.round(BLOCK_TARGET_BYTES / this.recordSize)));
    this.blockBytes = variants * this.recordSize;
    const copies = Math.ceil((CHUNK_BYTES + this.blockBytes) / this.blockBytes);
    this.repeated = Buffer.allocUnsafe(copies * this.blockBytes);
    for (let v = 0; v < variants; v++) {
      const r = probe[v];
      if (!r) break;
      const filler = 'x'.repeat(this.recordSize - r.before.length - r.after.length);
      this.repeated.write(r.before + filler + r.after, v * this.recordSize, 'latin1');
    }
    for (let c = 1; c < copies; c++)
      this.repeated.copy(this.repeated, c * this.blockBytes, 0, this.blockBytes);
  }
}

/** A generated file: its size, ETag and bytes for any range, never held whole in memory. */
export class GeneratedFile {
  readonly size: number;
  readonly records: number;
  private readonly pattern: RecordPattern;
  private readonly key: string;
  private cachedEtag: string | undefined;

  constructor(spec: FileContentSpec, pattern: RecordPattern) {
    this.pattern = pattern;
    this.key = spec.key;
    this.records = spec.records;
    this.size = pattern.header.length + spec.records * pattern.recordSize;
  }

  get recordSize(): number {
    return this.pattern.recordSize;
  }

  /** Chunks covering [start, end) in order; each is a view of a shared buffer. */
  *chunks(start = 0, end = this.size): Generator<Buffer> {
    const { header, blockBytes, repeated } = this.pattern;
    let pos = Math.max(0, start);
    const stop = Math.min(end, this.size);
    while (pos < stop) {
      if (pos < header.length) {
        const upto = Math.min(header.length, stop);
        yield header.subarray(pos, upto);
        pos = upto;
        continue;
      }
      const offset = (pos - header.length) % blockBytes;
      const length = Math.min(stop - pos, CHUNK_BYTES);
      yield repeated.subarray(offset, offset + length);
      pos += length;
    }
  }

  /** S3 semantics: MD5 of the bytes for a small file, a multipart-style tag for a large one. */
  etag(): string {
    if (this.cachedEtag) return this.cachedEtag;
    if (this.size <= MD5_ETAG_LIMIT) {
      const md5 = createHash('md5');
      for (const chunk of this.chunks()) md5.update(chunk);
      this.cachedEtag = `"${md5.digest('hex')}"`;
    } else {
      const digest = createHash('md5').update(`${this.key}:${this.size}`).digest('hex');
      this.cachedEtag = `"${digest}-${Math.ceil(this.size / MULTIPART_PART_BYTES)}"`;
    }
    return this.cachedEtag;
  }
}

/**
 * Patterns are reused across requests (resumes, benchmarks). The cache is bounded by bytes,
 * since a pattern with huge records is itself large; least recently used go first.
 */
const patternCache = new Map<string, RecordPattern>();
const PATTERN_CACHE_BYTES = 256 * 1024 * 1024;

export function generatedFile(spec: FileContentSpec): GeneratedFile {
  const cacheKey = `${spec.key}|${spec.format}|${spec.dataType}|${spec.bytesPerRecord}`;
  let pattern = patternCache.get(cacheKey);
  if (pattern) {
    patternCache.delete(cacheKey);
  } else {
    pattern = new RecordPattern(spec.key, spec.format, spec.dataType, spec.bytesPerRecord);
  }
  patternCache.set(cacheKey, pattern);
  let total = 0;
  for (const p of patternCache.values()) total += p.repeated.length;
  for (const [key, p] of patternCache) {
    if (total <= PATTERN_CACHE_BYTES || patternCache.size === 1) break;
    patternCache.delete(key);
    total -= p.repeated.length;
  }
  return new GeneratedFile(spec, pattern);
}
