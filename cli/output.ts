/**
 * How listing commands print: a table on a terminal (plain text otherwise),
 * or `--json` (one array), `--jsonl` (a line per item), `--csv`.
 */
import type { Command } from 'commander';
import {
  csvHeader,
  csvRow,
  type Facets,
  jsonLine,
  type Snippet,
} from '#shared/query/index.ts';
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

/**
 * A fixed-width table, clipped to the terminal's width. Cells hold text
 * from pages, so control characters are shown escaped (`printable`).
 */
export function renderTable<T>(
  items: readonly T[],
  columns: readonly Column<T>[],
  width = process.stdout.columns || 120
): string {
  const cells = items.map((item) =>
    columns.map((c) => printable(c.value(item).replace(/\s+/g, ' ').trim()))
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
  cursor: string | null,
  extra: { facets?: Facets; snippets?: Record<string, Snippet> } = {}
): void {
  switch (format) {
    case 'json':
      io.stdout(`${JSON.stringify({ items, cursor, ...extra }, null, 2)}\n`);
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
      if (extra.snippets && items.length > 0) {
        io.stdout('\n');
        for (const item of items) {
          const snippet = extra.snippets[item.id];
          if (snippet) io.stdout(`${item.id}\n  ${markSnippet(snippet)}\n`);
        }
      }
      if (extra.facets) io.stdout(formatFacets(extra.facets));
      if (cursor) io.stderr(`more: --cursor ${cursor}\n`);
  }
}

/** A snippet with its matched words in `**…**` (plain text, any terminal). */
export function markSnippet(snippet: Snippet): string {
  let out = '';
  let at = 0;
  for (const [start, end] of [...snippet.marks].sort((a, b) => a[0] - b[0])) {
    if (start < at || end > snippet.text.length || end <= start) continue;
    out += `${snippet.text.slice(at, start)}**${snippet.text.slice(start, end)}**`;
    at = end;
  }
  return printable(out + snippet.text.slice(at));
}

/** Terminal control characters (text from pages) shown as `\uXXXX`. */
export function printable(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is escaped
    /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/** Facet counts as three lines under a result table. */
export function formatFacets(facets: Facets, width = 10): string {
  const line = (label: string, entries: { label: string; count: number }[]) =>
    entries.length === 0
      ? ''
      : `${label} ${entries
          .slice(0, width)
          .map((e) => `${printable(e.label)} ${e.count}`)
          .join(
            ' · '
          )}${entries.length > width ? ` · … ${entries.length - width} more` : ''}\n`;
  return [
    `\n${facets.total} record${facets.total === 1 ? '' : 's'} match${facets.total === 1 ? 'es' : ''}${facets.complete ? '' : ' (counts cover the newest only: the match is larger)'}\n`,
    line(
      'by type:  ',
      facets.types.map((t) => ({ label: t.value, count: t.count }))
    ),
    line(
      'by year:  ',
      facets.years.map((y) => ({ label: y.value, count: y.count }))
    ),
    line(
      'by person:',
      facets.people.map((p) => ({ label: p.name, count: p.count }))
    ),
  ].join('');
}
