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
import { benchExtract } from './extract.ts';
import { benchIngest } from './ingest.ts';
import { round } from './stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const json = process.argv.includes('--json');
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

const figures = {
  parser_version: PARSER_VERSION,
  machine,
  extract_pages_per_s: round(ex.pagesPerSecond),
  extract_p50_us: round(ex.p50Micros),
  extract_p99_us: round(ex.p99Micros),
  ingest_pages_per_s: round(ing.pagesPerSecond),
  ingest_items_per_page: round(ing.itemsPerPage),
  ingest_bytes_written_per_page: round(ing.bytesWrittenPerPage),
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
`;
writeFileSync(join(root, 'docs', 'BENCHMARKS.md'), md);
log('wrote docs/BENCHMARKS.md');
