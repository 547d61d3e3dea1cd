/**
 * A record as readable sections: which fields the page shows, under which
 * label, and which provenance path (`telegram.number`, `authors.0`,
 * `requests.1.quantities.0`) each shown value was read from. Pure data, so
 * it is tested without a browser.
 */
import { formatCitation } from '#shared/query/formats.ts';
import type {
  DocumentRecord,
  Provenance,
  Quantity,
} from '#shared/schema/record.ts';

/** One shown value; `path` is set when the record says where it was read. */
export interface FieldValue {
  text: string;
  path: string | null;
  /** Label for "which field is this" (e.g. "Author 1"). */
  label: string;
  /**
   * Set when the value names a person: the name to search for
   * (`person=<name>`), so the page links it to that person's records.
   */
  person?: string;
}

export interface FieldRow {
  label: string;
  values: FieldValue[];
}

/** A table cell: one value, several values, or plain text. */
export type Cell = FieldValue | FieldValue[] | string;

export interface FieldTable {
  columns: string[];
  rows: Cell[][];
}

export interface Section {
  title: string;
  rows: FieldRow[];
  table?: FieldTable;
}

/** Review flag codes as row labels (RECORD.md: not scored, for a person). */
const REVIEW_LABELS: Record<string, string> = {
  'unread-header-line': 'Unread header line',
  'unknown-page-kind': 'Kind not recognised',
};

/** Values longer than this are cut in the table (the span shows all). */
export const MAX_SHOWN = 240;

/** `1950-10-09T07:05` → `1950-10-09 07:05`. */
export function formatDateTime(value: string): string {
  return value.replace('T', ' ');
}

/** `{min: 200, max: 300, unit: 'pilots'}` → `200–300 pilots`. */
export function formatQuantity(q: Quantity): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const amount = q.min === q.max ? n(q.min) : `${n(q.min)}–${n(q.max)}`;
  return q.unit ? `${amount} ${q.unit}` : amount;
}

function shorten(text: string): string {
  return text.length > MAX_SHOWN
    ? `${text.slice(0, MAX_SHOWN - 1).trimEnd()}…`
    : text;
}

/**
 * Builds the sections of the record view. Empty fields are left out, so a
 * letter shows no telegram header and a failure record shows its failure.
 *
 * @param record the stored record (with its provenance)
 */
