// Renders every raster icon the app and its installers use from the SVG sources in build/.
// Run after editing an SVG: `npx tsx scripts/make-icons.ts`. The PNGs are committed, so
// packaging never needs this script; test/unit/packaging checks they are present and in sync.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const trayStates = ['idle', 'running', 'attention'] as const;
export type TrayState = (typeof trayStates)[number];

/** `light` is a dark glyph for light panels, `dark` a light glyph for dark panels. */
export const trayVariants = ['light', 'dark'] as const;
export type TrayVariant = (typeof trayVariants)[number];

interface Palette {
  readonly glyph: string;
  readonly accent: string;
}

const palettes: Record<TrayVariant | 'template', Palette> = {
  // Contrast against typical panels: GNOME/KDE/Windows light (#F0F0F0-#FFFFFF) and dark
  // (#1E1E1E-#303030). The accents are the same hue at two lightnesses, each over 4.5:1.
  light: { glyph: '#1F2328', accent: '#C2410C' },
  dark: { glyph: '#F6F8FA', accent: '#FBBF24' },
  // macOS template images: only the alpha channel counts, the system tints them.
  template: { glyph: '#000000', accent: '#000000' },
};

export interface IconJob {
  /** SVG source, relative to the project root. */
  readonly source: string;
  /** PNG output, relative to the project root. */
  readonly output: string;
  /** Width and height in pixels. */
  readonly size: number;
  readonly palette?: Palette;
}

/** Linux wants a folder of NxN.png; electron-builder derives the macOS .icns and Windows .ico from icon.png. */
export const appIconSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** Below this size the detailed artwork blurs, so a simplified drawing is used. */
const smallIconMaxSize = 32;

export function iconJobs(): IconJob[] {
  const jobs: IconJob[] = [{ source: 'build/icon.svg', output: 'build/icon.png', size: 1024 }];
  for (const size of appIconSizes) {
    jobs.push({
      source: size <= smallIconMaxSize ? 'build/icon-small.svg' : 'build/icon.svg',
      output: `build/icons/${size}x${size}.png`,
      size,
    });
  }
  for (const state of trayStates) {
    const source = `build/tray/${state}.svg`;
    const source22 = `build/tray/${state}-22.svg`;
    for (const variant of trayVariants) {
      const palette = palettes[variant];
      const base = `build/tray/${state}-${variant}`;
      // 22px is the Linux tray default and the name the shell loads; Electron picks up the
      // @2x sibling by itself on HiDPI screens.
      jobs.push({ source: source22, output: `${base}.png`, size: 22, palette });
      jobs.push({ source: source22, output: `${base}@2x.png`, size: 44, palette });
      jobs.push({ source, output: `${base}-16.png`, size: 16, palette });
      jobs.push({ source, output: `${base}-32.png`, size: 32, palette });
    }
    // Electron treats a file whose name ends in "Template" as a macOS template image.
    const template = palettes.template;
    jobs.push({ source, output: `build/tray/${state}Template.png`, size: 16, palette: template });
    jobs.push({ source, output: `build/tray/${state}Template@2x.png`, size: 32, palette: template });
  }
  return jobs;
}

/**
 * Windows tray icons: an .ico per state and variant holding the 16 and 32 px PNGs (PNG-in-ICO,
 * read by Windows Vista and later), so Windows picks the size for the screen's scale.
 */
export function trayIcoFiles(): { output: string; sources: string[] }[] {
  return trayStates.flatMap((state) =>
    trayVariants.map((variant) => ({
      output: `build/tray/${state}-${variant}.ico`,
      sources: [`build/tray/${state}-${variant}-16.png`, `build/tray/${state}-${variant}-32.png`],
    })),
  );
}

