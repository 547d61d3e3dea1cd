import { describe, expect, it } from 'vitest';
import { generatedAccuracy } from '#bench/generator/accuracy.ts';
import {
  generatePage,
  generatePages,
  LAYOUTS,
} from '#bench/generator/index.ts';
import { scoreRecord } from '#shared/eval/score.ts';

describe('page generator', () => {
  it('writes the same page for the same seed and index', () => {
    // Prepare
    const seed = 7;
    // Act
    const a = generatePage(seed, 123);
    const b = generatePage(seed, 123);
    // Assess
    expect(a).toEqual(b);
    expect(generatePage(8, 123).text).not.toBe(a.text);
  });

  it('varies layouts, names, dates and lengths across pages', () => {
    // Prepare
    const pages = [...generatePages(1, 400)];
    // Act
    const layouts = new Set(pages.map((p) => p.layout));
    const texts = new Set(pages.map((p) => p.text));
    const dates = new Set(pages.map((p) => p.expected.date));
    const authors = new Set(pages.flatMap((p) => p.expected.authors));
    const lengths = pages.map((p) => p.text.length);
    // Assess
    expect([...layouts].sort()).toEqual([...LAYOUTS].sort());
    expect(texts.size).toBe(400);
    expect(dates.size).toBeGreaterThan(300);
    expect(authors.size).toBeGreaterThan(20);
    expect(Math.max(...lengths)).toBeGreaterThan(2 * Math.min(...lengths));
    expect(pages.some((p) => p.expected.warnings.includes('truncated'))).toBe(
      true
    );
    expect(
      pages.some((p) =>
        p.expected.warnings.includes('distribution-copies-mismatch')
      )
    ).toBe(true);
    expect(
      pages.some(
        (p) => (p.expected.telegram?.distribution?.recipients.length ?? 0) > 3
      )
    ).toBe(true);
    expect(
      pages.some((p) =>
        p.expected.requests.some((r) =>
          r.quantities.some((q) => q.min !== q.max)
        )
      )
    ).toBe(true);
  });

  it('pages yield exactly their expected records (F1 1.0)', () => {
    // Act
    const result = generatedAccuracy(600, 99);
    // Assess
    expect(
      result.disagreements.map((d) => `${d.page.name}: ${d.fields.join(',')}`)
    ).toEqual([]);
    expect(result.f1).toBe(1);
  });

  it('scoring notices when a page does not match its record', () => {
    // Prepare: a guard that the accuracy check can fail at all
    const page = generatePage(3, 1);
    const wrong = {
      ...page.expected,
      title: 'Something else',
      date: '1900-01-01',
    };
    // Act
    const tallies = scoreRecord(page.expected, wrong);
    // Assess
    expect(tallies.title?.fn).toBe(1);
    expect(tallies.date?.fp).toBe(1);
  });
});
