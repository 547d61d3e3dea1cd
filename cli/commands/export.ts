/**
 * `archive export --format jsonl|csv|dublin-core [--out FILE]`: every
 * record (ok and failed), newest date first. Dublin Core is XML with one
 * `oai_dc:dc` element per document (mapping in shared/query/formats.ts).
 * `--format tei --out DIR` writes one TEI P5 file per record instead,
 * `DIR/<record id>.xml` (shared/export/tei.ts, docs/TEI.md); a record with
 * no text to mark up (a failure record, or one whose full text cannot be
 * read) is skipped and named with the reason, and the exit code is 1.
 * `--format gold [--corrected-only] --out DIR` writes `DIR/gold/<id>.json`
 * in RECORD.md's gold format (the scored fields, corrections applied) and
 * `DIR/pages/<id>.txt` (the decoded text), so `archive eval --pages
 * DIR/pages --gold DIR/gold` scores the extractor against what people
 * corrected (docs/REVIEW.md). Every format shows records with their
 * corrections applied.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import {
  type Correction,
  notGoldBecause,
  toGoldRecord,
} from '#shared/corrections/index.ts';
import { NotFoundError } from '#shared/errors/index.ts';
import { TeiTextError, toTei } from '#shared/export/tei.ts';
import {
  csvHeader,
  csvRow,
  dublinCoreFooter,
  dublinCoreHeader,
  dublinCoreRecord,
  jsonLine,
  type QueryService,
} from '#shared/query/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { type CliIo, processIo, runAction, UsageError } from '../io.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type Target,
  type TargetFlags,
} from '../target.ts';

export const EXPORT_FORMATS = [
  'jsonl',
  'json',
  'csv',
  'dublin-core',
  'tei',
  'gold',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends TargetFlags {
  format?: ExportFormat;
  json?: boolean;
  jsonl?: boolean;
  out?: string;
  status?: 'ok' | 'failed';
  /** With `--format gold`: only records people corrected. */
  correctedOnly?: boolean;
}

/** The export as text chunks, in order (every format but `tei` and `gold`). */
export function* exportChunks(
  records: readonly DocumentRecord[],
  format: Exclude<ExportFormat, 'tei' | 'gold'>
): Generator<string> {
  switch (format) {
    case 'json':
      yield `${JSON.stringify(records, null, 2)}\n`;
      return;
    case 'csv':
      yield csvHeader();
      for (const r of records) yield csvRow(r);
      return;
    case 'dublin-core':
      yield dublinCoreHeader();
      for (const r of records) yield dublinCoreRecord(r);
      yield dublinCoreFooter();
      return;
    default:
      for (const r of records) yield jsonLine(r);
  }
}

function resolveFormat(options: ExportOptions): ExportFormat {
  const flags = [options.json && 'json', options.jsonl && 'jsonl'].filter(
    Boolean
  ) as ExportFormat[];
  if (
    flags.length > 1 ||
    (flags.length === 1 && options.format && options.format !== flags[0])
  ) {
    throw new UsageError('choose one of --format, --json, --jsonl');
  }
  return flags[0] ?? options.format ?? 'jsonl';
}

/** What `--format tei` wrote and what it skipped, with the reason. */
export interface TeiExportResult {
  written: string[];
  skipped: { id: string; reason: string }[];
}

/** A record id that is safe as a file name (ids are slugs plus a hash). */
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Writes `DIR/<id>.xml` for each record: the record with its audit trail
 * and full decoded text, as TEI. Skips (and says why) a failure record, a
 * record whose full text cannot be read, and an id unfit for a file name;
 * other errors (the store unreachable) stop the export.
 *
 * @param records the records to export, in order
 * @param query reads each record's view (audit trail) and full text
 * @param dir the folder to write to (created if missing)
 */
