/**
 * How listing commands print: a table on a terminal (plain text otherwise),
 * or `--json` (one array), `--jsonl` (a line per item), `--csv`.
 */
import type { Command } from 'commander';
import { csvHeader, csvRow, jsonLine } from '#shared/query/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { type CliIo, UsageError } from './io.ts';

export type ListFormat = 'table' | 'json' | 'jsonl' | 'csv';

export interface FormatFlags {
  json?: boolean;
  jsonl?: boolean;
  csv?: boolean;
}

/** Adds --json and --jsonl (and --csv when `csv`) to a listing command. */
export function addFormatOptions(command: Command, csv = false): Command {
  command
    .option('--json', 'print one JSON document')
    .option('--jsonl', 'print JSON Lines, one item per line');
  if (csv) command.option('--csv', 'print CSV with a header row');
  return command;
}

/** The chosen format; more than one flag is a usage error. */
export function chosenFormat(flags: FormatFlags): ListFormat {
  const chosen = (['json', 'jsonl', 'csv'] as const).filter((f) => flags[f]);
  if (chosen.length > 1) {
    throw new UsageError(
      `choose one output format, not ${chosen.map((f) => `--${f}`).join(' and ')}`
    );
  }
  return chosen[0] ?? 'table';
}

export interface Column<T> {
  header: string;
  value: (item: T) => string;
  /** Width cap; the last column takes what is left. */
  max?: number;
}

const clip = (text: string, width: number) =>
  text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;

/** A fixed-width table, clipped to the terminal's width. */
export function renderTable<T>(
  items: readonly T[],
  columns: readonly Column<T>[],
  width = process.stdout.columns || 120
): string {
  const cells = items.map((item) =>
    columns.map((c) => c.value(item).replace(/\s+/g, ' ').trim())
  );
  const widths = columns.map((c, i) =>
    Math.min(
      c.max ?? Number.POSITIVE_INFINITY,
      Math.max(c.header.length, ...cells.map((row) => row[i]!.length))
    )
  );
  const used = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  widths[widths.length - 1] = Math.max(
    10,
    Math.min(widths.at(-1)!, width - used)
  );
  const line = (row: string[]) =>
    row
      .map((cell, i) => clip(cell, widths[i]!).padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ]
    .map((l) => `${l}\n`)
    .join('');
}

const names = (list: readonly string[]) => list.join(', ');

/** The columns of a record listing. */
export const RECORD_COLUMNS: Column<DocumentRecord>[] = [
  { header: 'DATE', value: (r) => r.date ?? '', max: 10 },
  {
    header: 'TYPE',
    value: (r) => (r.status === 'failed' ? 'FAILED' : r.documentType),
    max: 12,
  },
  { header: 'ID', value: (r) => r.id, max: 36 },
  {
    header: 'PEOPLE',
    value: (r) =>
      r.status === 'failed'
        ? (r.failure?.reason ?? '')
        : names([
            ...new Set([...r.authors, ...r.recipients, ...r.participants]),
          ]),
    max: 34,
  },
  {
    header: 'WARN',
    value: (r) => (r.warnings.length ? String(r.warnings.length) : ''),
    max: 4,
  },
  {
    header: 'TITLE',
    value: (r) => r.title ?? r.source.key ?? '',
  },
];

/**
 * Prints records in the chosen format; with a table, the next-page cursor
 * goes to stderr so stdout stays clean for pipes.
 */
export function printRecords(
  io: CliIo,
  format: ListFormat,
  items: readonly DocumentRecord[],
  cursor: string | null
): void {
  switch (format) {
    case 'json':
      io.stdout(`${JSON.stringify({ items, cursor }, null, 2)}\n`);
      return;
    case 'jsonl':
      for (const item of items) io.stdout(jsonLine(item));
      if (cursor) io.stderr(`next page: --cursor ${cursor}\n`);
      return;
    case 'csv':
      io.stdout(csvHeader());
      for (const item of items) io.stdout(csvRow(item));
      if (cursor) io.stderr(`next page: --cursor ${cursor}\n`);
      return;
    default:
      if (items.length === 0) {
        io.stdout('No records match.\n');
      } else {
        io.stdout(renderTable(items, RECORD_COLUMNS));
      }
      if (cursor) io.stderr(`more: --cursor ${cursor}\n`);
  }
}
