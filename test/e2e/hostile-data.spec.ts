/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The renderer with data a hostile tester would feed it (an account label that is one 300-char
// word, a running download whose counts Datafiniti left out), through the real renderer in
// Chromium against the fake backend: every control stays inside the window, and no number is
// shown that Datafiniti did not report.
import type { Locator, Page } from '@playwright/test';
import type { Download } from '../../preload/contract/index.js';
import { test, expect } from './fixtures.js';

const LONG_WORD_LABEL = `Research${'x'.repeat(300)}`;

/** Right edge of `inner` in CSS px beyond the right edge of `outer` (≤ 0 when it fits). */
async function overhang(inner: Locator, outer: Locator): Promise<number> {
  const a = (await inner.boundingBox())!;
  const b = (await outer.boundingBox())!;
  return a.x + a.width - (b.x + b.width);
}

async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

test.describe('an account label that is one 300-character word, at 800×600', () => {
  test.use({ viewport: { width: 800, height: 600 } });

  test.beforeEach(async ({ fake }) => {
    await fake.backend.api.accounts.rename('acc-research', LONG_WORD_LABEL);
  });

  test('the downloads view needs no sideways scrolling and its account filter stays in the window', async ({
    appPage: page,
  }) => {
    await expect(page.getByTestId('download-row').first()).toBeVisible();
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
    const filter = page.getByTestId('account-filter');
    const box = (await filter.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(800);
    // Still usable: the long account can be picked.
    await filter.selectOption('acc-research');
    await expect(page.getByTestId('row-count')).toContainText(' of ');
  });

  test('the New download dialog keeps its account picker inside the dialog', async ({ appPage: page }) => {
    await page.getByTestId('new-download').click();
    const dialog = page.getByTestId('new-download-dialog');
    await expect(dialog).toBeVisible();
    expect(await overhang(page.getByTestId('nd-account'), page.getByTestId('nd-query'))).toBeLessThanOrEqual(
      0,
    );
  });

  test('signed out with a long reason: the banner, the card, the toast and the remove dialog wrap inside themselves', async ({
    appPage: page,
    fake,
  }) => {
    fake.backend.setAccountState('acc-research', 'needs-sign-in', `Datafiniti said ${'y'.repeat(200)}.`);
    await page.getByTestId('nav-accounts').click();
    const card = page.locator('[data-testid=account-card][data-account-id=acc-research]');
    await card.getByTestId('verify-account').click();
    const toast = page.getByTestId('toast').first();
    await expect(toast).toContainText('does not work');
    const banner = page.getByTestId('banner-sign-in');
    for (const [what, box] of [
      ['banner', banner],
      ['card', card],
      ['toast', toast],
    ] as const) {
      expect(
        await box.evaluate((el) => el.scrollWidth - el.clientWidth),
        `${what} scrolls sideways`,
      ).toBeLessThanOrEqual(0);
      const right = (await box.boundingBox())!;
      expect(right.x + right.width, `${what} ends inside the window`).toBeLessThanOrEqual(800);
    }
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);

    await card.getByTestId('remove-account').click();
    const dialog = page.locator('dialog[open]');
    await expect(dialog.getByRole('heading', { level: 2 })).toContainText('Remove');
    expect(await dialog.evaluate((d) => d.scrollWidth - d.clientWidth)).toBeLessThanOrEqual(0);
    expect(await sidewaysScroll(page)).toBeLessThanOrEqual(0);
  });

  test('the account card wraps the name inside the card', async ({ appPage: page }) => {
    await page.getByTestId('nav-accounts').click();
    const card = page.locator('[data-testid=account-card][data-account-id=acc-research]');
    const name = card.getByRole('heading', { level: 2 });
    await expect(name).toHaveText(LONG_WORD_LABEL);
    expect(await name.evaluate((h) => h.scrollWidth - h.clientWidth)).toBeLessThanOrEqual(0);
    expect(await overhang(name, card)).toBeLessThanOrEqual(0);
  });
});

test('a running download whose counts Datafiniti left out shows no record count, not 0', async ({
  appPage: page,
  fake,
}) => {
  const now = Date.now();
  const d: Download = {
    key: 'acc-research:v4:91001',
    accountId: 'acc-research',
    version: 'v4',
    id: '91001',
    status: 'running',
    rawStatus: 'running',
    dataType: 'businesses',
    format: 'csv',
    query: 'city:Austin AND id:91001',
    view: null,
    numRecords: null,
    numDownloaded: null,
    numFound: null,
    progress: null,
    cost: null,
    startedAt: new Date(now - 3_600_000).toISOString(),
    updatedAt: new Date(now - 60_000).toISOString(),
    completedAt: null,
    files: [],
    error: null,
  };
  fake.backend.upsertDownloads([d, { ...d, key: 'acc-research:v4:91002', id: '91002', numRecords: 500 }]);
  await page.getByTestId('search-input').fill('9100');
  const unknown = page.locator('[data-testid=download-row][data-key="acc-research:v4:91001"]');
  await expect(unknown.getByTestId('live-records')).toHaveText('—');
  const ofKnown = page.locator('[data-testid=download-row][data-key="acc-research:v4:91002"]');
  await expect(ofKnown.getByTestId('live-records')).toHaveText('— / 500');
});

/** The colours (r,g,b,a) of a picture at points given as fractions of its width and height. */
async function coloursAt(page: Page, png: Buffer, points: [number, number][]): Promise<string[]> {
  const probe = await page.context().newPage();
  try {
    return await probe.evaluate(
      async ([b64, at]) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const g = canvas.getContext('2d')!;
        g.drawImage(img, 0, 0);
        return at.map(([fx, fy]) =>
          [...g.getImageData(Math.floor(img.width * fx), Math.floor(img.height * fy), 1, 1).data].join(','),
        );
      },
      [png.toString('base64'), points] as const,
    );
  } finally {
    await probe.close();
  }
}

