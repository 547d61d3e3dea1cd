/**
 * A record as readable sections: which fields the page shows, under which
 * label, and which provenance path (`telegram.number`, `authors.0`,
 * `requests.1.quantities.0`) each shown value was read from. Each value of
 * a scored field also says how it is corrected (`edit`), and each list
 * how an entry is added (`add`, `adds`); with `editing`, empty scored
 * fields are shown too, so they can be filled. Pure data, so it is tested
 * without a browser.
 */
import { formatCitation } from '#shared/query/formats.ts';
import { EMPTY_TELEGRAM } from '#shared/schema/empty-telegram.ts';
import type {
  DocumentRecord,
  Provenance,
  Quantity,
} from '#shared/schema/record.ts';
import type { AddTarget, EditTarget, ValueKind } from './edits.ts';

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
  /** Set on a scored field's value: how the person corrects it. */
  edit?: EditTarget;
  /** A placeholder for a field with no value (shown when editing). */
  empty?: boolean;
}

export interface FieldRow {
  label: string;
  values: FieldValue[];
  /** Set on a list the person may add to (`authors`). */
  add?: AddTarget;
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
  /** Lists of the table the person may add to (a request, a quantity). */
  adds?: AddTarget[];
}

/** How the sections are built. */
export interface SectionOptions {
  /**
   * Show empty scored fields (as `—`, with their `edit`) and empty lists
   * (with their `add`), so a correction can fill them.
   */
  editing?: boolean;
}

