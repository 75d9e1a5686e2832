// What the app decides about updates, as pure functions: whether this install can update
// itself, whether a feed's answer is worth downloading, and what the user is told at each step.
// The shell only adapts electron-updater's autoUpdater to these decisions.

/** How this copy of the app was installed, as electron-updater itself tells them apart. */
export type InstallKind =
  'nsis' | 'mac' | 'appimage' | 'deb' | 'rpm' | 'pacman' | 'linux-unpacked' | 'development';

export interface InstallFacts {
  platform: string;
  isPackaged: boolean;
  /** `process.env.APPIMAGE`: set by the AppImage runtime to the image's path. */
  appImage: string | undefined;
  /** The contents of `<resources>/package-type`, which electron-builder writes into deb/rpm/pacman builds. */
  packageType: string | null;
}

/** Mirrors electron-updater's doLoadAutoUpdater (out/main.js), which picks an updater the same way. */
export function detectInstallKind(facts: InstallFacts): InstallKind {
  if (!facts.isPackaged) return 'development';
  if (facts.platform === 'win32') return 'nsis';
  if (facts.platform === 'darwin') return 'mac';
  const packageType = facts.packageType?.trim();
  if (packageType === 'deb' || packageType === 'rpm' || packageType === 'pacman') return packageType;
  return facts.appImage ? 'appimage' : 'linux-unpacked';
}

export interface UpdateSupport {
  kind: InstallKind;
  selfUpdate: boolean;
  /** Why this install does not update itself, for Settings, About and the diagnostics. */
  reason: string | null;
}

export function updateSupport(kind: InstallKind): UpdateSupport {
  switch (kind) {
    case 'nsis':
    case 'mac':
    case 'appimage':
      return { kind, selfUpdate: true, reason: null };
    case 'deb':
      return {
        kind,
        selfUpdate: false,
        reason:
          'Installed from the .deb package: new versions come through your package manager (apt), not from the app.',
      };
    case 'rpm':
    case 'pacman':
      return {
        kind,
        selfUpdate: false,
        reason: `Installed from the .${kind} package: updates come through your package manager, not from the app.`,
      };
    case 'linux-unpacked':
      return {
        kind,
        selfUpdate: false,
        reason: 'This copy is not an AppImage or a package, so it cannot update itself.',
      };
    case 'development':
      return {
        kind,
        selfUpdate: false,
        reason: 'Development build: updates are checked only in installed builds.',
      };
  }
}

/** What the "check for updates" setting allows. Off means the app never contacts the update server. */
export interface UpdatePermissions {
  check: boolean;
  download: boolean;
  /** electron-updater's autoInstallOnAppQuit: a downloaded update installs when the app quits. */
  installOnQuit: boolean;
}

export function updatePermissions(settingOn: boolean, support: UpdateSupport): UpdatePermissions {
  const allowed = settingOn && support.selfUpdate;
  return { check: allowed, download: allowed, installOnQuit: allowed };
}

/** The part of electron-updater's UpdateInfo (builder-util-runtime) that the decisions read. */
export interface FeedInfo {
  version?: unknown;
  files?: unknown;
  releaseDate?: unknown;
}

type Version = { core: [number, number, number]; pre: string[] };

function parseVersion(raw: unknown): Version | null {
  if (typeof raw !== 'string') return null;
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(raw.trim());
  if (!m) return null;
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? m[4].split('.') : [] };
}

/** Semantic-version order (as the `semver` package electron-updater uses): -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new Error(`not a version: ${x ? b : a}`);
  for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i]! < y.core[i]! ? -1 : 1;
  if (x.pre.length === 0 || y.pre.length === 0)
    return x.pre.length === y.pre.length ? 0 : x.pre.length ? -1 : 1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) < Number(q) ? -1 : 1;
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

export type FeedDecision = { action: 'download'; version: string } | { action: 'none'; event: UpdateEvent };

/**
 * What to do with the feed's answer. Only a strictly newer version with checksummed files is
 * downloaded (electron-updater refuses files without sha512 or sha2 too); a downgrade never is,
 * nor a pre-release unless this copy is one.
 */
export function decideOnFeed(
  currentVersion: string,
  info: FeedInfo | null,
  settingOn: boolean,
): FeedDecision {
  if (!info) return { action: 'none', event: { type: 'not-available' } };
  const version = typeof info.version === 'string' ? info.version : null;
  if (!version || !parseVersion(version)) {
    return { action: 'none', event: { type: 'error', message: 'The update feed names no valid version.' } };
  }
  const files = Array.isArray(info.files) ? (info.files as unknown[]) : [];
  const checksummed = files.every(
    (f) =>
      typeof f === 'object' &&
      f !== null &&
      typeof (f as Record<string, unknown>)['url'] === 'string' &&
      (typeof (f as Record<string, unknown>)['sha512'] === 'string' ||
        typeof (f as Record<string, unknown>)['sha2'] === 'string'),
  );
  if (files.length === 0 || !checksummed) {
    return {
      action: 'none',
      event: { type: 'error', message: 'The update feed lists no checksummed file.' },
    };
  }
  if (compareVersions(version, currentVersion) <= 0)
    return { action: 'none', event: { type: 'not-available' } };
  // As electron-updater's allowPrerelease defaults: a release install never moves to a
  // pre-release (a beta published to the stable feed by mistake); a pre-release install may.
  if (parseVersion(version)!.pre.length > 0 && parseVersion(currentVersion)?.pre.length === 0)
    return { action: 'none', event: { type: 'not-available' } };
  if (!settingOn) return { action: 'none', event: { type: 'setting-off' } };
  return { action: 'download', version };
}