export function recordSections(record: DocumentRecord): Section[] {
  const prov: Provenance = record.provenance ?? {};
  const value = (
    text: string,
    path: string,
    label: string,
    cut = true
  ): FieldValue => ({
    text: cut ? shorten(text) : text,
    path: prov[path] ? path : null,
    label,
  });
  /** A value that names a person (searched for by `name`). */
  const person = (
    text: string,
    path: string,
    label: string,
    name = text
  ): FieldValue => ({ ...value(text, path, label), person: name });
  const scalar = (
    label: string,
    text: string | number | null | undefined,
    path: string,
    format: (s: string) => string = (s) => s
  ): FieldRow | null =>
    text === null || text === undefined || text === ''
      ? null
      : { label, values: [value(format(String(text)), path, label)] };
  const list = (
    label: string,
    one: string,
    names: readonly string[],
    path: string,
    make: (text: string, path: string, label: string) => FieldValue = value
  ): FieldRow | null =>
    names.length === 0
      ? null
      : {
          label,
          values: names.map((name, i) =>
            make(
              name,
              `${path}.${i}`,
              names.length > 1 ? `${one} ${i + 1}` : one
            )
          ),
        };
  const people = (
    label: string,
    one: string,
    names: readonly string[],
    path: string
  ) => list(label, one, names, path, person);
  const rows = (...items: (FieldRow | null)[]) =>
    items.filter((r): r is FieldRow => r !== null);

  const sections: Section[] = [];
  if (record.status === 'failed' && record.failure) {
    sections.push({
      title: 'Not processed',
      rows: [
        {
          label: 'Reason',
          values: [value(record.failure.reason, '', 'Reason')],
        },
        {
          label: 'Detail',
          values: [value(record.failure.message, '', 'Detail')],
        },
        {
          label: 'Attempts',
          values: [value(String(record.failure.attempts), '', 'Attempts')],
        },
      ],
    });
  }

  // what the extractor saw but did not understand: each line is a value
  // with its span, so it is marked in the source like any field
  const review = record.review ?? [];
  if (review.length > 0) {
    sections.push({
      title: 'Needs review',
      rows: review.map((f, i) => {
        const label = REVIEW_LABELS[f.code] ?? f.code;
        return {
          label,
          values: [value(f.text, `review.${i}.text`, `${label} ${i + 1}`)],
        };
      }),
    });
  }

  sections.push({
    title: 'Document',
    rows: rows(
      scalar('Title', record.title, 'title'),
      scalar('Date', record.date, 'date'),
      scalar('Type', record.documentType, 'documentType'),
      people('Authors', 'Author', record.authors, 'authors'),
      people('Recipients', 'Recipient', record.recipients, 'recipients'),
      people('Via', 'Via', record.via, 'via'),
      people(
        'Participants',
        'Participant',
        record.participants,
        'participants'
      ),
      people('Signatories', 'Signatory', record.signatories, 'signatories'),
      record.identifications.length === 0
        ? null
        : {
            label: 'Code names',
            // the code name stands for the person: link to their records
            values: record.identifications.map((id, i) =>
              person(
                `${id.alias} = ${id.name}`,
                `identifications.${i}`,
                `Code name ${i + 1}`,
                id.name
              )
            ),
          },
      scalar('Summary', record.summary, 'summary'),
      list('Endorsements', 'Endorsement', record.endorsements, 'endorsements'),
      scalar('Archive record', record.archiveRecordId, 'archiveRecordId'),
      scalar('Uploaded', record.uploadedDate, 'uploadedDate'),
      scalar('Rights', record.rights, 'rights')
    ),
  });

  const t = record.telegram;
  if (t) {
    sections.push({
      title: 'Telegram header',
      rows: rows(
        scalar('Number', t.number, 'telegram.number'),
        scalar('Origin', t.origin, 'telegram.origin'),
        scalar('Sent', t.sentAt, 'telegram.sentAt', formatDateTime),
        scalar('Received', t.receivedAt, 'telegram.receivedAt', formatDateTime),
        scalar('Arrived', t.arrivedAt, 'telegram.arrivedAt', formatDateTime),
        scalar(
          'Deciphered',
          t.decipheredAt,
          'telegram.decipheredAt',
          formatDateTime
        ),
        scalar('Deciphered by', t.decipheredBy, 'telegram.decipheredBy'),
        scalar('Outgoing number', t.outgoingNumber, 'telegram.outgoingNumber'),
        scalar('Typed by', t.typedBy, 'telegram.typedBy')
      ),
    });
    const d = t.distribution;
    if (d) {
      const base = 'telegram.distribution';
      sections.push({
        title: 'Distribution list',
        rows: rows(scalar('Copies in all', d.copies, `${base}.copies`)),
        table: {
          columns: ['Recipient', 'Copies'],
          rows: d.recipients.map((r, i) => [
            person(
              r.name,
              `${base}.recipients.${i}.name`,
              `Copy recipient ${i + 1}`
            ),
            value(
              String(r.copies),
              `${base}.recipients.${i}.copies`,
              `Copies for ${r.name}`
            ),
          ]),
        },
      });
    }
  }

  const l = record.letter;
  if (l && (l.salutation || l.signedBy || l.body)) {
    sections.push({
      title: 'Letter',
      rows: rows(
        scalar('Salutation', l.salutation, 'letter.salutation'),
        scalar('Body', l.body, 'letter.body'),
        l.signedBy
          ? {
              label: 'Signed by',
              values: [person(l.signedBy, 'letter.signedBy', 'Signed by')],
            }
          : null
      ),
    });
  }

  if (record.requests.length > 0) {
    sections.push({
      title: 'Requests',
      rows: [],
      table: {
        columns: ['No.', 'Request', 'Quantities'],
        rows: record.requests.map((r, i) => {
          const quantities = r.quantities.map((q, j) =>
            value(
              formatQuantity(q),
              `requests.${i}.quantities.${j}`,
              `Request ${r.number}, quantity ${j + 1}`
            )
          );
          return [
            value(
              String(r.number),
              `requests.${i}.number`,
              `Request ${r.number} number`
            ),
            value(r.text, `requests.${i}.text`, `Request ${r.number}`),
            quantities.length > 0 ? quantities : '—',
          ];
        }),
      },
    });
  }

  if (record.sources.length > 0) {
    sections.push({
      title: 'Citations',
      rows: [
        {
          label: 'Archive',
          values: record.sources.map((c, i) =>
            value(formatCitation(c), `sources.${i}`, `Citation ${i + 1}`)
          ),
        },
      ],
    });
  }
  return sections;
}

/** Every labelled provenance path of the sections (path → label). */
export function fieldLabels(sections: readonly Section[]): Map<string, string> {
  const labels = new Map<string, string>();
  const add = (cell: Cell) => {
    for (const v of Array.isArray(cell) ? cell : [cell]) {
      if (typeof v !== 'string' && v.path) labels.set(v.path, v.label);
    }
  };
  for (const s of sections) {
    for (const r of s.rows) r.values.forEach(add);
    for (const row of s.table?.rows ?? []) row.forEach(add);
  }
  return labels;
}
