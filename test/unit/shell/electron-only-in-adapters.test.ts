// Each shell feature keeps its decisions in policy files that run in plain Node; only the
// adapters touch Electron. The lint rule says so, and this checks that it does catch an import.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import ELECTRON_ADAPTERS from '../../../main/shell/electron-adapters.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function electronImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const USE_ELECTRON = `import { app } from 'electron';\nexport const name = app.getName();\n`;

describe('electron only in adapter files', () => {
  it.each([
    'main/shell/tray/tray-model.ts',
    'main/shell/window/window-bounds.ts',
    'main/shell/ipc/trusted-sender.ts',
    'main/shell/platform/linux-autostart.ts',
    'main/core/backend/index.ts',
    'preload/contract/bridge.ts',
  ])('an electron import in %s is a lint error', async (file) => {
    expect(await electronImportErrors(file, USE_ELECTRON)).toHaveLength(1);
    expect(
      await electronImportErrors(
        file,
        `import { BrowserWindow } from 'electron/main';\nexport { BrowserWindow };\n`,
      ),
    ).toHaveLength(1);
  });

  it('the adapters may import it', async () => {
    for (const file of ELECTRON_ADAPTERS)
      expect(await electronImportErrors(file, USE_ELECTRON), file).toEqual([]);
  });
});
