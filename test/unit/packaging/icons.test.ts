import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appIconSizes,
  iconJobs,
  projectRoot,
  renderJob,
  pngsToIco,
  trayIcoFiles,
  trayStates,
  trayVariants,
} from '../../../scripts/make-icons';
import { decodePng, pngSize, type DecodedPng } from './png';

function read(relative: string): Buffer {
  return readFileSync(join(projectRoot, relative));
}

function opaquePixels(image: DecodedPng): number {
  let count = 0;
  for (let i = 3; i < image.rgba.length; i += 4) if (image.rgba[i]! > 0) count++;
  return count;
}

/** Mean luminance of the glyph, each pixel weighted by its alpha (0 black .. 255 white). */
function glyphLuminance(image: DecodedPng): number {
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < image.rgba.length; i += 4) {
    const alpha = image.rgba[i + 3]! / 255;
    sum += alpha * (0.2126 * image.rgba[i]! + 0.7152 * image.rgba[i + 1]! + 0.0722 * image.rgba[i + 2]!);
    weight += alpha;
  }
  return sum / weight;
}

/** Share of pixels whose coverage differs clearly between two same-size images. */
function silhouetteDifference(a: DecodedPng, b: DecodedPng): number {
  let differing = 0;
  for (let i = 3; i < a.rgba.length; i += 4) if (Math.abs(a.rgba[i]! - b.rgba[i]!) > 128) differing++;
  return differing / (a.width * a.height);
}

describe('rendered icons', () => {
  const jobs = iconJobs();

  it.each(jobs.map((job) => [job.output, job] as const))(
    '%s exists, has its size and is not blank',
    (output, job) => {
      const file = join(projectRoot, output);
      expect(existsSync(file), `${output} is missing: run npx tsx scripts/make-icons.ts`).toBe(true);
      const png = readFileSync(file);
      expect(pngSize(png)).toEqual({ width: job.size, height: job.size });
      const image = decodePng(png);
      expect(opaquePixels(image)).toBeGreaterThan(job.size * job.size * 0.05);
    },
  );

  it('matches its SVG source (rerun scripts/make-icons.ts after editing an SVG)', () => {
    const stale: string[] = [];
    for (const job of jobs) {
      const committed = decodePng(read(job.output)).rgba;
      const fresh = decodePng(renderJob(job)).rgba;
      const worst = committed.reduce((max, value, i) => Math.max(max, Math.abs(value - fresh[i]!)), 0);
      if (committed.length !== fresh.length || worst > 2) stale.push(job.output);
    }
    expect(stale).toEqual([]);
  });

  it('gives Linux a folder of NxN.png icons, from 16 to 1024', () => {
    for (const size of appIconSizes) {
      expect(pngSize(read(`build/icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    expect(pngSize(read('build/icon.png'))).toEqual({ width: 1024, height: 1024 });
  });
});

describe('tray icons', () => {
  it.each(trayStates.flatMap((state) => trayVariants.map((variant) => `build/tray/${state}-${variant}.png`)))(
    '%s, the file the shell loads, is 22x22 with a transparent background',
    (path) => {
      const image = decodePng(read(path));
      expect([image.width, image.height]).toEqual([22, 22]);
      expect(image.rgba[3]).toBe(0);
      expect(opaquePixels(image)).toBeLessThan(22 * 22 * 0.8);
    },
  );

  it.each(trayStates.flatMap((state) => ['', '-16', '-32', '@2x'].map((suffix) => [state, suffix] as const)))(
    '%s%s: the light variant is a dark glyph and the dark variant a light one',
    (state, suffix) => {
      const light = glyphLuminance(decodePng(read(`build/tray/${state}-light${suffix}.png`)));
      const dark = glyphLuminance(decodePng(read(`build/tray/${state}-dark${suffix}.png`)));
      expect(light).toBeLessThan(110);
      expect(dark).toBeGreaterThan(150);
    },
  );

  it.each(['Template.png', 'Template@2x.png', '-light-16.png', '-light.png'])(
    'each state has its own silhouette, not just its own colour (%s)',
    (suffix) => {
      const images = trayStates.map((state) => decodePng(read(`build/tray/${state}${suffix}`)));
      for (let i = 0; i < images.length; i++) {
        for (let j = i + 1; j < images.length; j++) {
          expect(silhouetteDifference(images[i]!, images[j]!)).toBeGreaterThan(0.05);
        }
      }
    },
  );

  it('makes the macOS template images pure black, so the system can tint them', () => {
    for (const state of trayStates) {
      const image = decodePng(read(`build/tray/${state}Template.png`));
      for (let i = 0; i < image.rgba.length; i += 4) {
        if (image.rgba[i + 3]! > 0)
          expect([image.rgba[i], image.rgba[i + 1], image.rgba[i + 2]]).toEqual([0, 0, 0]);
      }
    }
  });
});

describe('Windows tray .ico files', () => {
  it.each(trayIcoFiles())('$output holds exactly its 16 and 32 px PNGs', ({ output, sources }) => {
    const ico = read(output);
    const pngs = sources.map((source) => ({ size: source.endsWith('-16.png') ? 16 : 32, png: read(source) }));
    expect(ico.equals(pngsToIco(pngs))).toBe(true);
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBe(2);
  });
});
