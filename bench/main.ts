/**
 * `npm run bench`: every benchmark, printed and written with the machine's
 * description to docs/BENCHMARKS.md. `--json` prints the figures as one
 * JSON object (for tracking from version to version). Medians of several
 * runs; ratios measured within one run; never single timings.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PARSER_VERSION } from '#shared/extract/index.ts';
import { benchColdStart } from './coldstart.ts';
import { benchE2e } from './e2e.ts';
import { benchExtract } from './extract.ts';
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

log('generated pages: extraction accuracy against their records...');
const acc = generatedAccuracy(Math.min(e2ePages, 10_000));
log(
  `generated pages: F1 ${acc.f1.toFixed(4)} over ${acc.pages} pages (${acc.disagreeing} disagree)`
);

log(`end-to-end through the embedded runtime: ${e2ePages} pages...`);
const e2e = await benchE2e({ pages: e2ePages, log });
log(
  `end-to-end: ${round(e2e.pagesPerSecond)} pages/s (median of ${e2e.waves.length} waves), floor ${round(e2e.floorPagesPerSecond)} pages/s, e2e/floor ${round(e2e.overFloor)}; peak RSS ${round(e2e.peakRssMb)} MB`
);

log('cold start: bundling and importing each function...');
const cold = await benchColdStart(root);
const coldRow = (b: (typeof cold.bundles)[number]) =>
  b.error
    ? `| ${b.name} | ${b.variant} | bundling failed: ${b.error.replace(/\|/g, '/')} | | | | | |`
    : `| ${b.name} | ${b.variant} | ${round(b.entryKb)} | ${round(b.totalKb)} | ${round(b.processMs)} | ${round(b.processNoMapsMs)} | ${round(b.importMs)} | ${round(b.processMs / cold.empty.processMs)} |`;
log(
  `cold start: ingest bundle ${round(cold.ingestKb)} KB, import ${round(cold.ingestOverEmpty)}x the empty handler`
);

log('OCR (tesseract.js, one worker): running...');
const ocr = await benchOcr();
log(
  `OCR: ${round(ocr.pagesPerMinute150)} pages/min at 150 dpi, ${round(ocr.pagesPerMinute300)} at 300 dpi, ${round(ocr.pdfPagesPerMinute300)} image-only PDF pages/min; worker start ${round(ocr.workerStartSeconds)} s`
);

const figures = {
  parser_version: PARSER_VERSION,
  machine,
  extract_pages_per_s: round(ex.pagesPerSecond),
  extract_p50_us: round(ex.p50Micros),
  extract_p99_us: round(ex.p99Micros),
  ingest_pages_per_s: round(ing.pagesPerSecond),
  ingest_items_per_page: round(ing.itemsPerPage),
  ingest_bytes_written_per_page: round(ing.bytesWrittenPerPage),
  generated_f1: round(acc.f1, 4),
  generated_pages: acc.pages,
  e2e_pages: e2e.pages,
  e2e_pages_per_s: round(e2e.pagesPerSecond),
  e2e_floor_pages_per_s: round(e2e.floorPagesPerSecond),
  e2e_over_floor: round(e2e.overFloor),
  e2e_peak_rss_mb: round(e2e.peakRssMb),
  e2e_max_rss_mb: round(e2e.maxRssMb),
  e2e_handler_ms_per_page: round(e2e.perPage.handlerMs),
  e2e_dynamo_items_per_page: round(e2e.perPage.dynamoItems),
  e2e_write_units_per_page: round(e2e.perPage.writeUnits),
  e2e_requests_per_page: Object.fromEntries(
    Object.entries(e2e.perPage.requests).map(([k, v]) => [k, round(v)])
  ),
  ocr_pages_per_min_150dpi: round(ocr.pagesPerMinute150),
  ocr_pages_per_min_300dpi: round(ocr.pagesPerMinute300),
  ocr_pdf_pages_per_min_300dpi: round(ocr.pdfPagesPerMinute300),
  ocr_worker_start_s: round(ocr.workerStartSeconds),
  ingest_bundle_kb: round(cold.ingestKb),
  ingest_import_over_empty: round(cold.ingestOverEmpty),
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

## Extraction accuracy on generated pages

${acc.pages} pages from the seeded generator (\`bench/generator\`: telegrams with headers and distribution lists, truncated telegrams, letters with numbered requests and quantities, records of conversation), each scored against the record it was generated with (\`shared/eval/score.ts\`).

| figure | value | target |
|---|---|---|
| field F1 | ${acc.f1.toFixed(4)} | 1.0 |
| pages whose record differs | ${acc.disagreeing} | 0 |

## End-to-end through the embedded runtime

${e2e.pages} generated pages uploaded (16 in flight) to the embedded runtime (s3rver + dynalite on a temporary data dir, the local SQS dispatcher with 2 batches in flight, the ingest handler), in ${e2e.waves.length} waves; each wave is timed from its first upload until the queue is drained. After each wave, **in the same run and on the same servers**, the floor: the same bytes put to and got from S3 and put again as derived text, and the same DynamoDB items (captured from the pipeline's writes) batch-written 25 per request, 16 requests in flight, no extraction. Medians over waves; each ratio pairs a wave with its own floor.

| figure | value | target |
|---|---|---|
| pages per second (median of waves) | ${round(e2e.pagesPerSecond)} | |
| pages per second, whole run | ${round(e2e.overallPagesPerSecond)} | |
| floor pages per second (median) | ${round(e2e.floorPagesPerSecond)} | |
| e2e / floor (median of per-wave ratios) | ${round(e2e.overFloor)} | ≤ 1.5 |
| peak RSS (sampled every 100 ms) | ${round(e2e.peakRssMb)} MB | |
| maxRSS (resourceUsage) | ${round(e2e.maxRssMb)} MB | |
| peak heap used | ${round(e2e.peakHeapMb)} MB | |
| records ok / failed | ${e2e.ok} / ${e2e.failed} | ${e2e.pages} / 0 |

| wave | pages | seconds | pages/s | floor s (S3 + DynamoDB) | e2e/floor |
|---|---|---|---|---|---|
${e2e.waves.map((w, i) => `| ${i + 1} | ${w.pages} | ${round(w.seconds)} | ${round(w.pagesPerSecond)} | ${round(w.floor.seconds)} (${round(w.floor.s3Seconds)} + ${round(w.floor.dynamoSeconds)}) | ${round(w.overFloor)} |`).join('\n')}

Per page (inputs of docs/COST.md):

| figure | per page |
|---|---|
${Object.entries(e2e.perPage.requests)
  .map(([k, v]) => `| requests ${k} | ${round(v)} |`)
  .join('\n')}
| DynamoDB items written | ${round(e2e.perPage.dynamoItems)} |
| DynamoDB write units (item KB rounded up, × (1 + GSIs holding the item)) | ${round(e2e.perPage.writeUnits)} |
| DynamoDB bytes of items written | ${round(e2e.perPage.itemBytes)} |
| DynamoDB read units (consistent reads) | ${round(e2e.perPage.readUnits)} |
| raw bytes / derived text bytes | ${round(e2e.perPage.rawBytes)} / ${round(e2e.perPage.derivedBytes)} |
| handler busy time (sum of batch durations / pages) | ${round(e2e.perPage.handlerMs)} ms |
| handler invocations (batches) | ${round(e2e.perPage.invocations)} |

## Cold start

Each function bundled as infra/constructs/app-function.ts bundles it (esbuild: minified ESM, target node24, createRequire banner, source maps beside the file without sources, \`@aws-sdk/*\` bundled: \`externalModules: []\`), imported by a fresh \`node --enable-source-maps\` process; medians of ${cold.rounds} interleaved spawns. \`split\` is esbuild \`splitting: true\` (lazy imports become chunks); \`external\` leaves the lazily imported decoder packages (unpdf, iconv-lite, node-html-parser, tesseract.js, @napi-rs/canvas) to node_modules, as \`bundling.externalModules\` + \`bundling.nodeModules\` would ship them.

| function | variant | entry KB | all files KB | process ms | process ms, no source maps | import() ms | × empty |
|---|---|---|---|---|---|---|---|
| empty | single | ${round(cold.empty.entryKb)} | ${round(cold.empty.totalKb)} | ${round(cold.empty.processMs)} | ${round(cold.empty.processNoMapsMs)} | ${round(cold.empty.importMs)} | 1 |
${cold.bundles.map(coldRow).join('\n')}

Targets: ingest bundle under 600 KB (as deployed: ${round(cold.ingestKb)} KB), import under 1.5× the empty handler (as deployed: ${round(cold.ingestOverEmpty)}×).

## OCR (scanned pages)

tesseract.js with the English model from npm, one worker (one core), on the project's scan fixtures (fixtures/scans; docs/OCR.md), medians of ${ocr.rounds} rounds.

| figure | value |
|---|---|
| pages per minute, 150 dpi PNG | ${round(ocr.pagesPerMinute150)} |
| pages per minute, 300 dpi PNG | ${round(ocr.pagesPerMinute300)} |
| image-only PDF pages per minute (rasterized at 300 dpi, then read) | ${round(ocr.pdfPagesPerMinute300)} |
| worker start and model load (once per container) | ${round(ocr.workerStartSeconds)} s |
| peak resident memory | ${round(ocr.peakRssMiB)} MiB |
`;
writeFileSync(join(root, 'docs', 'BENCHMARKS.md'), md);
log('wrote docs/BENCHMARKS.md');
