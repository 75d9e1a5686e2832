// The layering that lets the app be tested without the Electron binary: main/core never
// imports electron, and the renderer never reaches into main/ (only the preload contract).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

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

describe('architecture', () => {
  it('the checks recognise every import form they guard against', () => {
    expect(importsElectron(`import { app } from 'electron';`)).toBe(true);
    expect(importsElectron(`const { app } = require("electron")`)).toBe(true);
    expect(importsElectron(`const e = await import('electron')`)).toBe(true);
    expect(importsElectron(`import type { X } from './electron-like.js'`)).toBe(false);
    const fake = join(root, 'renderer/src/x.ts');
    expect(reachesIntoMain(fake, `import { a } from '../../preload/contract/model.js'`)).toBe(true);
    expect(reachesIntoMain(fake, `import { a } from '../../preload/contract/bridge.js'`)).toBe(false);
  });

  it('no file under main/core imports electron', () => {
    const offenders = sourceFiles(join(root, 'main/core')).filter((f) =>
      importsElectron(readFileSync(f, 'utf8')),
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
