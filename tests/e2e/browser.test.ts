/**
 * The web page in a real browser against `archive up` on fixtures/:
 * search, open the seed page's record, and check that focusing a field
 * marks exactly its text in the source view; find people by surname,
 * narrow by facets, keep it all in a URL that reloads to the same page,
 * browse the people index, and see text-search snippets; open a flagged
 * record from the review queue, correct a distribution entry by selecting
 * its text in the source pane, reload and see it marked corrected (who
 * and when), then mark the record reviewed. Screenshots go to
 * test-results/browser/ (git-ignored); the facets one also to
 * /tmp/web-facets.png, the correction to /tmp/web-correction.png.
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
  selectSourceText,
  startArchiveUp,
} from './browser-helpers.ts';

const OUT_DIR = fileURLToPath(
  new URL('../../test-results/browser/', import.meta.url)
);
const SEED_TITLE = 'Telegram from Kim Il Sung to Stalin (via Shtykov)';
/** fixtures/pages/telegram-feng-xi-1950.txt: the page naming Mao Zedong. */
const MAO_TITLE = 'Ciphered Telegram No. 25977, Feng Xi [Stalin] to Mao Zedong';
/** fixtures/pages/letter-kim-il-sung-1949.txt */
const LETTER_TITLE =
  'Letter from Kim Il Sung to Shtykov on Assistance for Schools';
