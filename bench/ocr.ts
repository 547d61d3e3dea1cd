/**
 * OCR benchmark: scanned pages per minute with one tesseract.js worker (its
 * WebAssembly runs on one thread), at 150 and 300 dpi, through `decode()`
 * (recognition, layout and normalization: what ingest pays per page), plus
 * image-only PDF pages (rasterized at 300 dpi, then read). Medians of
 * several rounds after a warm-up (the worker start and model load are
 * excluded: a warm container pays them once).
 *
 * Accuracy against the page text, per degradation: the degraded scans of
 * fixtures/scans/degraded/ (pages without the website's lines, invented by
 * the project, rendered and degraded by scripts/make-scans.ts: clean, skew,
 * blur, uneven light, stains, JPEG, and two combinations) are read through
 * `decode()` and compared with the text they show: character accuracy
 * (1 - edit distance / length, whitespace runs folded to one space), word
 * accuracy (the same over words), field F1 of the extracted record against
 * the page text's record, tesseract's mean word confidence, and the median
 * milliseconds per page on one worker (one core).
 *
 * Also scores every scan fixture of fixtures/scans/ against its page text,
 * as `archive eval` scores pages (`npx tsx bench/ocr.ts` prints all three).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from '#shared/decode/index.ts';
import { DEFAULT_OCR_MIN_CONFIDENCE } from '#shared/decode/ocr/defaults.ts';
import type { OcrEngine } from '#shared/decode/ocr/port.ts';
import { createTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
import { overall, prf, scoreRecord } from '#shared/eval/score.ts';
import { extract } from '#shared/extract/index.ts';
import { median, round } from './stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCANS = join(root, 'fixtures', 'scans');
const DEGRADED = join(SCANS, 'degraded');

export interface OcrBenchResult {
  /** Per degradation, over fixtures/scans/degraded (clean first). */
  accuracy: DegradationScore[];
  /** Character accuracy of the clean pages (pooled over their characters). */
  charAccuracyClean: number;
  /** Median over the degradations other than `clean` of their accuracy. */
  charAccuracyDegradedMedian: number;
  /** The lowest degradation's character accuracy (and which one). */
  charAccuracyWorst: { degradation: string; charAccuracy: number };
  wordAccuracyClean: number;
  wordAccuracyDegradedMedian: number;
  /** Median ms per page over every degraded-set page (one worker). */
  msPerPageMedian: number;
  /** Mean tesseract word confidence over every degraded-set page. */
  meanConfidence: number;
  pagesPerMinute150: number;
  pagesPerMinute300: number;
  /** Image-only PDF pages (rasterized at 300 dpi, then read). */
  pdfPagesPerMinute300: number;
  /** Worker start and English model load, once per container. */
  workerStartSeconds: number;
  /** Peak resident memory of the process (worker thread included), MiB. */
  peakRssMiB: number;
  rounds: number;
}

/** Accuracy of the pages of one degradation against their text. */
export interface DegradationScore {
  degradation: string;
  /** The steps, in words (from the manifest). */
  steps: string;
  pages: number;
  /** 1 - Σ edit distance / Σ reference length over its pages. */
  charAccuracy: number;
  /** The same over words; a page's errors above its word count count as 0. */
  wordAccuracy: number;
  /** Overall field F1 of the records against the page texts' records. */
  fieldF1: number;
  /** Mean of the pages' mean word confidence (0-100). */
  meanConfidence: number;
  /**
   * Median ms of `decode()` per page (recognition, layout, normalization;
   * the mean of the middle two for an even count).
   */
  msPerPageMedian: number;
  /** Low-confidence pages (under the ingest threshold, 60). */
  lowConfidencePages: number;
}