/** The colours a quarter and three quarters along a picture's middle row. */
async function quarterColours(page: Page, png: Buffer): Promise<[string, string]> {
  const [a, b] = await coloursAt(page, png, [
    [0.25, 0.5],
    [0.75, 0.5],
  ]);
  return [a!, b!];
}

test('with forced colours (Windows High Contrast), a half-done progress bar still shows its fill', async ({
  page,
  fake,
}) => {
  await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(fake.url);
  const base = (await fake.backend.api.downloads.snapshot()).downloads[0]!;
  const half: Download = {
    ...base,
    key: 'acc-research:v4:92001',
    accountId: 'acc-research',
    version: 'v4',
    id: '92001',
    status: 'queued',
    rawStatus: 'queued',
    numRecords: 1000,
    numDownloaded: 0,
    progress: 0,
    files: [],
    goneAt: null,
  };
  fake.backend.upsertDownloads([half]);
  await page.getByTestId('search-input').fill('92001');
  const bar = page.locator('[data-testid=download-row][data-key="acc-research:v4:92001"] progress');
  await expect(bar).toBeVisible();
  // An empty bar has a visible track: its middle differs from the row behind it.
  const empty = await quarterColours(page, await bar.screenshot({ animations: 'disabled' }));
  fake.backend.upsertDownloads([
    { ...half, status: 'running', rawStatus: 'running', numDownloaded: 500, progress: 0.5 },
  ]);
  await expect(bar).toHaveAttribute('value', '0.5');
  const [filled, unfilled] = await quarterColours(page, await bar.screenshot({ animations: 'disabled' }));
  expect(filled, 'the done half is drawn in a colour of its own').not.toBe(unfilled);
  expect(unfilled).toBe(empty[1]);
});

test('keyboard focus on a column header shows its whole ring, not a sliver cut by the cell', async ({
  appPage: page,
}) => {
  const headers = page.locator('[role=columnheader] button');
  expect(await headers.count()).toBeGreaterThan(5);
  await page.getByTestId('search-input').focus();
  for (const key of ['status', 'query', 'records']) {
    const button = page.getByTestId(`sort-${key}`);
    // Tab onto it, so the ring is the one :focus-visible draws for keyboard users.
    for (let i = 0; i < 20 && !(await button.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(button).toBeFocused();
    const fits = await button.evaluate((el) => {
      const b = el.getBoundingClientRect();
      const c = el.closest('[role=columnheader]')!.getBoundingClientRect();
      const style = getComputedStyle(el);
      const out = Math.max(0, parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth));
      return (
        b.left - out >= c.left &&
        b.right + out <= c.right &&
        b.top - out >= c.top &&
        b.bottom + out <= c.bottom
      );
    });
    expect(fits, `ring of the ${key} header`).toBe(true);
  }
});

/** True when `word` reads left to right on screen inside `el` (first letter left of the last). */
async function readsForwards(el: Locator, word: string): Promise<boolean> {
  return el.evaluate((root, w) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.textContent!.indexOf(w);
      if (at < 0) continue;
      const box = (i: number): DOMRect => {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + 1);
        return r.getBoundingClientRect();
      };
      return box(at).left < box(at + w.length - 1).left;
    }
    throw new Error(`“${w}” is not in the element`);
  }, word);
}