/** An ICO file (ICONDIR + one ICONDIRENTRY per image) whose images are the given square PNGs. */
export function pngsToIco(pngs: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type 1: icon
  header.writeUInt16LE(pngs.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * pngs.length;
  for (const { size, png } of pngs) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // width (0 means 256)
    entry.writeUInt8(size >= 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

/** Sets the glyph colour (the root `color`) and the accent colour (`data-accent` groups). */
export function recolor(svg: string, palette: Palette): string {
  const withGlyph = svg.replace(/(<svg\b[^>]*\bcolor=")[^"]*(")/, `$1${palette.glyph}$2`);
  return withGlyph.replace(/(<g\b[^>]*\bdata-accent=""[^>]*\bcolor=")[^"]*(")/g, `$1${palette.accent}$2`);
}

export function renderJob(job: IconJob, root: string = projectRoot): Buffer {
  const source = readFileSync(join(root, job.source), 'utf8');
  const svg = job.palette ? recolor(source, job.palette) : source;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: job.size },
    font: { loadSystemFonts: false },
    // Anti-aliased: the tray glyphs are drawn on their pixel grid, so straight edges come out
    // sharp anyway, and crispEdges would turn the ring and the arrowheads into staircases.
    shapeRendering: 2,
  });
  const image = resvg.render();
  if (image.width !== job.size || image.height !== job.size) {
    throw new Error(
      `${job.source} rendered at ${image.width}x${image.height}, expected ${job.size}px square`,
    );
  }
  return image.asPng();
}

/** A contact sheet: tray icons at 8x, nearest-neighbour, on a light and a dark panel, then the app icon. */
export function renderPreview(rendered: ReadonlyMap<string, Buffer>): Buffer {
  const scale = 8;
  const gap = 16;
  const traySizes = [16, 22, 32] as const;
  const bandHeight = 32 * scale + 2 * gap;
  const parts: string[] = [];
  const panels = [
    { variant: 'light', background: '#F3F4F6' },
    { variant: 'dark', background: '#23272E' },
  ] as const;
  let y = 0;
  for (const panel of panels) {
    parts.push(`<rect x="0" y="${y}" width="100%" height="${bandHeight}" fill="${panel.background}"/>`);
    let x = gap;
    for (const state of trayStates) {
      for (const size of traySizes) {
        const png = rendered.get(`build/tray/${state}-${panel.variant}${size === 22 ? '' : `-${size}`}.png`);
        if (png) parts.push(image(png, x, y + gap, size * scale));
        x += size * scale + gap;
      }
      x += 2 * gap;
    }
    y += bandHeight;
  }
  y += gap;
  let x = gap;
  for (const size of [16, 24, 32, 48, 64]) {
    const png = rendered.get(`build/icons/${size}x${size}.png`);
    if (png) parts.push(image(png, x, y, size * 4));
    x += size * 4 + gap;
  }
  const big = rendered.get('build/icon.png');
  if (big) parts.push(image(big, x, y, 256, false));
  const width = gap + trayStates.length * (traySizes.reduce((sum, s) => sum + s * scale + gap, 0) + 2 * gap);
  const height = y + 256 + gap;
  const sheet = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#FFFFFF"/>${parts.join('')}</svg>`;
  return new Resvg(sheet, { font: { loadSystemFonts: false } }).render().asPng();
}

function image(png: Buffer, x: number, y: number, size: number, pixelated = true): string {
  const rendering = pixelated ? ' image-rendering="optimizeSpeed"' : '';
  return `<image x="${x}" y="${y}" width="${size}" height="${size}"${rendering} href="data:image/png;base64,${png.toString('base64')}"/>`;
}

function main(): void {
  const rendered = new Map<string, Buffer>();
  for (const job of iconJobs()) {
    const png = renderJob(job);
    const target = join(projectRoot, job.output);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, png);
    rendered.set(job.output, png);
  }
  for (const ico of trayIcoFiles()) {
    const pngs = ico.sources.map((source) => {
      const png = rendered.get(source);
      if (!png) throw new Error(`${source} was not rendered`);
      return { size: source.endsWith('-16.png') ? 16 : 32, png };
    });
    writeFileSync(join(projectRoot, ico.output), pngsToIco(pngs));
  }
  const preview = join(projectRoot, 'test-results', 'icons-preview.png');
  mkdirSync(dirname(preview), { recursive: true });
  writeFileSync(preview, renderPreview(rendered));
  console.log(`wrote ${rendered.size} icons; preview at ${preview}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main();
}