export async function writeTeiFiles(
  records: readonly DocumentRecord[],
  query: Pick<QueryService, 'getRecordView' | 'getRecordText'>,
  dir: string
): Promise<TeiExportResult> {
  await mkdir(dir, { recursive: true });
  const result: TeiExportResult = { written: [], skipped: [] };
  for (const r of records) {
    if (r.status === 'failed') {
      const why = r.failure ? ` (${r.failure.reason})` : '';
      result.skipped.push({
        id: r.id,
        reason: `not processed${why}: no text to mark up`,
      });
      continue;
    }
    if (!SAFE_FILE_NAME.test(r.id)) {
      result.skipped.push({ id: r.id, reason: 'id is not a safe file name' });
      continue;
    }
    try {
      const [view, text] = await Promise.all([
        query.getRecordView(r.id),
        query.getRecordText(r.id),
      ]);
      const xml = toTei(view.record, text, { auditTrail: view.auditTrail });
      const file = join(dir, `${r.id}.xml`);
      await writeFile(file, xml);
      result.written.push(file);
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof TeiTextError) {
        result.skipped.push({ id: r.id, reason: error.message });
      } else throw error;
    }
  }
  return result;
}

/** What `--format gold` wrote and what it skipped, with the reason. */
export interface GoldExportResult {
  /** Record ids written as `gold/<id>.json` and `pages/<id>.txt`. */
  written: string[];
  skipped: { id: string; reason: string }[];
}

/**
 * Writes `DIR/gold/<id>.json` (RECORD.md's scored fields, corrections
 * applied) and `DIR/pages/<id>.txt` (the decoded text) for each ok record
 * that can serve as gold: corrected (with `correctedOnly`), no correction
 * in conflict, a full text to read.
 *
 * @param target the store (corrections) and query service (records, texts)
 * @param dir the folder to write into (created if missing)
 * @param correctedOnly only records people corrected
 */
export async function writeGoldFiles(
  target: Pick<Target, 'store' | 'query'>,
  dir: string,
  correctedOnly: boolean
): Promise<GoldExportResult> {
  const corrected = await target.store.listCorrected();
  const records: DocumentRecord[] = [];
  if (correctedOnly) {
    records.push(...(await target.store.getRecords([...corrected.keys()])));
  } else {
    for await (const r of target.query.allRecords({ status: 'ok' })) {
      records.push(r);
    }
  }
  records.sort((a, b) => a.id.localeCompare(b.id));
  const goldDir = join(dir, 'gold');
  const pagesDir = join(dir, 'pages');
  await mkdir(goldDir, { recursive: true });
  await mkdir(pagesDir, { recursive: true });
  const result: GoldExportResult = { written: [], skipped: [] };
  for (const r of records) {
    const corrections: Correction[] = corrected.get(r.id)?.corrections ?? [];
    const why = notGoldBecause(r, corrections, correctedOnly);
    if (why) {
      result.skipped.push({ id: r.id, reason: why });
      continue;
    }
    if (!SAFE_FILE_NAME.test(r.id)) {
      result.skipped.push({ id: r.id, reason: 'id is not a safe file name' });
      continue;
    }
    if (!r.text) {
      result.skipped.push({ id: r.id, reason: 'it has no decoded text' });
      continue;
    }
    if (!r.text.uri && r.text.excerpt.length < r.text.length) {
      result.skipped.push({ id: r.id, reason: 'its full text is not stored' });
      continue;
    }
    let text: string;
    try {
      text = await target.query.getRecordText(r.id);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      result.skipped.push({ id: r.id, reason: error.message });
      continue;
    }
    await writeFile(
      join(goldDir, `${r.id}.json`),
      `${JSON.stringify(toGoldRecord(r), null, 2)}\n`
    );
    await writeFile(join(pagesDir, `${r.id}.txt`), text);
    result.written.push(r.id);
  }
  return result;
}