test.describe('a right-to-left override inside a name or a status stays inside it', () => {
  // U+202E turns every later letter of its paragraph around unless something closes it.
  const RLO = '\u202e';

  test('the signed-out banner still reads “is signed out”', async ({ appPage: page, fake }) => {
    await fake.backend.api.accounts.rename('acc-sales', `Sales${RLO}team`);
    fake.backend.setAccountState('acc-sales', 'needs-sign-in', 'Datafiniti no longer accepts the token.');
    const banner = page.getByTestId('banner-sign-in');
    await expect(banner).toBeVisible();
    expect(await readsForwards(banner, 'signed')).toBe(true);
  });

  test('a query with one still lets the summary of missed changes say what happened to it', async ({
    appPage: page,
    fake,
  }) => {
    const base = (await fake.backend.api.downloads.snapshot()).downloads[0]!;
    const d: Download = {
      ...base,
      key: 'acc-research:v4:93002',
      accountId: 'acc-research',
      version: 'v4',
      id: '93002',
      status: 'failed',
      rawStatus: 'failed',
      query: `city:Aus${RLO}tin`,
      files: [],
      goneAt: null,
    };
    fake.backend.upsertDownloads([d]);
    fake.backend.setStatus({
      away: {
        id: 'away:bidi',
        at: new Date().toISOString(),
        items: [{ downloadKey: d.key, kind: 'failed' }],
      },
    });
    const item = page.locator(`[data-testid=away-item][data-key="${d.key}"]`);
    await expect(item).toContainText('failed');
    expect(await readsForwards(item, 'failed')).toBe(true);
  });

  test('an unknown status Datafiniti sent still reads “which this app does not know”', async ({
    appPage: page,
    fake,
  }) => {
    const base = (await fake.backend.api.downloads.snapshot()).downloads[0]!;
    const odd: Download = {
      ...base,
      key: 'acc-research:v4:93001',
      accountId: 'acc-research',
      version: 'v4',
      id: '93001',
      status: 'unknown',
      rawStatus: `arch${RLO}iving`,
      goneAt: null,
    };
    fake.backend.upsertDownloads([odd]);
    await page.getByTestId('search-input').fill('93001');
    await page
      .locator('[data-testid=download-row][data-key="acc-research:v4:93001"]')
      .getByTestId('open-detail')
      .click();
    const note = page.getByTestId('unknown-status');
    await expect(note).toBeVisible();
    expect(await readsForwards(note, 'which')).toBe(true);
  });
});

test('renaming an account by keyboard: the field takes focus, Escape cancels, focus comes back to Rename', async ({
  appPage: page,
  fake,
}) => {
  await page.getByTestId('nav-accounts').click();
  const card = page.locator('[data-testid=account-card][data-account-id=acc-sales]');
  const rename = card.getByTestId('rename-account');
  await rename.focus();
  await page.keyboard.press('Enter');
  const input = card.getByTestId('rename-input');
  await expect(input).toBeFocused();
  // The old name is selected, so typing replaces it.
  await page.keyboard.type('Typed by mistake');
  await expect(input).toHaveValue('Typed by mistake');
  await page.keyboard.press('Escape');
  await expect(input).toHaveCount(0);
  await expect(card.getByRole('heading', { level: 2 })).toHaveText('Sales team');
  await expect(rename).toBeFocused();

  await page.keyboard.press('Enter');
  await expect(input).toBeFocused();
  await page.keyboard.type('Sales EMEA');
  await page.keyboard.press('Enter');
  await expect(card.getByRole('heading', { level: 2 })).toHaveText('Sales EMEA');
  expect((await fake.backend.api.accounts.list()).find((a) => a.id === 'acc-sales')?.label).toBe(
    'Sales EMEA',
  );
  await expect(rename).toBeFocused();
});

test.describe('with forced colours, at 800×600 (icons-only sidebar)', () => {
  test.use({ viewport: { width: 800, height: 600 } });

  test('the current view and the open download’s row are marked without their usual backgrounds', async ({
    page,
    fake,
  }) => {
    await page.emulateMedia({ forcedColors: 'active' });
    await page.goto(fake.url);
    const corner: [number, number][] = [[0.1, 0.15]];
    const current = await coloursAt(page, await page.getByTestId('nav-downloads').screenshot(), corner);
    const other = await coloursAt(page, await page.getByTestId('nav-settings').screenshot(), corner);
    expect(current, 'the current view stands out from the others').not.toEqual(other);

    const rows = page.getByTestId('download-row');
    await rows.nth(1).getByTestId('open-detail').click();
    await expect(page.getByTestId('detail-panel')).toBeVisible();
    // The row's left edge, beside its status chip.
    const edge: [number, number][] = [[0, 0.5]];
    const open = await coloursAt(page, await rows.nth(1).screenshot(), edge);
    const closed = await coloursAt(page, await rows.nth(2).screenshot(), edge);
    expect(open, 'the row whose details are open stands out').not.toEqual(closed);
  });
});

test('a running download a few records short of its total never reads as all of it', async ({
  appPage: page,
  fake,
}) => {
  const now = Date.now();
  const base = (await fake.backend.api.downloads.snapshot()).downloads[0]!;
  const almost = (id: string, done: number, total: number): Download => ({
    ...base,
    key: `acc-research:v4:${id}`,
    accountId: 'acc-research',
    version: 'v4',
    id,
    status: 'running',
    rawStatus: 'running',
    numRecords: total,
    numDownloaded: done,
    progress: done / total,
    startedAt: new Date(now - 3_600_000).toISOString(),
    updatedAt: new Date(now - 1_000).toISOString(),
    files: [],
    goneAt: null,
  });
  fake.backend.upsertDownloads([almost('94001', 49_990, 50_000), almost('94002', 999_999_998, 999_999_999)]);
  await page.getByTestId('search-input').fill('9400');
  const cell = (id: string): Locator =>
    page.locator(`[data-testid=download-row][data-key="acc-research:v4:${id}"]`).getByTestId('live-records');
  await expect(cell('94001')).toHaveText(/^≈?49\.9K \/ 50K$/);
  await expect(cell('94002')).toHaveText(/^≈?999\.9M \/ 1B$/);
});