export type UpdateEvent =
  | { type: 'checking' }
  | { type: 'not-available' }
  | { type: 'downloading'; version: string }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string }
  | { type: 'setting-off' }
  | { type: 'setting-on' };

export type UpdatePhase =
  'off' | 'unsupported' | 'idle' | 'checking' | 'downloading' | 'ready' | 'up-to-date' | 'error';

export interface UpdateState {
  phase: UpdatePhase;
  currentVersion: string;
  /** The version being downloaded or ready to install. */
  version: string | null;
  percent: number | null;
  /** One sentence for the About panel and the diagnostics. */
  message: string;
  checkedAt: string | null;
}

const ERROR_MESSAGE_MAX = 200;

/** electron-updater's errors carry stacks and whole feed bodies; the user gets the first line. */
export function shortError(message: string): string {
  const first = message.split('\n')[0]?.trim() || 'unknown error';
  return first.length <= ERROR_MESSAGE_MAX ? first : `${first.slice(0, ERROR_MESSAGE_MAX - 1)}…`;
}

function describe(state: Omit<UpdateState, 'message'>, support: UpdateSupport, detail = ''): string {
  switch (state.phase) {
    case 'off':
      return 'Update checks are off (Settings → App).';
    case 'unsupported':
      return support.reason ?? 'This copy cannot update itself.';
    case 'idle':
      return 'Not checked for updates yet.';
    case 'checking':
      return 'Checking for updates…';
    case 'downloading':
      return `Downloading version ${state.version} in the background${state.percent === null ? '' : ` (${Math.floor(state.percent)}%)`}.`;
    case 'ready':
      return `Version ${state.version} is ready: restart to install it.`;
    case 'up-to-date':
      return `Up to date (version ${state.currentVersion}).`;
    case 'error':
      return `Could not update: ${detail} The app tries again in a day.`;
  }
}

export function initialUpdateState(
  currentVersion: string,
  support: UpdateSupport,
  settingOn: boolean,
): UpdateState {
  const base = {
    phase: (support.selfUpdate ? (settingOn ? 'idle' : 'off') : 'unsupported') as UpdatePhase,
    currentVersion,
    version: null,
    percent: null,
    checkedAt: null,
  };
  return { ...base, message: describe(base, support) };
}

export function reduceUpdate(
  state: UpdateState,
  event: UpdateEvent,
  support: UpdateSupport,
  now: number,
): UpdateState {
  if (state.phase === 'unsupported') return state;
  const at = new Date(now).toISOString();
  let next: Omit<UpdateState, 'message'>;
  let detail = '';
  switch (event.type) {
    case 'setting-off':
      // A downloaded update stays ready (the user may still restart into it); nothing else runs.
      next = state.phase === 'ready' ? state : { ...state, phase: 'off', percent: null };
      break;
    case 'setting-on':
      next = state.phase === 'off' ? { ...state, phase: 'idle' } : state;
      break;
    case 'checking':
      if (state.phase === 'ready' || state.phase === 'downloading') return state;
      next = { ...state, phase: 'checking' };
      break;
    case 'not-available':
      if (state.phase === 'ready') return state;
      next = { ...state, phase: 'up-to-date', version: null, percent: null, checkedAt: at };
      break;
    case 'downloading':
      next = { ...state, phase: 'downloading', version: event.version, percent: null, checkedAt: at };
      break;
    case 'progress':
      if (state.phase !== 'downloading') return state;
      next = { ...state, percent: Math.min(Math.max(event.percent, 0), 100) };
      break;
    case 'downloaded':
      next = { ...state, phase: 'ready', version: event.version, percent: null };
      break;
    case 'error':
      // An update already downloaded is still installable; a failed later check does not undo it.
      if (state.phase === 'ready') return state;
      detail = `${shortError(event.message).replace(/\.?$/, '.')}`;
      next = { ...state, phase: 'error', percent: null, checkedAt: at };
      break;
  }
  return { ...next, message: describe(next, support, detail) };
}

export interface UpdateNotice {
  title: string;
  body: string;
}

/** One notification per downloaded version. */
export function updateReadyNotice(state: UpdateState, alreadyNotified: string | null): UpdateNotice | null {
  if (state.phase !== 'ready' || !state.version || state.version === alreadyNotified) return null;
  return {
    title: 'Update ready',
    body: `Datafiniti Downloads ${state.version} has been downloaded. Restart the app to install it.`,
  };
}

export const UPDATE_READY_LABEL = 'Update ready: restart to install';
