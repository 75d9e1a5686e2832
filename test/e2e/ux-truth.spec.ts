/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// "Tell the truth at a glance, at any window size" (issue 16), through the real renderer in
// Chromium against the fake backend: what the detail panel claims, how rows fit at 800×600,
// how numbers and dates read, the save's progress and buttons, and the keyboard.
import type { Locator, Page } from '@playwright/test';
import type { Download } from '../../preload/contract/index.js';
import { test, expect, seriousA11yViolations } from './fixtures.js';

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

function download(over: Partial<Download> & Pick<Download, 'id' | 'status'>): Download {
  const accountId = over.version === 'v3' ? 'acc-legacy' : 'acc-research';
  const version = over.version ?? 'v4';
  return {
    key: `${accountId}:${version}:${over.id}`,
    accountId,
    version,
    rawStatus: over.status.toUpperCase(),
    dataType: 'businesses',
    format: 'csv',
    query: `categories:hotels AND id:${over.id}`,
    view: null,
    numRecords: 100,
    numDownloaded: 10,
    numFound: 100,
    progress: 0.1,
    cost: 10,
    startedAt: iso(Date.now() - 2 * HOUR),
    updatedAt: iso(Date.now() - 60_000),
    completedAt: null,
    files: [],
    error: null,
    ...over,
  };
}

const row = (page: Page, d: Download): Locator =>
  page.locator(`[data-testid=download-row][data-key="${d.key}"]`);

async function openDetail(page: Page, d: Download): Promise<Locator> {
  await page.getByTestId('search-input').fill(d.id);
  await row(page, d).getByTestId('open-detail').click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel).toContainText(`Download ${d.id}`);
  return panel;
}

/** The value beside a label in the panel's Details list, or null when the label is absent. */
async function field(panel: Locator, label: string): Promise<string | null> {
  return panel.locator('dl.fields').evaluate((dl, wanted) => {
    for (const dt of dl.querySelectorAll('dt')) {
      if (dt.textContent?.trim() === wanted) return dt.nextElementSibling?.textContent?.trim() ?? '';
    }
    return null;
  }, label);
}

test.describe('the detail panel shows no raw or internal values', () => {
  test('a running v3 request shows no completion date and no internal key', async ({
    appPage: page,
    fake,
  }) => {
    // v3 fills date_completed on a running request; it means nothing until COMPLETED.
    const running = download({
      id: 'rv3run',
      version: 'v3',
      status: 'running',
      completedAt: iso(Date.now()),
    });
    fake.backend.upsertDownloads([running]);
    const panel = await openDetail(page, running);
    expect(await field(panel, 'Completed')).toBeNull();
    await expect(panel).not.toContainText(running.key);
  });

  test('a failed v3 request reports its error as the status from the API, and promises no files', async ({
    appPage: page,
    fake,
  }) => {
    const failed = download({
      id: 'rv3fail',
      version: 'v3',
      status: 'failed',
      rawStatus: 'STARTED',
      error: 'Query syntax error near "AND AND"',
    });
    fake.backend.upsertDownloads([failed]);
    const panel = await openDetail(page, failed);
    expect(await field(panel, 'Status from API')).toBe('Query syntax error near "AND AND"');
    await expect(page.getByTestId('no-files')).toHaveText('A failed download has no result files.');
  });

  test('an unknown status says what Datafiniti reported', async ({ appPage: page, fake }) => {
    const odd = download({ id: '77001', status: 'unknown', rawStatus: 'archiving', progress: null });
    fake.backend.upsertDownloads([odd]);
    await openDetail(page, odd);
    await expect(page.getByTestId('unknown-status')).toContainText(
      'Datafiniti reported “archiving”, which this app does not know yet',
    );
  });
});