export interface ScanScore {
  file: string;
  variant: string;
  f1: number;
  meanConfidence: number;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

async function read(bytes: Uint8Array, ocr: OcrEngine, key: string) {
  const result = await decode(bytes, { key, ocr });
  if (!result.ok) throw new Error(result.message);
  return result;
}

/**
 * Pages per minute at 150 and 300 dpi with one worker (the letter fixture
 * at both resolutions, so only the resolution differs).
 *
 * @param rounds timed recognitions per figure (median reported)
 */
export async function benchOcr(rounds = 3): Promise<OcrBenchResult> {
  const ocr = createTesseractEngine();
  try {
    const page150 = readFileSync(
      join(SCANS, 'letter-kim-il-sung-1949.150dpi.png')
    );
    const page300 = readFileSync(
      join(SCANS, 'letter-kim-il-sung-1949.300dpi.png')
    );
    const pdf = readFileSync(join(SCANS, 'report-vyshinsky-1953.2pages.pdf'));
    const workerStartSeconds = await timed(() =>
      read(page150, ocr, 'warm-up.png')
    );
    const perMinute = async (bytes: Uint8Array, pages: number) => {
      const seconds: number[] = [];
      for (let i = 0; i < rounds; i++) {
        seconds.push(await timed(() => read(bytes, ocr, 'bench')));
      }
      return (60 * pages) / median(seconds);
    };
    const pagesPerMinute150 = await perMinute(page150, 1);
    const pagesPerMinute300 = await perMinute(page300, 1);
    const pdfPagesPerMinute300 = await perMinute(pdf, 2);
    const steady = 60 / pagesPerMinute150;
    const degraded = await readDegraded(ocr);
    const accuracy = scoreDegradations(degraded);
    const clean = accuracy.find((a) => a.degradation === 'clean');
    const others = accuracy.filter((a) => a.degradation !== 'clean');
    const worst = others.reduce<DegradationScore | null>(
      (w, a) => (w === null || a.charAccuracy < w.charAccuracy ? a : w),
      null
    );
    return {
      accuracy,
      charAccuracyClean: clean?.charAccuracy ?? Number.NaN,
      charAccuracyDegradedMedian: midpoint(others.map((a) => a.charAccuracy)),
      charAccuracyWorst: {
        degradation: worst?.degradation ?? '',
        charAccuracy: worst?.charAccuracy ?? Number.NaN,
      },
      wordAccuracyClean: clean?.wordAccuracy ?? Number.NaN,
      wordAccuracyDegradedMedian: midpoint(others.map((a) => a.wordAccuracy)),
      msPerPageMedian: midpoint(degraded.map((d) => d.ms)),
      meanConfidence: mean(degraded.map((d) => d.confidence)),
      pagesPerMinute150,
      pagesPerMinute300,
      pdfPagesPerMinute300,
      workerStartSeconds: Math.max(0, workerStartSeconds - steady),
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
      rounds,
    };
  } finally {
    await ocr.terminate();
  }
}

/** One entry of fixtures/scans/degraded/manifest.json (scripts/make-scans.ts). */
interface DegradedFixture {
  file: string;
  source: string;
  degradation: string;
  steps: string;
}

/** One degraded page as read: its text, the truth, time and confidence. */
export interface DegradedReading {
  file: string;
  degradation: string;
  steps: string;
  truth: string;
  text: string;
  ms: number;
  confidence: number;
}

/** The degraded-scan manifest, in its order. */
export function degradedManifest(): DegradedFixture[] {
  return JSON.parse(
    readFileSync(join(DEGRADED, 'manifest.json'), 'utf8')
  ) as DegradedFixture[];
}

/**
 * Reads every degraded scan through `decode()` (what ingest pays per page),
 * one at a time on one worker.
 */
export async function readDegraded(ocr: OcrEngine): Promise<DegradedReading[]> {
  const readings: DegradedReading[] = [];
  for (const f of degradedManifest()) {
    const bytes = readFileSync(join(DEGRADED, f.file));
    const truth = readFileSync(join(DEGRADED, 'source', f.source), 'utf8');
    const start = performance.now();
    const decoded = await read(bytes, ocr, f.file);
    const ms = performance.now() - start;
    readings.push({
      file: f.file,
      degradation: f.degradation,
      steps: f.steps,
      truth,
      text: decoded.text,
      ms,
      confidence: decoded.ocr?.meanConfidence ?? 0,
    });
  }
  return readings;
}

/** Scores readings per degradation, in the order degradations first appear. */
export function scoreDegradations(
  readings: readonly DegradedReading[]
): DegradationScore[] {
  const groups = new Map<string, DegradedReading[]>();
  for (const r of readings) {
    groups.set(r.degradation, [...(groups.get(r.degradation) ?? []), r]);
  }
  return [...groups].map(([degradation, pages]) => {
    let charErrors = 0;
    let chars = 0;
    let wordErrors = 0;
    let words = 0;
    let tally = { tp: 0, fp: 0, fn: 0 };
    for (const p of pages) {
      const truth = foldSpace(p.truth);
      const got = foldSpace(p.text);
      charErrors += editDistance([...got], [...truth]);
      chars += [...truth].length;
      const truthWords = wordsOf(truth);
      // a page read as noise cannot cost more than all its words
      wordErrors += Math.min(
        truthWords.length,
        editDistance(wordsOf(got), truthWords)
      );
      words += truthWords.length;
      const t = overall(scoreRecord(extract(p.truth), extract(p.text)));
      tally = { tp: tally.tp + t.tp, fp: tally.fp + t.fp, fn: tally.fn + t.fn };
    }
    return {
      degradation,
      steps: [...new Set(pages.map((p) => p.steps))].join('; '),
      pages: pages.length,
      charAccuracy: chars === 0 ? 0 : Math.max(0, 1 - charErrors / chars),
      wordAccuracy: words === 0 ? 0 : 1 - wordErrors / words,
      fieldF1: prf(tally).f1,
      meanConfidence: mean(pages.map((p) => p.confidence)),
      msPerPageMedian: midpoint(pages.map((p) => p.ms)),
      lowConfidencePages: pages.filter(
        (p) => p.confidence < DEFAULT_OCR_MIN_CONFIDENCE
      ).length,
    };
  });
}

/** Runs of whitespace (line breaks included) as one space, ends trimmed. */
export function foldSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function wordsOf(text: string): string[] {
  return text === '' ? [] : text.split(' ');
}

/**
 * Levenshtein distance between two sequences (insertions, deletions and
 * substitutions cost 1), in O(a × b) time and O(b) memory.
 */
export function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Character accuracy: 1 - edit distance / reference length (≥ 0). */
export function charAccuracy(got: string, truth: string): number {
  const t = [...foldSpace(truth)];
  if (t.length === 0) return foldSpace(got) === '' ? 1 : 0;
  return Math.max(0, 1 - editDistance([...foldSpace(got)], t) / t.length);
}

/** Word accuracy: 1 - word edit distance / reference words (≥ 0). */
export function wordAccuracy(got: string, truth: string): number {
  const t = wordsOf(foldSpace(truth));
  if (t.length === 0) return foldSpace(got) === '' ? 1 : 0;
  return Math.max(0, 1 - editDistance(wordsOf(foldSpace(got)), t) / t.length);
}

/** The median, the mean of the middle two for an even count. */
function midpoint(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[half]!
    : (sorted[half - 1]! + sorted[half]!) / 2;
}

function mean(values: readonly number[]): number {
  return values.length === 0
    ? Number.NaN
    : values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Overall F1 of each scan fixture's record against the record of the page
 * text it shows (fixtures/scans/manifest.json).
 */
export async function scoreScans(): Promise<ScanScore[]> {
  const manifest = JSON.parse(
    readFileSync(join(SCANS, 'manifest.json'), 'utf8')
  ) as { file: string; source: string | null; variant: string }[];
  const ocr = createTesseractEngine();
  try {
    const scores: ScanScore[] = [];
    for (const fixture of manifest) {
      if (fixture.source === null) continue;
      const gold = extract(
        readFileSync(join(SCANS, 'source', fixture.source), 'utf8')
      );
      const decoded = await read(
        readFileSync(join(SCANS, fixture.file)),
        ocr,
        fixture.file
      );
      const { f1 } = prf(overall(scoreRecord(gold, extract(decoded.text))));
      scores.push({
        file: fixture.file,
        variant: fixture.variant,
        f1,
        meanConfidence: decoded.ocr?.meanConfidence ?? 0,
      });
    }
    return scores;
  } finally {
    await ocr.terminate();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const scores = await scoreScans();
  process.stdout.write(
    'scan                                      F1     mean confidence\n'
  );
  for (const s of scores) {
    process.stdout.write(
      `${s.file.padEnd(40)}  ${s.f1.toFixed(3)}  ${s.meanConfidence}  (${s.variant})\n`
    );
  }
  const r = await benchOcr();
  process.stdout.write(
    `\naccuracy against the page text (fixtures/scans/degraded, ${r.accuracy[0]?.pages ?? 0} pages each, 150 dpi, one worker):\n`
  );
  process.stdout.write(
    'degradation  char acc  word acc  field F1  mean conf  ms/page  low-conf pages\n'
  );
  for (const a of r.accuracy) {
    process.stdout.write(
      `${a.degradation.padEnd(11)}  ${a.charAccuracy.toFixed(3).padStart(8)}  ${a.wordAccuracy.toFixed(3).padStart(8)}  ${a.fieldF1.toFixed(3).padStart(8)}  ${a.meanConfidence.toFixed(1).padStart(9)}  ${Math.round(a.msPerPageMedian).toString().padStart(7)}  ${a.lowConfidencePages}/${a.pages}  (${a.steps})\n`
    );
  }
  process.stdout.write(
    `char accuracy clean ${r.charAccuracyClean.toFixed(3)}, degraded median ${r.charAccuracyDegradedMedian.toFixed(3)}, worst ${r.charAccuracyWorst.degradation} ${r.charAccuracyWorst.charAccuracy.toFixed(3)}; word accuracy clean ${r.wordAccuracyClean.toFixed(3)}, degraded median ${r.wordAccuracyDegradedMedian.toFixed(3)}; ${Math.round(r.msPerPageMedian)} ms/page median; mean confidence ${r.meanConfidence.toFixed(1)}\n`
  );
  process.stdout.write(
    `OCR, one worker: ${round(r.pagesPerMinute150)} pages/min at 150 dpi, ${round(r.pagesPerMinute300)} pages/min at 300 dpi, ${round(r.pdfPagesPerMinute300)} image-only PDF pages/min (300 dpi); worker start ${round(r.workerStartSeconds)} s; peak RSS ${round(r.peakRssMiB)} MiB (median of ${r.rounds})\n`
  );
  if (process.argv.includes('--dump')) {
    // the texts as read, to see what a degradation does
    for (const d of await (async () => {
      const ocr = createTesseractEngine();
      try {
        return await readDegraded(ocr);
      } finally {
        await ocr.terminate();
      }
    })()) {
      process.stdout.write(`\n==== ${d.file}\n${d.text}\n`);
    }
  }
}
