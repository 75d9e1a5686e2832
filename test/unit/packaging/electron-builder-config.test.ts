import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, matchesGlob } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import type { Configuration } from 'app-builder-lib';
import { getConfig as readConfigFile } from 'app-builder-lib/out/util/config/load';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { LinuxTargetHelper } from 'app-builder-lib/out/targets/LinuxTargetHelper';
import type { AppUpdater } from 'electron-updater';
import { createClient } from 'electron-updater/out/providerFactory.js';
import { GitHubProvider } from 'electron-updater/out/providers/GitHubProvider.js';
import type { ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../../main/shell/platform/app-identity.js';
import { appIconSizes, projectRoot, trayStates, trayVariants } from '../../../scripts/make-icons';

type Schema = Record<string, unknown> & { definitions: Record<string, { additionalProperties?: unknown }> };

const schema = JSON.parse(
  readFileSync(join(projectRoot, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
) as Schema;

// draft-07, as the schema declares. strict: false because the schema uses electron-builder's
// own `typeof: "function"` keyword, which ajv should skip rather than reject.
const ajv = new Ajv({ strict: false, allowUnionTypes: true, allErrors: true });
const validate = ajv.compile(schema);

/** electron-builder.yml as electron-builder's own loader reads it, without merging defaults. */
async function loadConfig(): Promise<Configuration> {
  const loaded = await readConfigFile<Configuration>(
    {
      packageKey: 'build',
      configFilename: 'electron-builder',
      projectDir: projectRoot,
      packageMetadata: null,
    },
    join(projectRoot, 'electron-builder.yml'),
  );
  if (!loaded) throw new Error('electron-builder.yml not found');
  return loaded.result;
}

function unknownKeys(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? [])
    .filter((e) => e.keyword === 'additionalProperties')
    .map((e) => `${e.instancePath}/${String(e.params['additionalProperty'])}`);
}

const silentDebugLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<
  typeof validateConfiguration
>[1];

let config: Configuration;
beforeAll(async () => {
  config = await loadConfig();
});

describe('electron-builder.yml against electron-builder’s configuration schema', () => {
  it('rejects unknown keys at the top level and in every section we use', () => {
    expect(schema['additionalProperties']).toBe(false);
    for (const name of [
      'LinuxConfiguration',
      'LinuxDesktopFile',
      'AppImageOptions',
      'DebOptions',
      'MacConfiguration',
      'DmgOptions',
      'WindowsConfiguration',
      'NsisOptions',
      'FuseOptionsV1',
    ]) {
      expect(schema.definitions[name]?.additionalProperties, name).toBe(false);
    }
  });

  it('is valid', () => {
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('passes electron-builder’s own validation, as run at the start of a build', async () => {
    await expect(validateConfiguration(structuredClone(config), silentDebugLogger)).resolves.toBeUndefined();
  });

  it('fails on a misspelt key, at the top level and nested', async () => {
    const { productName, ...rest } = structuredClone(config);
    const topLevel = { ...rest, prodcutName: productName };
    expect(validate(topLevel)).toBe(false);
    expect(unknownKeys(validate.errors)).toContain('/prodcutName');

    const nested = { ...structuredClone(config), nsis: { ...config.nsis, oneclick: false } };
    expect(validate(nested)).toBe(false);
    expect(unknownKeys(validate.errors)).toContain('/nsis/oneclick');

    await expect(validateConfiguration(topLevel as Configuration, silentDebugLogger)).rejects.toThrow(
      /unknown property 'prodcutName'/,
    );
  });
});

describe('what the installers contain', () => {
  const keytarBinary = 'node_modules/keytar/build/Release/keytar.node';

  it('unpacks keytar from the asar, since a native module cannot be loaded from inside one', () => {
    const patterns = [config.asarUnpack ?? []].flat();
    expect(patterns.some((pattern) => matchesGlob(keytarBinary, pattern))).toBe(true);
  });

  it('packs the build output and the run-time icons, and no sources or tests', () => {
    const patterns = [config.files ?? []].flat().filter((p): p is string => typeof p === 'string');
    const included = (path: string): boolean => {
      let result = false;
      for (const pattern of patterns) {
        if (pattern.startsWith('!')) {
          if (matchesGlob(path, pattern.slice(1))) result = false;
        } else if (matchesGlob(path, pattern)) result = true;
      }
      return result;
    };
    for (const path of [
      'out/main/index.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'package.json',
    ]) {
      expect(included(path), path).toBe(true);
    }
    for (const state of trayStates) {
      for (const variant of trayVariants) {
        expect(included(`build/tray/${state}-${variant}.png`)).toBe(true);
        expect(included(`build/tray/${state}-${variant}@2x.png`)).toBe(true);
        expect(included(`build/tray/${state}-${variant}.ico`)).toBe(true);
      }
      expect(included(`build/tray/${state}Template.png`)).toBe(true);
      expect(included(`build/tray/${state}Template@2x.png`)).toBe(true);
    }
    expect(included('build/icon.png')).toBe(true);
    for (const path of [
      'main/index.ts',
      'renderer/App.svelte',
      'test/unit/packaging/icons.test.ts',
      'scripts/make-icons.ts',
      'build/icon.svg',
      'out/main/index.js.map',
      'tsconfig.json',
    ]) {
      expect(included(path), path).toBe(false);
    }
  });

  it('points at icons and entitlements that exist', () => {
    const files = [
      config.mac?.icon,
      config.win?.icon,
      config.mac?.entitlements,
      config.mac?.entitlementsInherit,
    ];
    for (const file of files) {
      expect(typeof file).toBe('string');
      expect(existsSync(join(projectRoot, file as string)), String(file)).toBe(true);
    }
    const linuxIcons = join(projectRoot, config.linux?.icon ?? '');
    expect(statSync(linuxIcons).isDirectory()).toBe(true);
    expect(readdirSync(linuxIcons).sort()).toEqual(appIconSizes.map((s) => `${s}x${s}.png`).sort());
    expect(config.directories?.buildResources).toBe('build');
    expect(config.directories?.output).toBe('dist');
  });

  it('asks macOS for alert-style notifications, which show the Save button', () => {
    expect(config.mac?.extendInfo).toMatchObject({ NSUserNotificationAlertStyle: 'alert' });
  });

  it('grants the macOS hardened runtime only the JIT exception V8 needs', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.notarize).toBe(false);
    const plist = readFileSync(join(projectRoot, config.mac?.entitlements ?? ''), 'utf8').replace(
      /<!--[\s\S]*?-->/g,
      '',
    );
    const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    expect(plist).toMatch(/^<\?xml[\s\S]*<plist version="1.0">\s*<dict>[\s\S]*<\/dict>\s*<\/plist>\s*$/);
  });

  it('makes the Windows installer ask where to install', () => {
    expect(config.nsis?.oneClick).toBe(false);
    expect(config.nsis?.allowToChangeInstallationDirectory).toBe(true);
  });

  it('makes the deb pull in libsecret, which keytar needs to reach the keychain', () => {
    expect(config.deb?.depends).toContain('libsecret-1-0');
    expect(config.linux?.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
  });
});

describe('updates', () => {
  it('publishes to GitHub releases, which electron-updater’s own provider factory can read', () => {
    const publish = [config.publish].flat();
    expect(publish).toHaveLength(1);
    expect(publish[0]).toMatchObject({ provider: 'github', releaseType: 'release' });
    // What autoUpdater does with app-update.yml (the publish section as electron-builder writes it).
    const updaterFields = { channel: null, allowPrerelease: false } as unknown as AppUpdater;
    const runtime = {
      platform: 'linux',
      isUseMultipleRangeRequest: true,
    } as unknown as ProviderRuntimeOptions;
    const provider = createClient(publish[0] as Parameters<typeof createClient>[0], updaterFields, runtime);
    expect(provider).toBeInstanceOf(GitHubProvider);
    const { owner, repo } = publish[0] as { owner: string; repo: string };
    expect((provider as unknown as { basePath: string }).basePath).toBe(`/${owner}/${repo}/releases`);
  });

  it('builds a zip beside the dmg for both Mac architectures, since Squirrel.Mac installs from the zip', () => {
    const targets = [config.mac?.target ?? []].flat().map((t) => (typeof t === 'string' ? { target: t } : t));
    for (const name of ['dmg', 'zip']) {
      const target = targets.find((t) => t?.target === name) as { arch?: string[] } | undefined;
      expect(target, name).toBeDefined();
      expect(target?.arch).toEqual(expect.arrayContaining(['arm64', 'x64']));
    }
  });
});

describe('the Linux desktop entry electron-builder generates', () => {
  async function desktopEntry(): Promise<Record<string, string>> {
    const packageJson = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Record<
      string,
      string
    >;
    // The slice of LinuxPackager that computeDesktopEntry reads.
    const packager = {
      appInfo: {
        productName: config.productName,
        sanitizedProductName: config.productName,
        description: packageJson['description'],
      },
      executableName: config.linux?.executableName,
      info: { metadata: { ...packageJson, ...config.extraMetadata } },
      fileAssociations: [],
      config,
      platformSpecificBuildOptions: config.linux,
    } as unknown as ConstructorParameters<typeof LinuxTargetHelper>[0];
    const text = await new LinuxTargetHelper(packager).computeDesktopEntry(config.linux ?? {});
    return Object.fromEntries(
      text
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }

  it('names the app, files it under Network and Utility, and matches the running window', async () => {
    const entry = await desktopEntry();
    expect(entry['Name']).toBe('Datafiniti Downloads');
    expect(entry['Comment']).toMatch(/Datafiniti/);
    expect(entry['Categories']).toBe('Network;Utility;');
    expect(entry['Icon']).toBe('datafiniti-downloads');
    // Electron sets WM_CLASS / the Wayland app_id from desktopName minus ".desktop".
    const desktopName = String(config.extraMetadata?.['desktopName']);
    expect(entry['StartupWMClass']).toBe(desktopName.replace(/\.desktop$/, ''));
    expect(config.linux?.syncDesktopName).toBe(true);
  });
});

it('the shell registers the same app id the installers use (Windows notifications need it)', () => {
  expect(config.appId).toBe(APP_ID);
});