/** What an empty field shows while editing. */
export const EMPTY_TEXT = '—';

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
export function recordSections(
  record: DocumentRecord,
  { editing = false }: SectionOptions = {}
): Section[] {
  const prov: Provenance = record.provenance ?? {};
  const value = (
    text: string,
    path: string,
    label: string,
    edit?: EditTarget
  ): FieldValue => ({
    text: shorten(text),
    path: prov[path] ? path : null,
    label,
    ...(edit ? { edit } : {}),
  });
  /** A value that names a person (searched for by `name`). */
  const person = (
    text: string,
    path: string,
    label: string,
    name = text,
    edit?: EditTarget
  ): FieldValue => ({ ...value(text, path, label, edit), person: name });
  /** How a scalar is corrected; a scalar may be emptied. */
  const settable = (path: string, kind: ValueKind, now: unknown) => ({
    path,
    kind,
    value: now ?? null,
    nullable: true,
  });
  /** How an entry of a list is corrected or removed (never emptied). */
  const entry = (
    path: string,
    kind: ValueKind,
    now: unknown,
    remove: string
  ): EditTarget => ({ path, kind, value: now, nullable: false, remove });
  /** The placeholder of an empty scored field (editing only). */
  const empty = (label: string, edit: EditTarget): FieldValue => ({
    text: EMPTY_TEXT,
    path: null,
    label,
    edit,
    empty: true,
  });
  /**
   * One row of one value. With `kind` the field is scored and correctable;
   * empty, it shows only while editing.
   */
  const scalar = (
    label: string,
    text: string | number | null | undefined,
    path: string,
    format: (s: string) => string = (s) => s,
    kind?: ValueKind,
    isPerson = false
  ): FieldRow | null => {
    const edit = kind ? settable(path, kind, text) : undefined;
    if (text === null || text === undefined || text === '') {
      return editing && edit ? { label, values: [empty(label, edit)] } : null;
    }
    const shown = format(String(text));
    return {
      label,
      values: [
        isPerson
          ? person(shown, path, label, String(text), edit)
          : value(shown, path, label, edit),
      ],
    };
  };
  /** A list of texts; with `add`, a scored list of names. */
  const list = (
    label: string,
    one: string,
    names: readonly string[],
    path: string,
    add?: string
  ): FieldRow | null => {
    if (names.length === 0 && !(editing && add)) return null;
    return {
      label,
      values: names.map((name, i) => {
        const at = `${path}.${i}`;
        const itemLabel = names.length > 1 ? `${one} ${i + 1}` : one;
        return add
          ? person(name, at, itemLabel, name, entry(at, 'name', name, at))
          : value(name, at, itemLabel);
      }),
      ...(add ? { add: { path, kind: 'name' as const, label: add } } : {}),
    };
  };
  const people = (
    label: string,
    one: string,
    names: readonly string[],
    path: string,
    add: string
  ) => list(label, one, names, path, add);
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
      scalar('Title', record.title, 'title', undefined, 'text'),
      scalar('Date', record.date, 'date', undefined, 'date'),
      scalar('Type', record.documentType, 'documentType', undefined, 'type'),
      people('Authors', 'Author', record.authors, 'authors', 'Add an author'),
      people(
        'Recipients',
        'Recipient',
        record.recipients,
        'recipients',
        'Add a recipient'
      ),
      people('Via', 'Via', record.via, 'via', 'Add a name under Via'),
      people(
        'Participants',
        'Participant',
        record.participants,
        'participants',
        'Add a participant'
      ),
      people(
        'Signatories',
        'Signatory',
        record.signatories,
        'signatories',
        'Add a signatory'
      ),
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
      scalar('Summary', record.summary, 'summary', undefined, 'text'),
      list('Endorsements', 'Endorsement', record.endorsements, 'endorsements'),
      scalar('Archive record', record.archiveRecordId, 'archiveRecordId'),
      scalar('Uploaded', record.uploadedDate, 'uploadedDate'),
      scalar('Rights', record.rights, 'rights')
    ),
  });

  // while editing, a telegram (or letter) the extractor did not read
  // still shows its fields, so they can be filled
  const t =
    record.telegram ??
    (editing && record.documentType === 'telegram' ? EMPTY_TELEGRAM : null);
  if (t) {
    const time = (label: string, at: string | null, path: string) =>
      scalar(label, at, path, formatDateTime, 'datetime');
    sections.push({
      title: 'Telegram header',
      rows: rows(
        scalar('Number', t.number, 'telegram.number', undefined, 'text'),
        scalar('Origin', t.origin, 'telegram.origin', undefined, 'text'),
        time('Sent', t.sentAt, 'telegram.sentAt'),
        time('Received', t.receivedAt, 'telegram.receivedAt'),
        time('Arrived', t.arrivedAt, 'telegram.arrivedAt'),
        time('Deciphered', t.decipheredAt, 'telegram.decipheredAt'),
        scalar(
          'Deciphered by',
          t.decipheredBy,
          'telegram.decipheredBy',
          undefined,
          'name'
        ),
        scalar(
          'Outgoing number',
          t.outgoingNumber,
          'telegram.outgoingNumber',
          undefined,
          'text'
        ),
        scalar('Typed by', t.typedBy, 'telegram.typedBy', undefined, 'name')
      ),
    });
    const d =
      t.distribution ?? (editing ? { copies: null, recipients: [] } : null);
    if (d) {
      const base = 'telegram.distribution';
      sections.push({
        title: 'Distribution list',
        rows: rows(
          scalar('Copies in all', d.copies, `${base}.copies`, undefined, 'int')
        ),
        table: {
          columns: ['Recipient', 'Copies'],
          rows: d.recipients.map((r, i) => {
            const at = `${base}.recipients.${i}`;
            return [
              person(
                r.name,
                `${at}.name`,
                `Copy recipient ${i + 1}`,
                r.name,
                entry(`${at}.name`, 'name', r.name, at)
              ),
              value(
                String(r.copies),
                `${at}.copies`,
                `Copies for ${r.name}`,
                entry(`${at}.copies`, 'int', r.copies, at)
              ),
            ];
          }),
        },
        adds: [
          {
            path: `${base}.recipients`,
            kind: 'distribution',
            label: 'Add a distribution entry',
          },
        ],
      });
    }
  }

  const l =
    record.letter ??
    (editing && record.documentType === 'letter'
      ? { salutation: null, signedBy: null, body: null }
      : null);
  if (l && (editing || l.salutation || l.signedBy || l.body)) {
    sections.push({
      title: 'Letter',
      rows: rows(
        scalar(
          'Salutation',
          l.salutation,
          'letter.salutation',
          undefined,
          'text'
        ),
        scalar('Body', l.body, 'letter.body'),
        scalar(
          'Signed by',
          l.signedBy,
          'letter.signedBy',
          undefined,
          'name',
          true
        )
      ),
    });
  }

  if (record.requests.length > 0 || editing) {
    sections.push({
      title: 'Requests',
      rows: [],
      table: {
        columns: ['No.', 'Request', 'Quantities'],
        rows: record.requests.map((r, i) => {
          const at = `requests.${i}`;
          const quantities = r.quantities.map((q, j) =>
            value(
              formatQuantity(q),
              `${at}.quantities.${j}`,
              `Request ${r.number}, quantity ${j + 1}`,
              entry(
                `${at}.quantities.${j}`,
                'quantity',
                q,
                `${at}.quantities.${j}`
              )
            )
          );
          return [
            value(
              String(r.number),
              `${at}.number`,
              `Request ${r.number} number`,
              entry(`${at}.number`, 'int', r.number, at)
            ),
            value(
              r.text,
              `${at}.text`,
              `Request ${r.number}`,
              entry(`${at}.text`, 'text', r.text, at)
            ),
            quantities.length > 0 ? quantities : '—',
          ];
        }),
      },
      adds: [
        { path: 'requests', kind: 'request', label: 'Add a request' },
        ...record.requests.map(
          (r, i): AddTarget => ({
            path: `requests.${i}.quantities`,
            kind: 'quantity',
            label: `Add a quantity to request ${r.number}`,
          })
        ),
      ],
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

/**
 * Every correctable path of the sections with its label: values' paths,
 * the entries they belong to, and the lists that take new entries (for
 * the corrections list, which names the field each correction changed).
 */
export function editLabels(sections: readonly Section[]): Map<string, string> {
  const labels = new Map<string, string>();
  const add = (cell: Cell) => {
    for (const v of Array.isArray(cell) ? cell : [cell]) {
      if (typeof v === 'string' || !v.edit) continue;
      labels.set(v.edit.path, v.label);
      if (v.edit.remove && !labels.has(v.edit.remove)) {
        labels.set(v.edit.remove, v.label);
      }
    }
  };
  for (const s of sections) {
    for (const r of s.rows) {
      r.values.forEach(add);
      if (r.add) labels.set(r.add.path, r.label);
    }
    for (const row of s.table?.rows ?? []) row.forEach(add);
    for (const a of s.adds ?? []) {
      if (!labels.has(a.path)) labels.set(a.path, s.title);
    }
  }
  return labels;
}