test.describe('at 800×600', () => {
  test.use({ viewport: { width: 800, height: 600 } });

  test('every row keeps its primary action in view without sideways scrolling', async ({ appPage: page }) => {
    const table = page.getByTestId('downloads-table');
    expect(await table.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    const rows = page.getByTestId('download-row');
    const n = await rows.count();
    expect(n).toBeGreaterThan(5);
    let checked = 0;
    for (let i = 0; i < n; i++) {
      const r = rows.nth(i);
      const action = r.locator(
        '[data-testid=save-button], [data-testid=reveal-button], [data-testid=cancel-button]',
      );
      if ((await action.count()) === 0) continue;
      const box = await action.first().boundingBox();
      // Rows below the fold are measured too: only the vertical position differs.
      if (!box) continue;
      expect(box.x + box.width, `row ${i}`).toBeLessThanOrEqual(800);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  test('dates are never clipped and records read one way per column', async ({ appPage: page, fake }) => {
    const old = download({
      id: '77002',
      status: 'completed',
      numDownloaded: 2731,
      numRecords: 10_000,
      startedAt: iso(Date.now() - 60 * 24 * HOUR),
      updatedAt: iso(Date.now() - 59 * 24 * HOUR),
    });
    fake.backend.upsertDownloads([old]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByTestId('search-input').fill(old.id);
    await expect(row(page, old).locator('.records span').first()).toHaveText('2.7K / 10K');
    await page.getByTestId('search-input').fill('');
    for (const size of [
      { width: 1600, height: 1000 },
      { width: 1280, height: 800 },
      { width: 800, height: 600 },
    ]) {
      await page.setViewportSize(size);
      const clipped = await page
        .getByTestId('download-row')
        .locator('time')
        .evaluateAll((els) =>
          els
            .filter((el) => (el as HTMLElement).offsetParent !== null)
            .filter((el) => el.parentElement!.scrollWidth > el.parentElement!.clientWidth + 0.5)
            .map((el) => el.textContent),
        );
      expect(clipped, `${size.width}×${size.height}`).toEqual([]);
    }
  });

  test('the row focus ring is not cut by the cell', async ({ appPage: page }) => {
    const button = page.getByTestId('open-detail').first();
    await button.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    const fits = await button.evaluate((el) => {
      const b = el.getBoundingClientRect();
      const c = el.closest('.cell')!.getBoundingClientRect();
      const offset = parseFloat(getComputedStyle(el).outlineOffset);
      const width = parseFloat(getComputedStyle(el).outlineWidth);
      const out = Math.max(0, offset + width);
      return (
        b.left - out >= c.left &&
        b.right + out <= c.right &&
        b.top - out >= c.top &&
        b.bottom + out <= c.bottom
      );
    });
    expect(fits).toBe(true);
  });
});

test.describe('saving, at a glance', () => {
  test('after a save "Show in folder" leads, files read "Saved" with their size, the manifest path breaks only between names', async ({
    appPage: page,
    fake,
  }) => {
    const all = (await fake.backend.api.downloads.snapshot()).downloads;
    const done = all.find((d) => d.status === 'completed')!;
    const panel = await openDetail(page, done);
    await page.getByTestId('detail-save-button').click();
    await expect(page.getByTestId('detail-reveal-button')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('detail-reveal-button')).toHaveClass(/primary/);
    await expect(page.getByTestId('detail-save-button')).not.toHaveClass(/primary/);
    await expect(page.getByTestId('detail-save-button')).toHaveText('Save again');
    const order = await panel
      .locator('header .actions button')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(order.indexOf('detail-reveal-button')).toBeLessThan(order.indexOf('detail-save-button'));
    await expect(page.getByTestId('file-state').first()).toHaveText('Saved');
    await expect(page.getByTestId('file-size').first()).toHaveText(/\d+(\.\d)? (B|KB|MB|GB)/);

    const path = page.getByTestId('manifest-path');
    await expect(path).toBeVisible();
    // Every line of the wrapped path ends at a separator, never inside a name.
    const lines = await path.evaluate((el) => {
      const range = document.createRange();
      const text = el.textContent ?? '';
      const tops: number[] = [];
      const out: string[] = [];
      let current = '';
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.textContent!.length; i++) {
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const top = Math.round(range.getBoundingClientRect().top);
          if (tops.length && top !== tops[tops.length - 1]) {
            out.push(current);
            current = '';
          }
          tops.push(top);
          current += node.textContent![i];
        }
      }
      out.push(current);
      return { text, out };
    });
    for (const line of lines.out.slice(0, -1)) expect(line, lines.text).toMatch(/[/\\]$/);
  });
});

test.describe('keyboard', () => {
  test('Escape from the detail panel puts focus back on its row', async ({ appPage: page }) => {
    const open = page.getByTestId('open-detail').nth(2);
    await open.click();
    await expect(page.getByTestId('detail-panel')).toBeVisible();
    await expect(page.getByTestId('detail-panel').locator('h2')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('detail-panel')).toBeHidden();
    await expect(open).toBeFocused();
  });

  test('Ctrl+N, Ctrl+F, "/", Ctrl+R and "?" do what the overlay lists', async ({ appPage: page, fake }) => {
    await page.getByTestId('nav-settings').click();
    await page.keyboard.press('Control+f');
    await expect(page.getByTestId('search-input')).toBeFocused();
    await page.getByTestId('open-detail').first().focus();
    await page.keyboard.press('/');
    await expect(page.getByTestId('search-input')).toBeFocused();
    // In a text field "/" and "?" are just characters.
    await page.keyboard.type('a/?');
    await expect(page.getByTestId('search-input')).toHaveValue('a/?');
    await expect(page.getByTestId('shortcuts-dialog')).toBeHidden();
    await page.getByTestId('search-input').fill('');

    const before = fake.backend.calls.filter((c) => c.method === 'downloads.refresh').length;
    await page.keyboard.press('Control+r');
    await expect
      .poll(() => fake.backend.calls.filter((c) => c.method === 'downloads.refresh').length)
      .toBe(before + 1);
    await expect(page.getByTestId('download-row').first()).toBeVisible();

    await page.getByTestId('open-detail').first().focus();
    await page.keyboard.press('?');
    const overlay = page.getByTestId('shortcuts-dialog');
    await expect(overlay).toBeVisible();
    await expect(overlay).toContainText('New download');
    await expect(overlay).toContainText('Search downloads');
    await expect(overlay).toContainText('Refresh');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(overlay).toBeHidden();

    await page.keyboard.press('Control+n');
    await expect(page.getByTestId('new-download-dialog')).toBeVisible();
  });
});

test.describe('while you were away', () => {
  test('a dismissible panel names each change with its action, and the summary can be switched off', async ({
    appPage: page,
    fake,
  }) => {
    const all = (await fake.backend.api.downloads.snapshot()).downloads;
    const done = all.find((d) => d.status === 'completed')!;
    const failed = all.find((d) => d.status === 'failed')!;
    fake.backend.setStatus({
      away: {
        id: 'away:test',
        at: new Date().toISOString(),
        items: [
          { downloadKey: failed.key, kind: 'failed' },
          { downloadKey: done.key, kind: 'completed' },
        ],
      },
    });
    const panel = page.getByTestId('away-panel');
    await expect(panel).toBeVisible();
    await expect(panel).toContainText('While you were away');
    await expect(panel).toContainText('2 downloads changed');
    expect(await seriousA11yViolations(page)).toEqual([]);
    const doneItem = panel.locator(`[data-testid=away-item][data-key="${done.key}"]`);
    const failedItem = panel.locator(`[data-testid=away-item][data-key="${failed.key}"]`);
    await expect(failedItem).toContainText('failed');
    await expect(failedItem.getByTestId('away-save')).toHaveCount(0);
    await expect(doneItem).toContainText(done.query);

    await failedItem.getByTestId('away-show').click();
    await expect(page.getByTestId('detail-panel')).toContainText(`Download ${failed.id}`);
    await doneItem.getByTestId('away-save').click();
    await expect.poll(() => fake.backend.calls.some((c) => c.method === 'files.save')).toBe(true);

    await panel.getByTestId('away-dismiss').click();
    await expect(panel).toBeHidden();
    expect(fake.backend.calls.filter((c) => c.method === 'app.dismissAway').map((c) => c.args)).toEqual([
      ['away:test'],
    ]);

    await page.getByTestId('nav-settings').click();
    const toggle = page.getByLabel(/While you were away/);
    await expect(toggle).toBeChecked();
    await toggle.uncheck();
    await expect.poll(async () => (await fake.backend.api.settings.get()).notify.away).toBe(false);
  });
});

test.describe('wording', () => {
  test('the sign-in dialog neither sends the user to sign in again nor offers v3 an email sign-in', async ({
    appPage: page,
  }) => {
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('add-account').click();
    await page.getByTestId('account-label').fill('Old API');
    await page.getByTestId('account-version').selectOption('v3');
    await page.getByTestId('account-token').fill('bad-token');
    await page.getByTestId('account-submit').click();
    const error = page.getByTestId('account-error');
    await expect(error).toContainText('Datafiniti did not accept this token');
    await expect(error).not.toContainText('Sign in again');
    await expect(error).not.toContainText(/email/i);
    await expect(error).toContainText('Check the API token');
  });

  test('the email form says the password is used once and forgotten', async ({ appPage: page }) => {
    await page.getByTestId('nav-accounts').click();
    await page.getByTestId('add-account').click();
    await page.getByTestId('account-method-password').check();
    const dialog = page.getByTestId('add-account-dialog');
    await expect(dialog).toContainText('uses your password once');
    await expect(dialog).toContainText('forgets it');
    await expect(dialog).not.toContainText('password is kept');
  });

  test('a signed-out account gives its reason once', async ({ appPage: page, fake }) => {
    const reason =
      'Datafiniti no longer accepts this account’s API token. Sign in again to keep watching its downloads.';
    fake.backend.setAccountState('acc-research', 'needs-sign-in', reason);
    const banner = page.getByTestId('banner-sign-in');
    await expect(banner).toContainText('Research (v4)');
    const text = ((await banner.textContent()) ?? '').replace(/\s+/g, ' ');
    expect(text.match(/sign in again/gi)?.length).toBe(1);
  });

  test('the cancel dialog states the records gathered so far, in the right number', async ({
    appPage: page,
    fake,
  }) => {
    const one = download({ id: '77003', status: 'running', numDownloaded: 1, numRecords: 500 });
    fake.backend.upsertDownloads([one]);
    await page.getByTestId('search-input').fill(one.id);
    await row(page, one).getByTestId('cancel-button').click();
    await expect(page.getByTestId('cancel-gathered')).toContainText(
      'So far it has gathered 1 record of 500 requested.',
    );
  });

  test('idle polling reads in minutes and is stored in seconds', async ({ appPage: page, fake }) => {
    await page.getByTestId('nav-settings').click();
    const idle = page.getByTestId('setting-pollSlowSeconds');
    await expect(idle).toHaveValue('5');
    await expect(page.locator('.number', { has: idle })).toContainText('minutes');
    await idle.fill('10');
    await idle.press('Enter');
    await idle.blur();
    await expect.poll(async () => (await fake.backend.api.settings.get()).pollSlowSeconds).toBe(600);
  });

  test('toasts do not cover the detail panel', async ({ appPage: page }) => {
    for (const size of [
      { width: 1280, height: 800 },
      { width: 800, height: 600 },
    ]) {
      await page.setViewportSize(size);
      await page.getByTestId('open-detail').first().click();
      const panel = page.getByTestId('detail-panel');
      await panel.getByRole('button', { name: 'Copy query' }).click();
      const toast = page.getByTestId('toast').last();
      await expect(toast).toBeVisible();
      const a = (await toast.boundingBox())!;
      const b = (await panel.boundingBox())!;
      expect(a.x + a.width <= b.x || a.x >= b.x + b.width, `${size.width}×${size.height}`).toBe(true);
      await page.keyboard.press('Escape');
    }
  });
});

test('a download Datafiniti no longer has stays in the list, marked', async ({ appPage: page, fake }) => {
  const gone = download({ id: '77004', status: 'running', goneAt: iso(Date.now() - 120_000) });
  fake.backend.upsertDownloads([gone]);
  await page.getByTestId('search-input').fill(gone.id);
  await expect(row(page, gone).getByTestId('row-gone')).toHaveText('no longer on Datafiniti');
  await row(page, gone).getByTestId('open-detail').click();
  await expect(page.getByTestId('gone-note')).toContainText('Datafiniti no longer has this download');
});
