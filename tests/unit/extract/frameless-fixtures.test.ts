/**
 * The project's own frameless pages (fixtures/frameless/pages: invented
 * documents alone, without the archive website's frame, and the seed's
 * document cut from its frame, seed-frameless) against their
 * hand-written gold records (fixtures/frameless/gold, RECORD.md "Pages
 * without the archive's frame"), scored by `archive eval`.
 *
 * Each page shows one frameless layout: a ciphered telegram transcript
 * (sent/received/deciphered lines, `Name - N` distribution list, spaced
 * signature, closing number, `Typed by`), a letter opening with `Dear
 * Comrade ...,` and closing with a signature and a dateline, a `RECORD OF
 * CONVERSATION with ...` heading with a dateline under it, a cable with
 * `FROM:` / `TO:` lines and a copies list one per line, and a journal whose
 * heading names its writer and period (with a skipped point number).
 * Three of them are also scanned (fixtures/scans/frameless-*), see
 * tests/integration/ocr.test.ts.
 */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '#cli/commands/eval.ts';
import { formatTable, scoreRecord } from '#shared/eval/score.ts';
import { extract } from '#shared/extract/index.ts';
import { ExtractionSchema } from '#shared/schema/record.ts';
import {
  type CorpusPage,
  fieldFailures,
  pagesWithGold,
  projectFile,
} from '../../helpers/corpus.ts';

/**
 * Overall F1 floor: 0.88 when the fixtures were written, before the
 * frameless rules; 1.00 with parser 0.2.0. Never lowered.
 */
const F1_FLOOR = 1.0;

const PAGES = projectFile('fixtures/frameless/pages');
const GOLD = projectFile('fixtures/frameless/gold');

type Fixture = CorpusPage;

const fixtures: Fixture[] = pagesWithGold(PAGES, GOLD);

/** Per page, the fields whose extracted value differs from the gold. */
const failures = (): string[] =>
  fieldFailures(
    fixtures,
    (text) => extract(text) as unknown as Record<string, unknown>,
    scoreRecord
  );

describe('frameless fixtures (fixtures/frameless)', () => {
  it('has a gold record for every page, and at least four pages', () => {
    // Assess
    const pages = readdirSync(PAGES)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => basename(f, '.txt'))
      .sort();
    expect(pages).toEqual(fixtures.map((f) => f.name));
    expect(pages.length).toBeGreaterThanOrEqual(4);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))(
    '%s: gold follows the frameless rules of RECORD.md',
    (_, f) => {
      // Assess: no frame, so no title, summary, sources, via or truncated
      expect(f.gold).toMatchObject({
        title: null,
        summary: null,
        sources: [],
        via: [],
      });
      expect(f.gold.warnings).not.toContain('truncated');
      // and no website line in the page itself
      expect(f.text).not.toMatch(
        /Skip to content|Document Information|Record ID/
      );
      // each point's text is the page's own
      for (const r of f.gold.requests as { text: string }[])
        expect(f.text).toContain(r.text);
    }
  );

  it('extracts a schema-valid record from every page', () => {
    for (const f of fixtures) {
      const result = ExtractionSchema.safeParse(extract(f.text));
      expect(result.success, f.name).toBe(true);
    }
  });

  it(`scores overall F1 >= ${F1_FLOOR} through archive eval`, async () => {
    // Act
    const result = await evaluate(PAGES, GOLD);

    // Assess
    expect(result.pages).toBe(fixtures.length);
    expect(result.missing).toEqual([]);
    expect(result.failed).toEqual([]);
    if (result.f1 < 1) {
      console.log(
        `fixtures/frameless: overall F1 ${result.f1.toFixed(4)}\n${formatTable(result.tallies)}\n${failures().join('\n')}`
      );
    }
    expect(result.f1).toBeGreaterThanOrEqual(F1_FLOOR);
  });
});
