/**
 * `npm run bench`: every benchmark, printed and written with the machine's
 * description to docs/BENCHMARKS.md. `--json` prints the figures as one
 * JSON object (for tracking from version to version). Medians of several
 * runs; ratios measured within one run; never single timings.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as infraConfig from '#infra/config.ts';
import { PARSER_VERSION } from '#shared/extract/index.ts';
import { benchColdStart } from './coldstart.ts';
import {
  type Architecture,
  costPerMillion,
  costTable,
  type FunctionSizing,
  inputTable,
  PRICES,
  priceTable,
  scannedPageInput,
  textPageInput,
} from './cost.ts';
import { benchE2e, type E2eResult } from './e2e.ts';
import { benchExtract } from './extract.ts';
import { FLOOR_DEFINITION } from './floor.ts';
import { generatedAccuracy } from './generator/accuracy.ts';
import { benchIngest } from './ingest.ts';
import { benchOcr } from './ocr.ts';
import { round } from './stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');
const pagesFlag = process.argv.indexOf('--pages');
const e2ePages = pagesFlag >= 0 ? Number(process.argv[pagesFlag + 1]) : 10_000;
if (!Number.isInteger(e2ePages) || e2ePages < 10) {
  throw new Error(
    `--pages must be an integer of at least 10, got "${process.argv[pagesFlag + 1]}"`
  );
}
const log = (s: string) => {
  if (!json) process.stdout.write(`${s}\n`);
};

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
log(`machine: ${machine}`);

log('extraction: running...');
const ex = benchExtract(root);
log(
  `extraction: ${round(ex.pagesPerSecond)} pages/s (median of ${ex.rounds} rounds), p50 ${round(ex.p50Micros)} µs, p99 ${round(ex.p99Micros)} µs per page, ${ex.pages} pages`
);

log('ingest through the handler (dynalite + s3rver): running...');
const ing = await benchIngest();
log(
  `ingest: ${round(ing.pagesPerSecond)} pages/s; ${round(ing.itemsPerPage)} DynamoDB items and ${round(ing.bytesWrittenPerPage)} bytes written per page`
);

log(
  'generated pages: generator/extractor agreement (a consistency check, not an accuracy figure)...'
);
const acc = generatedAccuracy(Math.min(e2ePages, 10_000), undefined, 5, {
  size: 'corpus',
});
log(
  `generator/extractor agreement: F1 ${acc.f1.toFixed(4)} over ${acc.pages} corpus-sized generated pages (${acc.disagreeing} disagree); not an accuracy figure: accuracy is measured against the corpus gold (archive eval)`
);

log(
  `end-to-end through the embedded runtime: ${e2ePages} corpus-sized pages...`
);
const e2e = await benchE2e({ pages: e2ePages, log });
log(
  `end-to-end: ${round(e2e.pagesPerSecond)} pages/s (median of ${e2e.waves.length} waves), floor ${round(e2e.floorPagesPerSecond)} pages/s, e2e/floor ${round(e2e.overFloor)} (median; per wave ${e2e.waves.map((w) => round(w.overFloor)).join(', ')}); ${round(e2e.perPage.writeUnits)} write units per page; peak RSS ${round(e2e.peakRssMb)} MB`
);
log(`floor: ${FLOOR_DEFINITION}`);

const bigPages = Math.max(50, Math.min(500, Math.round(e2ePages / 20)));
log(
  `end-to-end, pages ten times the corpus's size (cost sensitivity): ${bigPages} pages...`
);
const big = await benchE2e({ pages: bigPages, waves: 1, pageScale: 10 });
log(
  `end-to-end ×10 pages: ${round(big.perPage.rawBytes)} bytes per page, ${round(big.perPage.writeUnits)} write units, ${round(big.perPage.handlerMs)} ms handler time per page`
);

log('cold start: bundling and importing each function...');
// a part that fails (another engineer's bench mid-change, a missing
// binary) is reported and its figures left empty (null in the JSON); the
// other parts still run and are written
const failures: string[] = [];
async function attempt<T>(label: string, run: () => Promise<T>, empty: T) {
  try {
    return await run();
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error))
      .split('\n')
      .filter(Boolean)
      .slice(0, 3)
      .join(' / ');
    failures.push(`${label}: ${message}`);
    process.stderr.write(`${label} failed: ${message}\n`);
    return empty;
  }
}
const noBundle = (name: string) => ({
  name,
  variant: 'single' as const,
  entryKb: Number.NaN,
  totalKb: Number.NaN,
  processMs: Number.NaN,
  importMs: Number.NaN,
  processNoMapsMs: Number.NaN,
});
const cold = await attempt('cold start', () => benchColdStart(root), {
  rounds: 0,
  empty: noBundle('empty'),
  bundles: [],
  ingestOverEmpty: Number.NaN,
  ingestKb: Number.NaN,
} as unknown as Awaited<ReturnType<typeof benchColdStart>>);
const coldRow = (b: (typeof cold.bundles)[number]) =>
  b.error
    ? `| ${b.name} | ${b.variant} | bundling failed: ${b.error.replace(/\|/g, '/')} | | | | | |`
    : `| ${b.name} | ${b.variant} | ${round(b.entryKb)} | ${round(b.totalKb)} | ${round(b.processMs)} | ${round(b.processNoMapsMs)} | ${round(b.importMs)} | ${round(b.processMs / cold.empty.processMs)} |`;
// the text function's figures (bench/coldstart.ts adds them with the
// text/OCR split; until then the ingest function's stand in)
const coldText = cold as typeof cold & {
  textBundleKb?: number;
  textImportOverEmpty?: number;
};
const textBundleKb = coldText.textBundleKb ?? cold.ingestKb;
const textImportOverEmpty =
  coldText.textImportOverEmpty ?? cold.ingestOverEmpty;
const textColdFrom =
  coldText.textBundleKb === undefined ? 'ingest function' : 'text function';
log(
  `cold start: ingest bundle ${round(cold.ingestKb)} KB, import ${round(cold.ingestOverEmpty)}x the empty handler; ${textColdFrom}: ${round(textBundleKb)} KB, ${round(textImportOverEmpty)}x`
);

log('OCR (tesseract.js, one worker): running...');
const ocr = await attempt(
  'OCR',
  () => benchOcr(),
  new Proxy({}, { get: () => Number.NaN }) as Awaited<
    ReturnType<typeof benchOcr>
  >
);
log(
  `OCR: ${round(ocr.pagesPerMinute150)} pages/min at 150 dpi, ${round(ocr.pagesPerMinute300)} at 300 dpi, ${round(ocr.pdfPagesPerMinute300)} image-only PDF pages/min; worker start ${round(ocr.workerStartSeconds)} s`
);

// ---- cost (bench/cost.ts; docs/COST.md) -------------------------------
const sizing = deployedSizing();
const ocrMsPerPage =
  (ocr as { msPerPageMedian?: number }).msPerPageMedian ??
  60_000 / ocr.pagesPerMinute300;
const ocrMsFrom =
  (ocr as { msPerPageMedian?: number }).msPerPageMedian === undefined
    ? 'OCR bench, 300 dpi pages per minute'
    : 'OCR bench, median ms per page over the degraded scans';
const scanBytes = medianScanBytes();
const textInput = textPageInput(
  e2e.perPage,
  sizing.text,
  `${e2e.pages} corpus-sized generated pages (${round(e2e.perPage.rawBytes)} bytes on average)`
);
const bigInput = textPageInput(
  big.perPage,
  sizing.text,
  `${big.pages} generated pages ten times the corpus's size (${round(big.perPage.rawBytes)} bytes on average)`
);
const scanInput = scannedPageInput(
  textInput,
  {
    ocrMsPerPage,
    scanBytes,
    textBytes: e2e.perPage.rawBytes,
  },
  sizing.ocr,
  `a text page's storage work plus OCR (${round(ocrMsPerPage)} ms per page, ${ocrMsFrom})${sizing.handOff ? ', handed from the text function to the OCR function' : ', in the one ingest function'}; scan bytes: median of fixtures/scans`,
  sizing.handOff
);
const textCost = costPerMillion(textInput);
const bigCost = costPerMillion(bigInput);
const scanCost = costPerMillion(scanInput);
log(
  `cost per million pages: text $${textCost.total.toFixed(2)}, text ×10 size $${bigCost.total.toFixed(2)}, scanned $${scanCost.total.toFixed(2)} (prices ${PRICES.region} as of ${PRICES.asOf}; ${sizing.note})`
);

const figures = {
  parser_version: PARSER_VERSION,
  failures,
  machine,
  extract_pages_per_s: round(ex.pagesPerSecond),
  extract_p50_us: round(ex.p50Micros),
  extract_p99_us: round(ex.p99Micros),
  ingest_pages_per_s: round(ing.pagesPerSecond),
  ingest_items_per_page: round(ing.itemsPerPage),
  ingest_bytes_written_per_page: round(ing.bytesWrittenPerPage),
  // the generator/extractor agreement (a consistency check between two
  // parts of this project, NOT an accuracy figure); the old key is kept
  generated_f1: round(acc.f1, 4),
  generator_extractor_agreement_f1: round(acc.f1, 4),
  generated_f1_note:
    'generator/extractor agreement on generated pages (both written to one contract): a consistency check, not an accuracy figure',
  generated_pages: acc.pages,
  e2e_pages: e2e.pages,
  e2e_pages_per_s: round(e2e.pagesPerSecond),
  e2e_floor_pages_per_s: round(e2e.floorPagesPerSecond),
  e2e_over_floor: round(e2e.overFloor),
  e2e_over_floor_per_wave: e2e.waves.map((w) => round(w.overFloor)),
  e2e_floor_definition: FLOOR_DEFINITION,
  e2e_page_size: e2e.pageSize,
  e2e_page_bytes: round(e2e.perPage.rawBytes),
  e2e_peak_rss_mb: round(e2e.peakRssMb),
  e2e_max_rss_mb: round(e2e.maxRssMb),
  e2e_handler_ms_per_page: round(e2e.perPage.handlerMs),
  e2e_dynamo_items_per_page: round(e2e.perPage.dynamoItems),
  e2e_write_units_per_page: round(e2e.perPage.writeUnits),
  write_units_per_page: round(e2e.perPage.writeUnits),
  write_units_per_page_by_kind: roundAll(e2e.perPage.writeUnitsByKind),
  read_units_per_page: round(e2e.perPage.readUnits),
  e2e_requests_per_page: Object.fromEntries(
    Object.entries(e2e.perPage.requests).map(([k, v]) => [k, round(v)])
  ),
  ocr_pages_per_min_150dpi: round(ocr.pagesPerMinute150),
  ocr_pages_per_min_300dpi: round(ocr.pagesPerMinute300),
  ocr_pdf_pages_per_min_300dpi: round(ocr.pdfPagesPerMinute300),
  ocr_worker_start_s: round(ocr.workerStartSeconds),
  ocr_char_accuracy_clean: round(ocr.charAccuracyClean),
  ocr_char_accuracy_degraded_median: round(ocr.charAccuracyDegradedMedian),
  ocr_char_accuracy_worst: round(ocr.charAccuracyWorst?.charAccuracy),
  ocr_worst_degradation: ocr.charAccuracyWorst?.degradation ?? null,
  ocr_word_accuracy_clean: round(ocr.wordAccuracyClean),
  ocr_word_accuracy_degraded_median: round(ocr.wordAccuracyDegradedMedian),
  ocr_mean_confidence: round(ocr.meanConfidence),
  ocr_char_accuracy_by_degradation: Object.fromEntries(
    (Array.isArray(ocr.accuracy) ? ocr.accuracy : []).map((a) => [
      a.degradation,
      round(a.charAccuracy),
    ])
  ),
  ingest_bundle_kb: round(cold.ingestKb),
  ingest_import_over_empty: round(cold.ingestOverEmpty),
  text_bundle_kb: round(textBundleKb),
  text_import_over_empty: round(textImportOverEmpty),
  cost_per_million_text_usd: round(textCost.total),
  cost_per_million_text_10x_usd: round(bigCost.total),
  cost_per_million_scanned_usd: round(scanCost.total),
  cost_prices_as_of: PRICES.asOf,
  ocr_ms_per_page: round(ocrMsPerPage),
  cold_start: [cold.empty, ...cold.bundles].map((b) => ({
    name: b.name,
    variant: b.variant,
    entry_kb: round(b.entryKb),
    total_kb: round(b.totalKb),
    process_ms: round(b.processMs),
    import_ms: round(b.importMs),
  })),
};

if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);

const md = `# Benchmarks

Written by \`npm run bench\` (figures also as JSON: \`npm run bench -- --json\`).
Medians of several rounds; shared, noisy machines make single timings meaningless.

- Machine: ${machine}
- Parser version: ${PARSER_VERSION}
- Date: ${new Date().toISOString().slice(0, 10)}
${failures.map((f) => `- **Failed part** (its figures are empty): ${f.replace(/\|/g, '/')}`).join('\n')}

## Extraction (one core)

Over ${ex.pages} pages (\`${ex.source.replace(`${resolve(root, '..')}/`, '../')}\`), ${ex.rounds} rounds.

| figure | value | target |
|---|---|---|
| pages per second (median of rounds) | ${round(ex.pagesPerSecond)} | ≥ 5,000 |
| per-page latency p50 | ${round(ex.p50Micros)} µs | |
| per-page latency p99 | ${round(ex.p99Micros)} µs | |

## Ingest through the handler

The ingest handler fed SQS-shaped batches of 10, against in-process dynalite and s3rver.

| figure | value |
|---|---|
| pages per second | ${round(ing.pagesPerSecond)} |
| DynamoDB items written per page | ${round(ing.itemsPerPage)} |
| DynamoDB request bytes written per page | ${round(ing.bytesWrittenPerPage)} |

## Generator/extractor agreement (not an accuracy figure)

${acc.pages} corpus-sized pages from the seeded generator (\`bench/generator\`: telegrams with headers and distribution lists, truncated telegrams, letters with numbered requests and quantities, records of conversation), each scored against the record it was generated with (\`shared/eval/score.ts\`). The generator and the extractor are both written by this project to the same contract, so this checks that they agree: 1.0 means they do, anything below names a page and a field where one of them is wrong. It says nothing about how well the extractor reads real pages; that is measured against the hand-checked corpus gold (\`archive eval\`, docs/EVALUATION.md).

| figure | value | target |
|---|---|---|
| agreement F1 (JSON \`generated_f1\`, \`generator_extractor_agreement_f1\`) | ${acc.f1.toFixed(4)} | 1.0 |
| pages whose record differs | ${acc.disagreeing} | 0 |

## End-to-end through the embedded runtime

${e2e.pages} generated pages of the corpus's sizes (${round(e2e.perPage.rawBytes)} bytes on average; \`bench/generator\` \`size: 'corpus'\`) uploaded (${e2e.uploadConcurrency} in flight) to the embedded runtime (s3rver + dynalite on a temporary data dir, the local SQS dispatcher with ${e2e.queue.concurrency} batches in flight, the ingest handler), in ${e2e.waves.length} waves; each wave is timed from its first upload until the queue is drained. After each wave, **in the same run and on the same servers**, the I/O floor of the same pages. Medians over waves; each ratio pairs a wave with its own floor.

**The floor** (bench/floor.ts): ${FLOOR_DEFINITION}

| figure | value | target |
|---|---|---|
| pages per second (median of waves) | ${round(e2e.pagesPerSecond)} | |
| pages per second, whole run | ${round(e2e.overallPagesPerSecond)} | |
| floor pages per second (median) | ${round(e2e.floorPagesPerSecond)} | |
| e2e / floor (median of per-wave ratios) | ${round(e2e.overFloor)} | ≤ 1.3 |
| peak RSS (sampled every 100 ms) | ${round(e2e.peakRssMb)} MB | |
| maxRSS (resourceUsage) | ${round(e2e.maxRssMb)} MB | |
| peak heap used | ${round(e2e.peakHeapMb)} MB | |
| records ok / failed | ${e2e.ok} / ${e2e.failed} | ${e2e.pages} / 0 |

| wave | pages | e2e s | pages/s | pages per batch | floor s | floor pages per batch | floor items | e2e/floor |
|---|---|---|---|---|---|---|---|---|
${e2e.waves.map((w, i) => `| ${i + 1} | ${w.pages} | ${round(w.seconds)} | ${round(w.pagesPerSecond)} | ${round(w.meanBatch)} | ${round(w.floor.seconds)} | ${round(w.floor.meanBatch)} | ${w.floor.items} | ${round(w.overFloor)} |`).join('\n')}
| **median** | | | ${round(e2e.pagesPerSecond)} | | | | | **${round(e2e.overFloor)}** |

Requests per page, pipeline and floor (the user's upload not counted on the pipeline's side; \`S3:PutObject (upload)\` on the floor's):

${requestsTable(e2e)}

Per page (inputs of docs/COST.md), on the corpus-sized pages and on pages ten times larger (${big.pages} pages, ${round(big.perPage.rawBytes)} bytes on average, one wave):

| figure | corpus-sized | ×10 |
|---|---|---|
${Object.keys({ ...e2e.perPage.requests, ...big.perPage.requests })
  .map(
    (k) =>
      `| requests ${k} | ${round(e2e.perPage.requests[k] ?? 0)} | ${round(big.perPage.requests[k] ?? 0)} |`
  )
  .join('\n')}
| DynamoDB items written | ${round(e2e.perPage.dynamoItems)} | ${round(big.perPage.dynamoItems)} |
| DynamoDB write units (shared/store/capacity.ts: per started KB; each GSI by its projection) | ${round(e2e.perPage.writeUnits)} | ${round(big.perPage.writeUnits)} |
| of which in GSIs | ${round(e2e.perPage.writeUnitsIndexes)} | ${round(big.perPage.writeUnitsIndexes)} |
${Object.keys({
  ...e2e.perPage.writeUnitsByKind,
  ...big.perPage.writeUnitsByKind,
})
  .map(
    (k) =>
      `| write units: ${k} items | ${round(e2e.perPage.writeUnitsByKind[k] ?? 0)} | ${round(big.perPage.writeUnitsByKind[k] ?? 0)} |`
  )
  .join('\n')}
| DynamoDB bytes of items written | ${round(e2e.perPage.itemBytes)} | ${round(big.perPage.itemBytes)} |
| DynamoDB read units (consistent reads a full unit per 4 KB) | ${round(e2e.perPage.readUnits)} | ${round(big.perPage.readUnits)} |
| raw bytes / derived text bytes | ${round(e2e.perPage.rawBytes)} / ${round(e2e.perPage.derivedBytes)} | ${round(big.perPage.rawBytes)} / ${round(big.perPage.derivedBytes)} |
| handler busy time (sum of batch durations / pages) | ${round(e2e.perPage.handlerMs)} ms | ${round(big.perPage.handlerMs)} ms |
| handler invocations (batches) | ${round(e2e.perPage.invocations)} | ${round(big.perPage.invocations)} |

## Cost per million pages

From the per-page figures above and dated list prices (bench/cost.ts; the whole computation in docs/COST.md, rewritten by this run): text pages **$${textCost.total.toFixed(2)}** (target $10), pages ten times larger $${bigCost.total.toFixed(2)}, scanned pages $${scanCost.total.toFixed(2)}; ${sizing.note}.

## Cold start

Each function bundled as infra/constructs/app-function.ts bundles it (esbuild: minified ESM, target node24, createRequire banner, source maps beside the file without sources, \`@aws-sdk/*\` bundled: \`externalModules: []\`), imported by a fresh \`node --enable-source-maps\` process; medians of ${cold.rounds} interleaved spawns. \`split\` is esbuild \`splitting: true\` (lazy imports become chunks); \`external\` leaves the lazily imported decoder packages (unpdf, iconv-lite, node-html-parser, tesseract.js, @napi-rs/canvas) to node_modules, as \`bundling.externalModules\` + \`bundling.nodeModules\` would ship them.

| function | variant | entry KB | all files KB | process ms | process ms, no source maps | import() ms | × empty |
|---|---|---|---|---|---|---|---|
| empty | single | ${round(cold.empty.entryKb)} | ${round(cold.empty.totalKb)} | ${round(cold.empty.processMs)} | ${round(cold.empty.processNoMapsMs)} | ${round(cold.empty.importMs)} | 1 |
${cold.bundles.map(coldRow).join('\n')}

Targets: text path bundle under 400 KB (${textColdFrom}: ${round(textBundleKb)} KB), import at most 1.5× the empty handler (${round(textImportOverEmpty)}×).

## OCR (scanned pages)

tesseract.js with the English model from npm, one worker (one core), on the project's scan fixtures (fixtures/scans; docs/OCR.md), medians of ${ocr.rounds} rounds.

| figure | value |
|---|---|
| pages per minute, 150 dpi PNG | ${round(ocr.pagesPerMinute150)} |
| pages per minute, 300 dpi PNG | ${round(ocr.pagesPerMinute300)} |
| image-only PDF pages per minute (rasterized at 300 dpi, then read) | ${round(ocr.pdfPagesPerMinute300)} |
| worker start and model load (once per container) | ${round(ocr.workerStartSeconds)} s |
| peak resident memory | ${round(ocr.peakRssMiB)} MiB |

Accuracy against the page text, per degradation (fixtures/scans/degraded: invented pages without the website's lines, rendered and degraded by scripts/make-scans.ts; docs/OCR.md):

| degradation | pages | character accuracy | word accuracy | field F1 | mean confidence | ms per page |
|---|---|---|---|---|---|---|
${(Array.isArray(ocr.accuracy) ? ocr.accuracy : []).map((a) => `| ${a.degradation} | ${a.pages} | ${a.charAccuracy.toFixed(3)} | ${a.wordAccuracy.toFixed(3)} | ${a.fieldF1.toFixed(3)} | ${round(a.meanConfidence)} | ${round(a.msPerPageMedian)} |`).join('\n')}
`;
writeFileSync(join(root, 'docs', 'BENCHMARKS.md'), md);
log('wrote docs/BENCHMARKS.md');
writeCostSection(join(root, 'docs', 'COST.md'));
log('wrote the measured section of docs/COST.md');

// ---- helpers --------------------------------------------------------

function roundAll(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)]));
}

/** Pipeline and floor requests per page, side by side. */
function requestsTable(r: E2eResult): string {
  const floor: Record<string, number> = {};
  for (const w of r.waves) {
    for (const [k, v] of Object.entries(w.floor.requests)) {
      floor[k] = (floor[k] ?? 0) + v / r.pages;
    }
  }
  const keys = [
    ...new Set([...Object.keys(r.perPage.requests), ...Object.keys(floor)]),
  ];
  return [
    '| request | pipeline | floor |',
    '|---|---|---|',
    ...keys.map(
      (k) =>
        `| ${k} | ${round(r.perPage.requests[k] ?? 0)} | ${round(floor[k] ?? 0)} |`
    ),
  ].join('\n');
}

