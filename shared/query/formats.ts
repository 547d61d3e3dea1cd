/**
 * Output formats for records: CSV rows, JSON Lines and Dublin Core XML.
 * Each format is a header, one chunk per record and a footer, so exports
 * stream instead of holding every record in memory.
 */
import type { Citation, DocumentRecord } from '#shared/schema/record.ts';

// ---- CSV ---------------------------------------------------------------

export const CSV_COLUMNS = [
  'id',
  'date',
  'type',
  'title',
  'authors',
  'recipients',
  'via',
  'participants',
  'signatories',
  'telegram',
  'warnings',
  'status',
  'source',
  'summary',
] as const;

/**
 * One CSV cell (RFC 4180 quoting). A text cell that a spreadsheet would run
 * as a formula (`=`, `+`, `@`, or `-` not starting a number) gets a leading
 * apostrophe, as OWASP advises for CSV exports.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+@\t\r]|^-(?![\d.])/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(record: DocumentRecord): string {
  const list = (names: readonly string[]) => names.join('; ');
  const cells = [
    record.id,
    record.date,
    record.documentType,
    record.title,
    list(record.authors),
    list(record.recipients),
    list(record.via),
    list(record.participants),
    list(record.signatories),
    record.telegram?.number ?? null,
    list(record.warnings),
    record.status,
    record.source.key ?? record.source.path ?? null,
    record.summary,
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

// ---- Dublin Core -------------------------------------------------------

/**
 * Escapes text for XML content and attributes, dropping characters XML 1.0
 * does not allow at all (control characters, lone surrogates, U+FFFE/F).
 */
export function xmlEscape(text: string): string {
  return text
    .replace(
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, so they are removed on purpose
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      ''
    )
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A citation as one line: `APRF, fond 45, opis 1, delo 347, listy 72-73`. */
export function formatCitation(c: Citation): string {
  const parts: string[] = [c.archive];
  for (const [label, value] of [
    ['fond', c.fond],
    ['opis', c.opis],
    ['papka', c.papka],
    ['delo', c.delo],
    ['listy', c.listy],
  ] as const) {
    if (value) parts.push(`${label} ${value}`);
  }
  return parts.join(', ');
}

export function dublinCoreHeader(): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<records xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"',
    '         xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '',
  ].join('\n');
}

export function dublinCoreFooter(): string {
  return '</records>\n';
}

/**
 * One `oai_dc:dc` element. Mapping: creator = authors; contributor =
 * recipients, via and participants who are not creators (signatories are
 * left out: they are the authors again, often spelled differently);
 * type = DCMI `Text` plus the document type; identifier = record id, the
 * archive's record id and the source object URI; source = archival
 * citations; description = summary; relation = the document this one
 * duplicates and the derived full text.
 */
export function dublinCoreRecord(record: DocumentRecord): string {
  const fields: [string, string | null | undefined][] = [];
  const add = (
    name: string,
    values: readonly (string | null | undefined)[]
  ) => {
    for (const v of values) if (v) fields.push([name, v]);
  };
  add('title', [record.title ?? record.source.key ?? record.id]);
  add('date', [record.date]);
  add('creator', record.authors);
  const creators = new Set(record.authors);
  add(
    'contributor',
    [
      ...new Set([...record.recipients, ...record.via, ...record.participants]),
    ].filter((n) => !creators.has(n))
  );
  add('type', ['Text', record.documentType]);
  add('identifier', [
    record.id,
    record.archiveRecordId ? `archive:${record.archiveRecordId}` : null,
    record.source.uri,
  ]);
  add('source', record.sources.map(formatCitation));
  add('description', [
    record.summary,
    record.status === 'failed' && record.failure
      ? `Not processed: ${record.failure.reason} (${record.failure.message})`
      : null,
  ]);
  add('rights', [record.rights]);
  add('relation', [
    record.duplicateOf ? `duplicate-of:${record.duplicateOf}` : null,
    record.text?.uri,
  ]);
  const body = fields
    .map(
      ([name, value]) =>
        `    <dc:${name}>${xmlEscape(value ?? '')}</dc:${name}>`
    )
    .join('\n');
  return `  <oai_dc:dc>\n${body}\n  </oai_dc:dc>\n`;
}
