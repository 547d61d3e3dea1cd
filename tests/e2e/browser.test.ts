/**
 * The web page in a real browser against `archive up` on fixtures/:
 * search, open the seed page's record, and check that focusing a field
 * marks exactly its text in the source view. Screenshots go to
 * test-results/browser/ (git-ignored).
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM_PATH,
  hasChromium,
  launchChromium,
  type RunningArchive,
  startArchiveUp,
} from './browser-helpers.ts';

const OUT_DIR = fileURLToPath(
  new URL('../../test-results/browser/', import.meta.url)
);
const SEED_TITLE = 'Telegram from Kim Il Sung to Stalin (via Shtykov)';

if (!hasChromium()) {
  console.warn(
    `browser e2e skipped: ${CHROMIUM_PATH} is missing (apt-get install -y chromium)`
  );
}

describe.skipIf(!hasChromium())('web page in Chromium', () => {
  let archive: RunningArchive;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(OUT_DIR, { recursive: true });
    archive = await startArchiveUp();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await archive?.stop();
  });

  /** A page that fails the test on any script error or failed request. */
  async function openPage(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    (page as Page & { problems?: string[] }).problems = problems;
    await page.goto(archive.url);
    return page;
  }

  const problemsOf = (page: Page) =>
    (page as Page & { problems?: string[] }).problems ?? [];

  async function openSeedRecord(page: Page): Promise<void> {
    await page.getByLabel('Search', { exact: true }).fill('Kim Il Sung');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.getByRole('link', { name: SEED_TITLE });
    await hit.waitFor();
    await hit.click();
    await page.getByRole('heading', { level: 2, name: SEED_TITLE }).waitFor();
  }

  it('finds the seed page by "Kim Il Sung" and lists it with its warning badge', async () => {
    // Prepare
    const page = await openPage(1280, 900);

    // Act
    await page.getByLabel('Search', { exact: true }).fill('Kim Il Sung');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.locator('li.hit', {
      has: page.getByRole('link', { name: SEED_TITLE }),
    });
    await hit.waitFor();

    // Assess
    await expect(hit.locator('.hit-date').textContent()).resolves.toBe(
      '1950-10-09'
    );
    await expect(hit.locator('.hit-people').textContent()).resolves.toBe(
      'Kim Il Sung → Stalin (via Shtykov)'
    );
    await expect(hit.locator('.badge').allTextContents()).resolves.toEqual([
      'distribution copies mismatch',
    ]);
    await page.screenshot({ path: `${OUT_DIR}results.png`, fullPage: true });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows the telegram number and marks its span in the source when focused', async () => {
    // Prepare
    const page = await openPage(1280, 900);
    await openSeedRecord(page);
    const number = page.getByRole('button', { name: '600382/sh', exact: true });

    // Act
    await number.focus();

    // Assess
    await expect(number.getAttribute('data-path')).resolves.toBe(
      'telegram.number'
    );
    const marked = page.locator('#source-text .seg.hl');
    await expect(marked.allTextContents()).resolves.toEqual(['600382/sh']);
    await expect(page.locator('#source-text').textContent()).resolves.toContain(
      'Ciphered Telegram # 600382/sh'
    );
    await expect(
      number.evaluate((el) => el === document.activeElement)
    ).resolves.toBe(true);
    await page.screenshot({ path: `${OUT_DIR}record-telegram-number.png` });
    await page.screenshot({
      path: `${OUT_DIR}record-full.png`,
      fullPage: true,
    });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('tells which field a clicked span of the source is', async () => {
    // Prepare
    const page = await openPage(1280, 900);
    await openSeedRecord(page);

    // Act
    await page
      .locator('#source-text .seg', { hasText: /^Morozov$/ })
      .first()
      .click();

    // Assess
    await expect(page.locator('#picked').textContent()).resolves.toContain(
      'Deciphered by (telegram.decipheredBy)'
    );
    const focused = page.locator('#record-fields button.val:focus');
    await expect(focused.textContent()).resolves.toBe('Morozov');
    await expect(
      page.locator('#source-text .seg.hl').allTextContents()
    ).resolves.toEqual(['Morozov']);
    await page.close();
  });

  it('reaches the fields by keyboard and stays readable at phone width', async () => {
    // Prepare
    const page = await openPage(390, 844);
    await openSeedRecord(page);

    // Act: tab from the heading to the first field value (mouse parked
    // off the fields: hovering a value marks it too)
    await page.mouse.move(0, 0);
    await page.locator('#record-title').focus();
    let path: string | null = null;
    for (let i = 0; i < 10 && !path; i += 1) {
      await page.keyboard.press('Tab');
      path = await page.evaluate(
        () => document.activeElement?.getAttribute('data-path') ?? null
      );
    }

    // Assess
    expect(path).toBe('title');
    const marked = await page.locator('#source-text .seg.hl').allTextContents();
    expect(marked.join('')).toBe(SEED_TITLE);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: `${OUT_DIR}record-phone.png` });
    await page.close();
  });
});
