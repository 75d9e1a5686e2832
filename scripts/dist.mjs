// Builds the installers: `npm run dist -- [electron-builder CLI options]`, e.g. `--linux deb`.
//
// A thin wrapper over electron-builder's own CLI parsing and build API, for two settings that
// electron-builder.yml cannot express (its ${env.X} macros only expand in file names and
// patterns, not in `electronDist`, and they throw when the variable is unset):
//
//   ELECTRON_DIST  Use this Electron instead of downloading one, for machines without access
//                  to the Electron release host. Either an unpacked Electron for the target
//                  platform and arch (e.g. a local build's out/Release), or a folder of
//                  electron-v<version>-<platform>-<arch>.zip files, from which
//                  electron-builder picks the zip matching each target.
//   APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER, or
//   APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID, or
//   APPLE_KEYCHAIN + APPLE_KEYCHAIN_PROFILE
//                  Any complete set turns on macOS notarization; without one it stays off.
//
// `--check` loads and validates the resulting configuration with electron-builder's own
// loader and schema, prints it, and exits without building.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, configureBuildCommand, createYargs } from 'electron-builder/out/builder.js';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';

const projectDir = resolve(import.meta.dirname, '..');

const notarizationCredentialSets = [
  ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
  ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'],
  ['APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE'],
];

/** Configuration that deep-merges over electron-builder.yml. */
export function configOverrides(env = process.env) {
  const overrides = {};
  const electronDist = env.ELECTRON_DIST?.trim();
  if (electronDist) {
    const path = resolve(projectDir, electronDist);
    if (!existsSync(path)) {
      throw new Error(`ELECTRON_DIST points at ${path}, which does not exist`);
    }
    overrides.electronDist = path;
  }
  if (notarizationCredentialSets.some((names) => names.every((name) => env[name]?.trim()))) {
    overrides.mac = { notarize: true };
  }
  return overrides;
}

async function main() {
  const argv = process.argv.slice(2);
  const check = argv.includes('--check');
  const args = configureBuildCommand(createYargs()).parseSync(argv.filter((arg) => arg !== '--check'));
  const overrides = configOverrides();

  // `-c file.yml` names another config file; `-c.key=value` gives inline overrides.
  // Either way ours go on top.
  const fromCli = args.config;
  const config =
    typeof fromCli === 'string'
      ? { extends: fromCli, ...overrides }
      : { ...(fromCli ?? {}), ...overrides, mac: { ...fromCli?.mac, ...overrides.mac } };
  if (!overrides.mac && !fromCli?.mac) delete config.mac;

  if (check) {
    const configPath = typeof fromCli === 'string' ? fromCli : null;
    const inline = typeof fromCli === 'string' ? overrides : config;
    const merged = await getConfig(projectDir, configPath, inline);
    await validateConfiguration(merged, { isEnabled: false, add() {} });
    console.log(JSON.stringify(merged, null, 2));
    console.log('electron-builder configuration is valid');
    return;
  }

  if (!overrides.electronDist) {
    console.warn(
      'ELECTRON_DIST is not set: electron-builder will download Electron for each target (needs network).',
    );
  }
  const artifacts = await build({ ...args, projectDir, config });
  for (const artifact of artifacts) console.log(artifact);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
