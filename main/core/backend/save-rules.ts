// Which downloads may be saved, where to, and whether a save of one is already under way: the
// rules every way of starting a save shares (the button, the tray's "save all", auto-save).
import path from 'node:path';
import {
  whyNotSavable,
  type Account,
  type Download,
  type DownloadKey,
  type SaveJob,
  type Settings,
} from '../../../preload/contract/index.js';
import { AppError } from '../errors.js';
import { defaultSaveFolder, type Saver } from '../files/index.js';
import type { PathsPort } from '../ports.js';

export interface SaveRulesDeps {
  saver: Pick<Saver, 'save' | 'jobs'>;
  settings: () => Settings;
  account: (id: string) => Account | undefined;
  paths: PathsPort;
}

export interface SaveRules {
  /** Starts (or resumes) saving all files of a download; rejects when it cannot be saved. */
  save(download: Download, folder?: string): Promise<SaveJob>;
  alreadySaving(key: DownloadKey): boolean;
}

export function createSaveRules({ saver, settings, account, paths }: SaveRulesDeps): SaveRules {
  function folderFor(download: Download, chosen?: string): string {
    if (chosen) return path.resolve(chosen);
    const parent = settings().saveFolder ?? path.join(paths.downloads, 'Datafiniti');
    return defaultSaveFolder(parent, account(download.accountId)?.label ?? '', download.id);
  }

  function save(download: Download, folder?: string): Promise<SaveJob> {
    const notSavable = whyNotSavable(download);
    if (notSavable) throw new AppError(notSavable.code, notSavable.message, { status: download.status });
    return saver.save(download, {
      folder: folderFor(download, folder),
      accountLabel: account(download.accountId)?.label ?? null,
      parallelFiles: settings().parallelFiles,
    });
  }

  function alreadySaving(key: DownloadKey): boolean {
    return saver.jobs().some((j) => j.downloadKey === key && j.state !== 'failed' && j.state !== 'cancelled');
  }

  return { save, alreadySaving };
}