/**
 * The functions' deployment, from infra/config.ts: a text function's and
 * an OCR function's sizing (exported objects whose names hold TEXT and
 * OCR, with `memorySize`, `batchSize` and `architecture`); where there is
 * no such object yet, the single ingest function's (`INGEST`, x86_64).
 */
function deployedSizing(): {
  text: FunctionSizing;
  ocr: FunctionSizing;
  /** Separate text and OCR functions (a scan is handed from one to the other). */
  handOff: boolean;
  note: string;
} {
  const config = infraConfig as unknown as Record<string, unknown>;
  type Raw = { memorySize: number; batchSize?: number; architecture?: unknown };
  const find = (test: (name: string) => boolean) =>
    Object.entries(config).find(
      ([k, v]) =>
        test(k) &&
        typeof v === 'object' &&
        v !== null &&
        typeof (v as Raw).memorySize === 'number'
    ) as [string, Raw] | undefined;
  const ingest = find((k) => k === 'INGEST');
  const text = find((k) => /TEXT/.test(k)) ?? ingest;
  const ocr = find((k) => /OCR/.test(k) && !/SECONDS|PAGES/.test(k)) ?? ingest;
  const arch = (v: Raw): Architecture => {
    const a = v.architecture;
    const name =
      typeof a === 'string' ? a : (a as { name?: string } | undefined)?.name;
    return name === 'arm64' ? 'arm64' : 'x86_64';
  };
  const sized = (
    entry: [string, Raw] | undefined,
    name: string
  ): FunctionSizing =>
    entry
      ? {
          name: `${name}, ${entry[0]}`,
          memoryMb: entry[1].memorySize,
          architecture: arch(entry[1]),
          batchSize: entry[1].batchSize ?? 10,
        }
      : { name, memoryMb: 2048, architecture: 'x86_64', batchSize: 3 };
  const t = sized(text, 'text');
  const o = sized(ocr, 'OCR');
  return {
    text: t,
    ocr: o,
    handOff: text?.[0] !== ocr?.[0],
    note: `text function ${t.memoryMb} MB ${t.architecture}, batches of ${t.batchSize}; OCR function ${o.memoryMb} MB ${o.architecture}, batches of ${o.batchSize} (infra/config.ts)`,
  };
}

