// About and the update setting, in Chromium against the real core (harness): what the panel
// shows where the app does not run in Electron, what it shows with the shell's support port,
// and the "check for updates" switch reaching the core's settings.
import type { SupportPort } from '../../main/core/backend/types.js';
import { aboutInfo } from '../../main/core/support/about.js';
import { expect, seriousA11yViolations, test } from './fixtures.js';

test('About tells the truth outside Electron, and the portal link opens in the browser', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await page.getByTestId('nav-settings').click();
  const about = page.getByTestId('about');
  await expect(about).toContainText('Datafiniti Downloads');
  await expect(page.getByTestId('about-version')).toHaveText('development');
  await expect(about).toContainText(`Node.js ${process.versions.node}`);
  await expect(about).toContainText('Electron not running in Electron');
  await expect(about).toContainText('Licence MIT');
  await expect(page.getByTestId('about-logs')).toHaveText('this copy keeps no log files');
  await expect(page.getByTestId('about-open-logs')).toHaveCount(0);
  expect(await seriousA11yViolations(page)).toEqual([]);
  await page.getByTestId('about-portal').click();
  await expect.poll(() => harness.recorded.externals).toEqual(['https://portal.datafiniti.co/']);
});

test('the update switch is saved in the core settings', async ({ page, harness }) => {
  await page.goto(harness.url);
  await page.getByTestId('nav-settings').click();
  const toggle = page.getByTestId('setting-checkForUpdates');
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect.poll(async () => (await harness.backend.api.settings.get()).checkForUpdates).toBe(false);
  await page.reload();
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('setting-checkForUpdates')).not.toBeChecked();
});

const opened: string[] = [];
const support: SupportPort = {
  about: () =>
    aboutInfo({
      appVersion: '1.2.3',
      versions: { electron: '45.4.1', chrome: '142.0.7444.0', node: '22.20.0' },
      logsFolder: '/home/user/.config/Datafiniti Downloads/logs',
      update: 'Version 1.3.0 is ready: restart to install it.',
    }),
  openLogsFolder: async () => {
    opened.push('logs');
  },
};

test.describe('with the shell’s support port', () => {
  test.use({ harnessOptions: { ports: { support } } });

  test('About shows versions, the update state and opens the logs folder', async ({ page, harness }) => {
    await page.goto(harness.url);
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('about-version')).toHaveText('1.2.3');
    await expect(page.getByTestId('about')).toContainText('Chromium 142.0.7444.0');
    await expect(page.getByTestId('about-update')).toHaveText(
      'Version 1.3.0 is ready: restart to install it.',
    );
    await expect(page.getByTestId('about-logs')).toHaveText('/home/user/.config/Datafiniti Downloads/logs');
    await page.getByTestId('about-open-logs').click();
    await expect.poll(() => opened).toEqual(['logs']);
  });
});