/** fixtures/pages/report-vyshinsky-1953.txt: "general armistice" is in its body only. */
const REPORT_TITLE =
  'Report from Vyshinsky to Molotov on the Exchange of Prisoners';

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

  /** The titles listed in the results, in order. */
  const hitTitles = (page: Page) =>
    page.locator('#results .hit-title').allTextContents();

  /** The page's fragment, decoded (`#/?person=Kim Il Sung&type=letter`). */
  const fragment = (page: Page) =>
    page.evaluate(() => decodeURIComponent(location.hash.replace(/\+/g, ' ')));

  /** Waits until the results list shows exactly `titles`. */
  async function waitForHits(page: Page, titles: string[]): Promise<void> {
    await page.waitForFunction(
      (want) =>
        !document.querySelector('#main[aria-busy]') &&
        JSON.stringify(
          Array.from(document.querySelectorAll('#results .hit-title')).map(
            (a) => a.textContent
          )
        ) === JSON.stringify(want),
      titles
    );
  }

  /** One facet value as the page shows it: [label, count, selected]. */
  const facetValues = (page: Page, group: 'type' | 'year' | 'person') =>
    page
      .locator(`.facet-${group} .facet`)
      .evaluateAll((nodes) =>
        nodes.map((n) => [
          n.querySelector('.facet-label')?.textContent,
          Number(n.querySelector('.facet-count')?.textContent),
          n.getAttribute('aria-current') === 'true',
        ])
      );

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
  it('finds Mao Zedong by his surname and counts his records by type', async () => {
    // Prepare
    const page = await openPage(1280, 900);

    // Act
    await page.getByLabel('Person', { exact: true }).fill('Mao');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitForHits(page, [MAO_TITLE]);

    // Assess
    await expect(fragment(page)).resolves.toBe('#/?person=Mao');
    await expect(facetValues(page, 'type')).resolves.toEqual([
      ['telegram', 1, false],
    ]);
    await expect(facetValues(page, 'year')).resolves.toEqual([
      ['1950', 1, false],
    ]);
    const people = await facetValues(page, 'person');
    expect(people.map(([name]) => name)).toContain('Mao Zedong');
    await expect(
      page.locator('#results-status').textContent()
    ).resolves.toMatch(/^1 record matches\./);
    await expect(
      page.locator('#active-filters .chip').allTextContents()
    ).resolves.toEqual(['Person: Mao×']);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('narrows by a type facet, keeps both filters in the URL, reloads and goes back', async () => {
    // Prepare: Kim Il Sung wrote the seed telegram and a letter
    const page = await openPage(1280, 900);
    await page.getByLabel('Person', { exact: true }).fill('Kim');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitForHits(page, [SEED_TITLE, LETTER_TITLE]);
    await expect(facetValues(page, 'type')).resolves.toEqual(
      expect.arrayContaining([
        ['telegram', 1, false],
        ['letter', 1, false],
      ])
    );

    // Act
    await page.locator('.facet-type a.facet', { hasText: 'letter' }).click();
    await waitForHits(page, [LETTER_TITLE]);

    // Assess: both filters in the URL, the facet selected and focused
    await expect(fragment(page)).resolves.toBe('#/?person=Kim&type=letter');
    await expect(facetValues(page, 'type')).resolves.toEqual([
      ['letter', 1, true],
    ]);
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('aria-current'))
    ).resolves.toBe('true');
    await page.screenshot({ path: `${OUT_DIR}facets.png`, fullPage: true });

    // Act: reload the URL as a bookmark would
    await page.reload();
    await waitForHits(page, [LETTER_TITLE]);

    // Assess: the same search, the form filled from the URL
    await expect(
      page.getByLabel('Person', { exact: true }).inputValue()
    ).resolves.toBe('Kim');
    await expect(
      page.getByLabel('Type', { exact: true }).inputValue()
    ).resolves.toBe('letter');
    await expect(facetValues(page, 'type')).resolves.toEqual([
      ['letter', 1, true],
    ]);

    // Act: Back leaves the type filter
    await page.goBack();
    await waitForHits(page, [SEED_TITLE, LETTER_TITLE]);

    // Assess
    await expect(fragment(page)).resolves.toBe('#/?person=Kim');

    // Act: the chip removes the person filter too
    await page.getByRole('link', { name: 'Remove filter Person: Kim' }).click();
    await page.waitForFunction(() => location.hash === '#/');
    await page.locator('#active-filters').waitFor({ state: 'hidden' });

    // Assess: every record again
    await expect(hitTitles(page)).resolves.toContain(REPORT_TITLE);
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('opens the people index, filters it by a prefix and follows a name to the records', async () => {
    // Prepare
    const page = await openPage(1280, 900);

    // Act
    await page.getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'People' }).waitFor();
    await page.getByLabel('Surname begins with').fill('Sht');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForFunction(() => location.hash === '#/people?prefix=Sht');
    await page
      .locator('#people-status', { hasText: 'surname begins with "Sht"' })
      .waitFor();
    const shtykov = page.locator('#people .person', {
      has: page.getByRole('link', { name: 'Shtykov', exact: true }),
    });

    // Assess: one person, with the three pages that name him
    await expect(
      page.locator('#people .person-name').allTextContents()
    ).resolves.toEqual(['Shtykov']);
    await expect(shtykov.locator('.person-count').textContent()).resolves.toBe(
      '3 records'
    );
    await expect(
      shtykov.locator('.person-meta').textContent()
    ).resolves.toContain('1949–1950');

    // Act: a letter of the alphabet, then the name
    await page.getByRole('link', { name: 'Surnames beginning with S' }).click();
    await page.waitForFunction(() => location.hash === '#/people?prefix=S');
    await page
      .locator('#people-status', { hasText: 'surname begins with "S"' })
      .waitFor();
    await page
      .locator('#people .person-name', { hasText: /^Shtykov$/ })
      .waitFor();
    await page.screenshot({ path: `${OUT_DIR}people.png`, fullPage: true });
    await page.getByRole('link', { name: 'Shtykov', exact: true }).click();

    // Assess
    await waitForHits(page, [
      SEED_TITLE,
      'Ciphered Telegram No. 18622, Shtykov to Fyn Si [Stalin]',
      LETTER_TITLE,
    ]);
    await expect(fragment(page)).resolves.toBe('#/?person=Shtykov');
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows a text-search snippet with the matched words marked', async () => {
    // Prepare
    const page = await openPage(1280, 900);

    // Act: a phrase that only the report's body has
    await page
      .getByLabel('Search', { exact: true })
      .fill('"general armistice"');
    await page.getByRole('button', { name: 'Search' }).click();
    await waitForHits(page, [REPORT_TITLE]);

    // Assess
    const snippet = page.locator('#results .hit .snippet');
    await expect(snippet.textContent()).resolves.toContain(
      'talks on the general armistice'
    );
    const marked = await snippet.locator('mark').allTextContents();
    expect(marked.join(' ').toLowerCase()).toMatch(/general.*armistice/);
    await expect(fragment(page)).resolves.toBe('#/?text="general armistice"');
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('links the people of a record view to their records, and offers the TEI export', async () => {
    // Prepare
    const page = await openPage(1280, 900);
    await openSeedRecord(page);
    const id = await page.locator('#record-meta .mono').textContent();

    // Assess: every role's names are links, still tied to their spans
    const author = page.locator('#record-fields a.val[data-path="authors.0"]');
    await expect(author.textContent()).resolves.toBe('Kim Il Sung');
    await expect(author.getAttribute('href')).resolves.toBe(
      '#/?person=Kim+Il+Sung'
    );
    await expect(
      page.locator('#record-fields a.val[data-path="via.0"]').textContent()
    ).resolves.toBe('Shtykov');
    await expect(
      page
        .locator(
          '#record-fields a.val[data-path^="telegram.distribution.recipients."]'
        )
        .count()
    ).resolves.toBe(7);
    await expect(
      page.getByRole('link', { name: 'TEI XML' }).getAttribute('href')
    ).resolves.toBe(`api/records/${id}/tei`);
    await author.focus();
    await expect(
      page.locator('#source-text .seg.hl').allTextContents()
    ).resolves.not.toEqual([]);

    // Act
    await author.click();

    // Assess
    await waitForHits(page, [SEED_TITLE, LETTER_TITLE]);
    await expect(fragment(page)).resolves.toBe('#/?person=Kim Il Sung');
    await expect(
      page.getByLabel('Person', { exact: true }).inputValue()
    ).resolves.toBe('Kim Il Sung');
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('shows the facets beside the results, and above them at phone width', async () => {
    // Prepare
    const page = await openPage(1280, 900);

    // Act: the search without filters lists every record (8 < one page)
    await page.locator('.facet-type .facet').first().waitFor();

    // Assess
    const types = await facetValues(page, 'type');
    expect(types.reduce((n, [, count]) => n + Number(count), 0)).toBe(
      (await hitTitles(page)).length
    );
    await page.screenshot({ path: '/tmp/web-facets.png', fullPage: true });

    // Act: phone width
    await page.setViewportSize({ width: 390, height: 844 });

    // Assess
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: `${OUT_DIR}facets-phone.png`,
      fullPage: true,
    });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('finds a typed value in the page by keyboard, and shows why the archive refuses a correction beside the field', async () => {
    // Prepare
    const page = await openPage(1280, 900);
    await openSeedRecord(page);
    await page.getByRole('button', { name: 'Correct fields' }).click();
    const opener = page.getByRole('button', {
      name: 'Correct Copy recipient 2',
      exact: true,
    });
    await opener.click();
    const value = page.getByLabel('New value');
    await expect(value.inputValue()).resolves.toBe('Molotov');

    // Act: keyboard only, from the focused input: find "Molotov", take its
    // first place, then type another name the place does not read
    await page.keyboard.press('Tab');
    await expect(
      page.evaluate(() => document.activeElement?.textContent)
    ).resolves.toBe('Find in the page');
    await page.keyboard.press('Enter');
    const place = page.locator('.editor .places button.place').first();
    await expect(place.locator('mark').textContent()).resolves.toBe('Molotov');
    await page.keyboard.press('Enter');
    await expect(
      page.locator('#source-text .seg.pending').allTextContents()
    ).resolves.toEqual(['Molotov']);
    await value.press('ControlOrMeta+a');
    await page.keyboard.type('Malenkov');
    await page.keyboard.press('Enter');

    // Assess: the API's words beside the field, the input marked
    const alert = page.locator('.editor .editor-error[role="alert"]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toMatch(
      /^span: the text at \d+-\d+ reads 'Molotov', not 'Malenkov'$/
    );
    await expect(value.getAttribute('aria-invalid')).resolves.toBe('true');

    // Act: Escape closes the form; focus goes back to its button
    await page.keyboard.press('Escape');

    // Assess
    await expect(page.locator('.editor').count()).resolves.toBe(0);
    await expect(
      opener.evaluate((b) => b === document.activeElement)
    ).resolves.toBe(true);
    // the refused write is the one failed request
    expect(problemsOf(page)).toEqual([expect.stringMatching(/status of 400/)]);
    await page.close();
  });

  // last: it changes the seed's record (a correction, then "reviewed")
  it('corrects a distribution entry of a flagged record from the review queue by selecting its text', async () => {
    // Prepare: the queue lists the seed page (its copies do not add up)
    const page = await openPage(1280, 900);
    await page.getByRole('link', { name: /^Needs review/ }).click();
    const item = page.locator('#review-list li.hit', {
      has: page.getByRole('link', { name: SEED_TITLE }),
    });
    await item.waitFor();
    await expect(item.locator('.badge').allTextContents()).resolves.toContain(
      'copies do not add up'
    );
    await expect(
      page
        .locator(
          '#review-counts a[data-flag="distribution-copies-mismatch"] .facet-count'
        )
        .textContent()
    ).resolves.toMatch(/^[1-9]\d*$/);
    const queued = Number(
      await page.locator('#nav-review-count').textContent()
    );
    expect(queued).toBeGreaterThan(0);
    await item.getByRole('link', { name: SEED_TITLE }).click();
    await page.getByRole('heading', { level: 2, name: SEED_TITLE }).waitFor();
    await expect(page.locator('.review-status').textContent()).resolves.toBe(
      'Needs review: copies do not add up.'
    );

    // Act: correct the first entry's name with text selected in the page
    await page.getByRole('button', { name: 'Correct fields' }).click();
    await page
      .getByRole('button', { name: 'Correct Copy recipient 1', exact: true })
      .click();
    const span = await selectSourceText(page, 'STALIN I.V.');
    const value = page.getByLabel('New value');
    await expect(value.inputValue()).resolves.toBe('STALIN I.V.');
    const spanStatus = page.locator('.editor .span-status');
    await expect(spanStatus.textContent()).resolves.toMatch(
      new RegExp(`^From the page, characters ${span.start}–${span.end}: `)
    );
    await expect(spanStatus.locator('q').textContent()).resolves.toBe(
      'STALIN I.V.'
    );
    await expect(
      page.locator('#source-text .seg.pending').allTextContents()
    ).resolves.toEqual(['STALIN I.V.']);
    await value.fill('Stalin I.V.');
    await page
      .getByLabel('Correction note (optional)')
      .fill('Full name, as the address line writes it');
    await page.getByRole('button', { name: 'Save correction' }).click();
    await page.locator('#record-status', { hasText: 'Saved' }).waitFor();
    await page.screenshot({ path: '/tmp/web-correction.png' });
    await page.screenshot({
      path: `${OUT_DIR}correction.png`,
      fullPage: true,
    });

    // Act: reload
    await page.reload();
    await page.getByRole('heading', { level: 2, name: SEED_TITLE }).waitFor();

    // Assess: the value is corrected, and the page says who and when
    const entry = page.locator(
      '#record-fields a.val[data-path="telegram.distribution.recipients.0.name"]'
    );
    await expect(entry.textContent()).resolves.toBe('Stalin I.V.');
    const badge = page.locator(
      '.badge.corrected[data-corrected="telegram.distribution.recipients.0.name"]'
    );
    await expect(badge.textContent()).resolves.toMatch(
      /^corrected by \S.*, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/
    );
    const row = page.locator('.corrections-table tbody tr');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('td.change').textContent()).resolves.toContain(
      `Stalin → Stalin I.V. (page characters ${span.start}–${span.end})`
    );
    await expect(row.locator('.badge').textContent()).resolves.toBe('applied');
    await entry.focus();
    await expect(
      page.locator('#source-text .seg.hl').allTextContents()
    ).resolves.toEqual(['STALIN I.V.']);

    // Act: mark it reviewed
    await page.getByLabel('Review note (optional)').fill('Copies checked');
    await page.getByRole('button', { name: 'Mark reviewed' }).click();

    // Assess: who and when, and one record fewer in the queue
    await expect(
      page.locator('.review-status', { hasText: /^Reviewed by / }).textContent()
    ).resolves.toMatch(/^Reviewed by \S.*, .* UTC: Copies checked$/);
    await page.waitForFunction(
      (n) =>
        Number(document.getElementById('nav-review-count')?.textContent) ===
          n ||
        (n === 0 && document.getElementById('nav-review-count')?.hidden),
      queued - 1
    );
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });
});