/** Median bytes of the scan fixtures (fixtures/scans and degraded/). */
function medianScanBytes(): number {
  const sizes: number[] = [];
  for (const dir of ['fixtures/scans', 'fixtures/scans/degraded']) {
    try {
      for (const f of readdirSync(join(root, dir))) {
        if (/\.(png|jpe?g|tiff?)$/i.test(f) && !/^blank\./.test(f)) {
          sizes.push(statSync(join(root, dir, f)).size);
        }
      }
    } catch {
      // no such directory
    }
  }
  sizes.sort((a, b) => a - b);
  return sizes[Math.floor(sizes.length / 2)] ?? 0;
}

/**
 * Rewrites the measured part of docs/COST.md, between its
 * \`<!-- bench:cost:begin -->\` and \`<!-- bench:cost:end -->\` markers
 * (the prose around them is kept); prints it when the markers are gone.
 */
function writeCostSection(file: string): void {
  const section = [
    '<!-- bench:cost:begin -->',
    `<!-- written by \`npm run bench\` (bench/main.ts, bench/cost.ts) on ${new Date().toISOString().slice(0, 10)}; do not edit by hand -->`,
    '',
    `Measured on: ${machine}; parser ${PARSER_VERSION}; ${sizing.note}.`,
    '',
    '### Summary',
    '',
    '| pages | per million pages, one-time | storage per month |',
    '| --- | --- | --- |',
    `| text pages, the corpus's size (${round(e2e.perPage.rawBytes)} bytes) | **$${textCost.total.toFixed(2)}** | $${textCost.storage.usd.toFixed(2)} |`,
    `| text pages ten times larger (${round(big.perPage.rawBytes)} bytes): sensitivity | $${bigCost.total.toFixed(2)} | $${bigCost.storage.usd.toFixed(2)} |`,
    `| scanned pages (OCR ${round(ocrMsPerPage)} ms per page) | $${scanCost.total.toFixed(2)} | $${scanCost.storage.usd.toFixed(2)} |`,
    '',
    '### Measured inputs per page',
    '',
    `Text: ${textInput.pages}. ×10: ${bigInput.pages}. Scanned: ${scanInput.pages} (${round(scanBytes)} bytes).`,
    '',
    inputTable([
      { title: 'text', input: textInput },
      { title: 'text ×10', input: bigInput },
      { title: 'scanned', input: scanInput },
    ]),
    '',
    priceTable(PRICES),
    '',
    '### One million text pages',
    '',
    costTable(textCost),
    '',
    '### One million scanned pages',
    '',
    costTable(scanCost),
    '',
    '### Sensitivity: one million text pages ten times larger',
    '',
    costTable(bigCost),
    '',
    '<!-- bench:cost:end -->',
  ].join('\n');
  let doc = '';
  try {
    doc = readFileSync(file, 'utf8');
  } catch {
    // written below
  }
  const begin = doc.indexOf('<!-- bench:cost:begin -->');
  const end = doc.indexOf('<!-- bench:cost:end -->');
  if (begin < 0 || end < 0) {
    process.stderr.write(
      `${file} has no bench:cost markers; the measured section:\n${section}\n`
    );
    return;
  }
  writeFileSync(
    file,
    doc.slice(0, begin) +
      section +
      doc.slice(end + '<!-- bench:cost:end -->'.length)
  );
}
