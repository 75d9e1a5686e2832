// `manifest.json` beside the saved files: what was saved, from which download, with each file's
// SHA-256 (computed while streaming) and the record count checked against what the API said.
import { replaceFile, TEMP_MARK } from './replace-file.js';
import type { DataType, Download, DownloadFormat } from '../../../preload/contract/index.js';

export const MANIFEST_NAME = 'manifest.json';

export interface ManifestFile {
  name: string;
  size: number;
  sha256: string;
  records: number;
}

export interface Manifest {
  manifestVersion: 1;
  downloadId: string;
  downloadKey: string;
  apiVersion: string;
  accountLabel: string | null;
  query: string;
  dataType: DataType | null;
  format: DownloadFormat | null;
  view: string | null;
  savedAt: string;
  files: ManifestFile[];
  records: {
    found: number;
    /** numDownloaded ?? numRecords as the API reported it; null when it said neither. */
    reported: number | null;
    matches: boolean;
  };
  /** Added after the save when the parts were combined into one file (see combine.ts). */
  combined?: CombinedManifestFile;
}

export interface CombinedManifestFile extends ManifestFile {
  /** The parts it was made from, in order; its `records` equals the sum of theirs. */
  parts: string[];
  partsKept: boolean;
}

export function recordsReported(download: Download): number | null {
  return download.numDownloaded ?? download.numRecords ?? null;
}

export function buildManifest(
  download: Download,
  accountLabel: string | null,
  files: ManifestFile[],
  savedAt: number,
): Manifest {
  const found = files.reduce((sum, f) => sum + f.records, 0);
  const reported = recordsReported(download);
  return {
    manifestVersion: 1,
    downloadId: download.id,
    downloadKey: download.key,
    apiVersion: download.version,
    accountLabel,
    query: download.query,
    dataType: download.dataType,
    format: download.format,
    view: download.view,
    savedAt: new Date(savedAt).toISOString(),
    files,
    records: { found, reported, matches: reported === null || reported === found },
  };
}

/** `manifest.json.tmp-1234`: what a crash inside writeManifest leaves behind. */
export function isManifestTemp(name: string, manifestName: string): boolean {
  const prefix = manifestName + TEMP_MARK;
  return name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length));
}

/** Written to a temp name, fsynced and renamed, so a reader never sees half a manifest. */
export async function writeManifest(filePath: string, manifest: Manifest): Promise<void> {
  await replaceFile(filePath, `${JSON.stringify(manifest, null, 2)}\n`);
}
