/**
 * `archive export --format jsonl|csv|dublin-core [--out FILE]`: every
 * record (ok and failed), newest date first. Dublin Core is XML with one
 * `oai_dc:dc` element per document (mapping in shared/query/formats.ts).
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { type Command, Option } from 'commander';
import {
  csvHeader,
  csvRow,
  dublinCoreFooter,
  dublinCoreHeader,
  dublinCoreRecord,
  jsonLine,
} from '#shared/query/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { type CliIo, processIo, runAction, UsageError } from '../io.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type TargetFlags,
} from '../target.ts';

export const EXPORT_FORMATS = ['jsonl', 'json', 'csv', 'dublin-core'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends TargetFlags {
  format?: ExportFormat;
  json?: boolean;
  jsonl?: boolean;
  out?: string;
  status?: 'ok' | 'failed';
}

/** The export as text chunks, in order. */
export function* exportChunks(
  records: readonly DocumentRecord[],
  format: ExportFormat
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

/** The command body; reads every record, sorts newest first, writes. */
export async function runExport(
  options: ExportOptions,
  io: CliIo = processIo
): Promise<number> {
  const format = resolveFormat(options);
  const target = await openTarget(options, { requires: ['table'] });
  let records: DocumentRecord[] = [];
  try {
    for await (const r of target.query.allRecords({ status: options.status }))
      records.push(r);
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
  records = records.sort((a, b) => {
    const da = a.date ?? '0000';
    const db = b.date ?? '0000';
    return da !== db ? (da < db ? 1 : -1) : a.id.localeCompare(b.id);
  });
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
        'export every record as JSON Lines, JSON, CSV or Dublin Core XML'
      )
      .addOption(
        new Option(
          '--format <format>',
          'output format (default jsonl)'
        ).choices(EXPORT_FORMATS)
      )
      .option('--json', 'same as --format json')
      .option('--jsonl', 'same as --format jsonl')
      .option('--out <file>', 'write to a file instead of stdout')
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
