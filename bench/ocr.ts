/**
 * OCR benchmark: scanned pages per minute with one tesseract.js worker (its
 * WebAssembly runs on one thread), at 150 and 300 dpi, through `decode()`
 * (recognition, layout and normalization: what ingest pays per page), plus
 * image-only PDF pages (rasterized at 300 dpi, then read). Medians of
 * several rounds after a warm-up (the worker start and model load are
 * excluded: a warm container pays them once).
 *
 * Also scores every scan fixture against its page text, as `archive eval`
 * scores pages (`npx tsx bench/ocr.ts` prints both).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from '#shared/decode/index.ts';
import type { OcrEngine } from '#shared/decode/ocr/port.ts';
import { createTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
import { overall, prf, scoreRecord } from '#shared/eval/score.ts';
import { extract } from '#shared/extract/index.ts';
import { median, round } from './stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCANS = join(root, 'fixtures', 'scans');

export interface OcrBenchResult {
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
    return {
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
    `OCR, one worker: ${round(r.pagesPerMinute150)} pages/min at 150 dpi, ${round(r.pagesPerMinute300)} pages/min at 300 dpi, ${round(r.pdfPagesPerMinute300)} image-only PDF pages/min (300 dpi); worker start ${round(r.workerStartSeconds)} s; peak RSS ${round(r.peakRssMiB)} MiB (median of ${r.rounds})\n`
  );
}
