// What the About panel shows: versions, licence, and where to go for help.
import type { AboutInfo } from '../../../preload/contract/index.js';
import { PORTAL_URL } from '../../../preload/contract/external-url.js';

export const APP_LICENCE = 'MIT';
/** Outside the packaged app (the harness) nothing tells us the version we would ship as. */
export const APP_VERSION_UNKNOWN = 'development';

export interface AboutSources {
  appVersion: string;
  /** `process.versions`: Electron and Chrome are there only inside Electron. */
  versions: Partial<Record<'electron' | 'chrome' | 'node', string>>;
  logsFolder: string | null;
  update: string | null;
}

export function aboutInfo(sources: AboutSources): AboutInfo {
  return {
    name: 'Datafiniti Downloads',
    version: sources.appVersion,
    electron: sources.versions.electron ?? null,
    chromium: sources.versions.chrome ?? null,
    node: sources.versions.node ?? null,
    licence: APP_LICENCE,
    portalUrl: PORTAL_URL,
    logsFolder: sources.logsFolder,
    update: sources.update,
  };
}
