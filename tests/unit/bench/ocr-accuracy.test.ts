/**
 * The OCR benchmark's accuracy measures (bench/ocr.ts) and the degraded
 * scan fixtures they read (scripts/make-scans.ts, fixtures/scans/degraded).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  charAccuracy,
  type DegradedReading,
  degradedManifest,
  editDistance,
  foldSpace,
  scoreDegradations,
  wordAccuracy,
} from '#bench/ocr.ts';

const DEGRADED = 'fixtures/scans/degraded';

describe('edit distance and accuracy', () => {
  it('counts insertions, deletions and substitutions', () => {
    // Assess
    expect(editDistance([...'kitten'], [...'sitting'])).toBe(3);
    expect(editDistance([], [...'abc'])).toBe(3);
    expect(editDistance([...'abc'], [...'abc'])).toBe(0);
    expect(editDistance(['To', 'Comrade'], ['To', 'comrade', 'X'])).toBe(2);
  });

  it('scores characters with whitespace runs folded, and words', () => {
    // Prepare
    const truth = 'The loan of 40 tractors\nfor the spring sowing.';
    // Act + Assess: a wrap is not an error, a misread letter is
    expect(
      charAccuracy('The loan of 40 tractors for the spring sowing.', truth)
    ).toBe(1);
    expect(
      charAccuracy('The loan of 4O tractors for the spring sowing.', truth)
    ).toBeCloseTo(1 - 1 / 46, 6);
    expect(
      wordAccuracy('The loan of 4O tractors for the spring sowing.', truth)
    ).toBeCloseTo(1 - 1 / 9, 6);
    // nothing read: zero, never negative
    expect(charAccuracy('', truth)).toBe(0);
    expect(wordAccuracy('x '.repeat(50), truth)).toBe(0);
    expect(foldSpace('  a \n\n b\t')).toBe('a b');
  });

  it('pools a degradation over its pages and keeps the first-seen order', () => {
    // Prepare
    const reading = (
      degradation: string,
      truth: string,
      text: string,
      ms: number,
      confidence: number
    ): DegradedReading => ({
      file: `${degradation}.png`,
      degradation,
      steps: degradation,
      truth,
      text,
      ms,
      confidence,
    });
    // Act
    const scores = scoreDegradations([
      reading('clean', 'abcd', 'abcd', 100, 95),
      reading('blur', 'abcd', 'abxd', 300, 80),
      reading('clean', 'efgh', 'efgh', 200, 93),
      reading('blur', 'abcdabcd', '', 500, 40),
    ]);
    // Assess
    expect(scores.map((s) => s.degradation)).toEqual(['clean', 'blur']);
    const [clean, blur] = scores;
    expect(clean).toMatchObject({
      pages: 2,
      charAccuracy: 1,
      meanConfidence: 94,
    });
    // (1 + 8) errors over 12 characters
    expect(blur!.charAccuracy).toBeCloseTo(1 - 9 / 12, 6);
    expect(blur!.lowConfidencePages).toBe(1);
    expect(blur!.msPerPageMedian).toBe(400); // mean of the middle two
  });
});

describe('degraded scan fixtures', () => {
  const manifest = degradedManifest();

  it('has every degradation for every page, files and page texts present', () => {
    // Assess
    const sources = [...new Set(manifest.map((m) => m.source))];
    const kinds = [...new Set(manifest.map((m) => m.degradation))];
    expect(kinds).toEqual([
      'clean',
      'skew',
      'blur',
      'light',
      'stains',
      'jpeg',
      'scan',
      'worst',
    ]);
    expect(sources.length).toBeGreaterThanOrEqual(2);
    expect(manifest).toHaveLength(sources.length * kinds.length);
    for (const m of manifest) {
      expect(existsSync(join(DEGRADED, m.file)), m.file).toBe(true);
      expect(existsSync(join(DEGRADED, 'source', m.source)), m.source).toBe(
        true
      );
    }
  });

  it('shows pages without the website frame (no header table, no breadcrumbs)', () => {
    // Assess: the archive site's lines never appear in these page texts
    for (const source of new Set(manifest.map((m) => m.source))) {
      const text = readFileSync(join(DEGRADED, 'source', source), 'utf8');
      expect(text).not.toMatch(
        /Wilson Center|Digital Archive|Citation|Original Archive/i
      );
    }
  });
});