/** `--format gold --out DIR`: gold records and their pages, then what was skipped. */
async function runGoldExport(
  options: ExportOptions,
  io: CliIo
): Promise<number> {
  const dir = options.out;
  if (!dir) {
    throw new UsageError(
      '--format gold writes DIR/gold/<id>.json and DIR/pages/<id>.txt: give --out DIR'
    );
  }
  if (options.status === 'failed') {
    throw new UsageError('--format gold takes ok records only');
  }
  const target = await openTarget(options, { requires: ['table'] });
  let result: GoldExportResult;
  try {
    result = await writeGoldFiles(target, dir, options.correctedOnly === true);
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
  io.stderr(
    `Wrote ${result.written.length} gold record(s) to ${join(dir, 'gold')} and their pages to ${join(dir, 'pages')}\n`
  );
  if (result.written.length > 0) {
    io.stderr(
      `Score the extractor against them: archive eval --pages ${join(dir, 'pages')} --gold ${join(dir, 'gold')}\n`
    );
  }
  // records left out by choice (not corrected) are not worth a line each
  const told = result.skipped.filter((s) => s.reason !== 'not corrected');
  if (told.length === 0) return 0;
  io.stderr(`Skipped ${told.length} record(s):\n`);
  for (const s of told) io.stderr(`  ${s.id}: ${s.reason}\n`);
  return 0;
}

/** Every record of the target (or those of one status), newest date first. */
async function readSorted(
  target: Target,
  status: ExportOptions['status']
): Promise<DocumentRecord[]> {
  const records: DocumentRecord[] = [];
  for await (const r of target.query.allRecords({ status })) records.push(r);
  return records.sort((a, b) => {
    const da = a.date ?? '0000';
    const db = b.date ?? '0000';
    return da !== db ? (da < db ? 1 : -1) : a.id.localeCompare(b.id);
  });
}

/** `--format tei --out DIR`: one file per record, then what was skipped. */
async function runTeiExport(
  options: ExportOptions,
  io: CliIo
): Promise<number> {
  const dir = options.out;
  if (!dir) {
    throw new UsageError(
      '--format tei writes one file per record: give --out DIR'
    );
  }
  const target = await openTarget(options, { requires: ['table'] });
  let result: TeiExportResult;
  try {
    const records = await readSorted(target, options.status);
    result = await writeTeiFiles(records, target.query, dir);
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
  io.stderr(`Wrote ${result.written.length} TEI file(s) to ${dir}\n`);
  if (result.skipped.length === 0) return 0;
  io.stderr(`Skipped ${result.skipped.length} record(s):\n`);
  for (const s of result.skipped) io.stderr(`  ${s.id}: ${s.reason}\n`);
  return 1;
}

/** The command body; reads every record, sorts newest first, writes. */
export async function runExport(
  options: ExportOptions,
  io: CliIo = processIo
): Promise<number> {
  const format = resolveFormat(options);
  if (options.correctedOnly && format !== 'gold') {
    throw new UsageError('--corrected-only goes with --format gold');
  }
  if (format === 'tei') return runTeiExport(options, io);
  if (format === 'gold') return runGoldExport(options, io);
  const target = await openTarget(options, { requires: ['table'] });
  let records: DocumentRecord[] = [];
  try {
    records = await readSorted(target, options.status);
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
  if (!options.out) {
    for (const chunk of exportChunks(records, format)) io.stdout(chunk);
    return 0;
  }
  const file = createWriteStream(options.out);
  for (const chunk of exportChunks(records, format)) {
    if (!file.write(chunk)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  io.stderr(
    `Exported ${records.length} record(s) as ${format} to ${options.out}\n`
  );
  return 0;
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerExport(program: Command): void {
  addTargetOptions(
    program
      .command('export')
      .description(
        'export every record (corrections applied) as JSON Lines, JSON, CSV, Dublin Core XML, TEI P5 (one file per record), or gold records with their pages'
      )
      .addOption(
        new Option(
          '--format <format>',
          'output format (default jsonl)'
        ).choices(EXPORT_FORMATS)
      )
      .option('--json', 'same as --format json')
      .option('--jsonl', 'same as --format jsonl')
      .option(
        '--out <path>',
        'write to a file instead of stdout (for tei: a folder, one <id>.xml per record; for gold: a folder, gold/ and pages/)'
      )
      .option(
        '--corrected-only',
        'with --format gold: only the records people corrected'
      )
      .addOption(
        new Option(
          '--status <status>',
          'only ok or only failed records'
        ).choices(['ok', 'failed'])
      )
  ).action(async (opts: ExportOptions) => {
    await runAction(() => runExport(opts));
  });
}
