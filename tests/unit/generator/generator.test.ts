import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedAccuracy } from '#bench/generator/accuracy.ts';
import {
  corpusPageBytes,
  generatePage,
  generatePages,
  LAYOUTS,
} from '#bench/generator/index.ts';
import { CORPUS_PAGE_BYTES } from '#bench/generator/vocabulary.ts';
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

describe('corpus-sized pages', () => {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const bytes = (size: 'compact' | 'corpus', n: number) =>
    [...generatePages(5, n, 0, { size })].map((p) => Buffer.byteLength(p.text));

  it('are the compact page with more prose, yielding the same record', () => {
    // Act
    const compact = generatePage(5, 17);
    const corpus = generatePage(5, 17, { size: 'corpus' });
    // Assess
    expect(corpus.expected).toEqual(compact.expected);
    expect(corpus.text.length).toBeGreaterThan(compact.text.length);
    expect(corpus.text.startsWith(compact.text.slice(0, 40))).toBe(true);
    expect(generatePage(5, 17, { size: 'corpus' })).toEqual(corpus);
  });

  it('average the corpus table’s size, compact pages stay smaller', () => {
    // Prepare: the table's own mean (by quantile)
    const tableMean = mean(
      Array.from({ length: 1001 }, (_, i) => corpusPageBytes(i / 1000))
    );
    // Act
    const corpus = mean(bytes('corpus', 1000));
    const compact = mean(bytes('compact', 1000));
    // Assess
    expect(Math.abs(corpus - tableMean) / tableMean).toBeLessThan(0.05);
    expect(compact).toBeLessThan(0.75 * corpus);
  });

  it('follow the corpus pages’ sizes when the corpus is there', () => {
    // Prepare: the sizes the table was taken from (skipped without them)
    const dir = join(process.cwd(), '..', 'shared', 'corpus', 'pages');
    let sizes: number[] = [];
    try {
      sizes = readdirSync(dir)
        .filter((f) => f.endsWith('.txt'))
        .map((f) => statSync(join(dir, f)).size);
    } catch {
      return;
    }
    if (sizes.length === 0) return;
    // Act
    const generated = mean(bytes('corpus', 1000));
    // Assess
    expect(Math.abs(generated - mean(sizes)) / mean(sizes)).toBeLessThan(0.05);
    expect(corpusPageBytes(0)).toBe(Math.min(...sizes));
    expect(corpusPageBytes(1)).toBe(Math.max(...sizes));
    expect(CORPUS_PAGE_BYTES.length).toBe(21);
  });

  it('agree with the extractor as compact pages do (F1 1.0)', () => {
    // Act
    const result = generatedAccuracy(600, 99, 5, { size: 'corpus' });
    // Assess
    expect(
      result.disagreements.map((d) => `${d.page.name}: ${d.fields.join(',')}`)
    ).toEqual([]);
    expect(result.f1).toBe(1);
  });
});
