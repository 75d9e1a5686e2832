// The layering that lets the app be tested without the Electron binary: main/core never
// imports electron, and the renderer never reaches into main/ (only the preload contract).
// The contract in preload/contract/ is a leaf: core, preload and renderer depend on it, never
// the other way round.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import ELECTRON_ADAPTERS from '../../main/shell/electron-adapters.json' with { type: 'json' };

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs|cjs|svelte)$/.test(name) ? [path] : [];
  });
}

/** Every module specifier a file imports, requires or dynamically imports. */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of source.matchAll(pattern)) found.push(m[1]!);
  return found;
}

function importsElectron(source: string): boolean {
  return importsOf(source).some((s) => s === 'electron' || s.startsWith('electron/'));
}

function reachesIntoMain(file: string, source: string): boolean {
  return importsOf(source).some((s) => {
    if (!s.startsWith('.')) return false;
    const target = relative(root, resolve(dirname(file), s));
    return target === 'main' || target.startsWith('main/');
  });
}

/** The file a relative specifier names, as the bundler resolves it; null for packages. */
function resolveRelative(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(file), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Imports of a contract file that leave the contract folder: other folders, or packages but zod. */
export function outwardImports(file: string, source: string): string[] {
  const contract = join(root, 'preload/contract');
  return importsOf(source).filter((s) => {
    if (!s.startsWith('.')) return s !== 'zod';
    const target = resolve(dirname(file), s);
    return relative(contract, target).startsWith('..');
  });
}

/** Every source file reachable from `entry` through relative imports: what a bundle would hold. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    // `import type` is erased from the bundle; `import { type X }` is not (verbatimModuleSyntax).
    const source = readFileSync(file, 'utf8').replace(
      /\b(import|export)\s+type\s[^;]*?from\s*['"][^'"]+['"]/g,
      '',
    );
    for (const spec of importsOf(source)) {
      const target = resolveRelative(file, spec);
      if (target) queue.push(target);
    }
  }
  return seen;
}

const inside = (folder: string) => (file: string) => relative(root, file).startsWith(`${folder}/`);

describe('architecture', () => {
  it('the checks recognise every import form they guard against', () => {
    expect(importsElectron(`import { app } from 'electron';`)).toBe(true);
    expect(importsElectron(`const { app } = require("electron")`)).toBe(true);
    expect(importsElectron(`const e = await import('electron')`)).toBe(true);
    expect(importsElectron(`import type { X } from './electron-like.js'`)).toBe(false);
    const fake = join(root, 'renderer/src/x.ts');
    expect(reachesIntoMain(fake, `import { a } from '../../main/core/errors.js'`)).toBe(true);
    expect(reachesIntoMain(fake, `import { a } from '../../preload/contract/index.js'`)).toBe(false);
    const contractFile = join(root, 'preload/contract/model.ts');
    expect(outwardImports(contractFile, `import type { X } from '../../main/core/ports.js'`)).toHaveLength(1);
    expect(outwardImports(contractFile, `import { X } from '../index.js'`)).toHaveLength(1);
    expect(outwardImports(contractFile, `import { z } from 'node:fs'`)).toHaveLength(1);
    expect(outwardImports(contractFile, `import { X } from './errors.js'`)).toEqual([]);
    expect(outwardImports(contractFile, `import { z } from 'zod'`)).toEqual([]);
  });

  it('the contract imports nothing from outside preload/contract/ (zod aside)', () => {
    const offenders = sourceFiles(join(root, 'preload/contract')).flatMap((f) =>
      outwardImports(f, readFileSync(f, 'utf8')).map((s) => `${relative(root, f)} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the preload reaches only the contract and electron, never main/ or the renderer', () => {
    const files = [...reachable(join(root, 'preload/index.ts'))];
    expect(files.filter((f) => !inside('preload')(f)).map((f) => relative(root, f))).toEqual([]);
    const packages = files.flatMap((f) =>
      importsOf(readFileSync(f, 'utf8')).filter((s) => !s.startsWith('.')),
    );
    expect(new Set(packages)).toEqual(new Set(['electron']));
  });

  it('the renderer bundle holds no code from main/ (following every import from its entry)', () => {
    const files = [...reachable(join(root, 'renderer/src/main.ts'))];
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter(inside('main')).map((f) => relative(root, f))).toEqual([]);
    // The contract's zod schemas stay out of the renderer: it reads limits and capabilities as data.
    expect(
      files.filter((f) => /contract\/(method-schemas|settings-schema|account-fields|index)\.ts$/.test(f)),
    ).toEqual([]);
  });

  it('no file under main/core imports electron', () => {
    const offenders = sourceFiles(join(root, 'main/core')).filter((f) =>
      importsElectron(readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('under main/ and preload/, only the adapter files import electron', () => {
    const adapters = new Set(ELECTRON_ADAPTERS);
    const offenders = [...sourceFiles(join(root, 'main')), ...sourceFiles(join(root, 'preload'))]
      .map((f) => relative(root, f))
      .filter((f) => !adapters.has(f) && importsElectron(readFileSync(join(root, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the core imports nothing from the shell', () => {
    const offenders = sourceFiles(join(root, 'main/core')).filter((f) =>
      importsOf(readFileSync(f, 'utf8')).some((s) => {
        const target = resolveRelative(f, s);
        return target !== null && inside('main/shell')(target);
      }),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('nothing under renderer/ imports from main/', () => {
    const offenders = sourceFiles(join(root, 'renderer')).filter((f) =>
      reachesIntoMain(f, readFileSync(f, 'utf8')),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
