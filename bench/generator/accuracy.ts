/**
 * Generator/extractor agreement: each generated page extracted and scored
 * against the record it was generated with. Both sides are written by
 * this project to the same contract, so this is a consistency check (1.0
 * means they agree; anything below names a page and a field where one of
 * them is wrong), NOT an accuracy figure: the extractor's accuracy is
 * measured against the hand-checked corpus gold (`archive eval`).
 * `tsx bench/generator/accuracy.ts [N] [--corpus-size]` prints the
 * per-field table and the first disagreements.
 */
import {
  type FieldTallies,
  formatTable,
  overall,
  prf,
  scoreRecord,
} from '#shared/eval/score.ts';
import { extract } from '#shared/extract/index.ts';
import {
  DEFAULT_SEED,
  type GeneratedPage,
  type GenerateOptions,
  generatePages,
} from './index.ts';

export interface Disagreement {
  page: GeneratedPage;
  fields: string[];
  got: Record<string, unknown>;
}

export interface AccuracyResult {
  pages: number;
  f1: number;
  precision: number;
  recall: number;
  tallies: FieldTallies;
  /** Up to `keep` pages whose record differs from the expected one. */
  disagreements: Disagreement[];
  disagreeing: number;
}

/**
 * Extracts `count` generated pages and scores them against the records
 * they were generated with (the agreement check, not an accuracy figure).
 */
export function generatedAccuracy(
  count: number,
  seed = DEFAULT_SEED,
  keep = 5,
  options: GenerateOptions = {}
): AccuracyResult {
  const tallies: FieldTallies = {};
  const disagreements: Disagreement[] = [];
  let disagreeing = 0;
  for (const page of generatePages(seed, count, 0, options)) {
    const got = extract(page.text) as unknown as Record<string, unknown>;
    const one = scoreRecord(page.expected, got);
    const bad = Object.entries(one)
      .filter(([, t]) => t.fp > 0 || t.fn > 0)
      .map(([f]) => f);
    for (const [field, t] of Object.entries(one)) {
      const sum = tallies[field] ?? { tp: 0, fp: 0, fn: 0 };
      sum.tp += t.tp;
      sum.fp += t.fp;
      sum.fn += t.fn;
      tallies[field] = sum;
    }
    if (bad.length > 0) {
      disagreeing += 1;
      if (disagreements.length < keep) {
        disagreements.push({ page, fields: bad, got });
      }
    }
  }
  const s = prf(overall(tallies));
  return {
    pages: count,
    f1: s.f1,
    precision: s.precision,
    recall: s.recall,
    tallies,
    disagreements,
    disagreeing,
  };
}

// `tsx bench/generator/accuracy.ts [N]`
if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 2000);
  const r = generatedAccuracy(n, DEFAULT_SEED, 3, {
    size: process.argv.includes('--corpus-size') ? 'corpus' : 'compact',
  });
  console.log(formatTable(r.tallies));
  console.log(
    `generator/extractor agreement: F1 ${r.f1.toFixed(4)} over ${r.pages} pages; ${r.disagreeing} disagree`
  );
  for (const d of r.disagreements) {
    console.log(
      `\n=== ${d.page.name} (${d.page.layout}): ${d.fields.join(', ')}`
    );
    console.log(d.page.text);
    for (const f of d.fields) {
      const top = f.split('.')[0] ?? f;
      console.log(
        `--- ${top}\nexpected: ${JSON.stringify((d.page.expected as Record<string, unknown>)[top])}\ngot:      ${JSON.stringify(d.got[top])}`
      );
    }
  }
}
