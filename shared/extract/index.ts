/**
 * text → record. Pure and deterministic: no I/O, no clock, no randomness.
 * A throw inside a rule is a defect, surfaced as `ExtractError` (never
 * hidden as an empty record). Every value is read with its span, and the
 * spans are returned in `provenance` keyed by the value's path.
 *
 * Primary course: 1. frame (framed or not; date line, title, body,
 * summary, tail) 2. title, or without the frame the document's own heading
 * → type and people 3. telegram header and distribution 4. lines the
 * header forms take 5. letter, signatures, endorsements 6. numbered
 * requests and quantities 7. citations 8. cross-field checks → warnings
 * 9. review flags for what was seen but not read. 10. control characters
 * removed from every value (`stripControls`).
 */
import { ExtractError } from '#shared/errors/index.ts';
import type {
  Extraction,
  Provenance,
  WarningCode,
} from '#shared/schema/record.ts';
import { readCitations } from './citations.ts';
import { dayMonthOrder, documentDate, isoDate } from './dates.ts';
import { readDistribution } from './distribution.ts';
import { HEADER_KINDS, lineKind } from './forms.ts';
import { readFrame } from './frame.ts';
import {
  firstProseLine,
  readEndorsements,
  readLetter,
  readSignatures,
  signedWith,
} from './letter.ts';
import { normalizeName } from './names.ts';
import { findIdentifications } from './people.ts';
import { readRequests } from './requests.ts';
import { reviewFlags } from './review.ts';
import { readHeader } from './telegram.ts';
import { type Found, type Line, splitLines, stripControls } from './text.ts';
import { readHeading, readTitle, titleType } from './title.ts';

export { PARSER_VERSION } from './version.ts';

/** Pages longer than this are read only up to it (the rest is kept as text). */
const MAX_CHARS = 2_000_000;

/**
 * Extracts the record of one decoded archive page.
 *
 * @throws ExtractError (the rule's error as `cause`) when a rule throws: a
 * defect to fix, which the pipeline records as an `extract-error` failure
 * rather than an ok record with empty fields.
 */
export function extract(input: string): Extraction {
  const text =
    typeof input === 'string' ? input.slice(0, MAX_CHARS) : String(input);
  try {
    // values carry no control characters (the text keeps them: spans)
    return stripControls(extractUnsafe(text));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ExtractError(`extraction failed: ${message}`, { cause: error });
  }
}

/** A record with no values (every field null or empty). */
export function emptyExtraction(): Extraction {
  return {
    title: null,
    date: null,
    documentType: 'other',
    authors: [],
    recipients: [],
    via: [],
    participants: [],
    signatories: [],
    telegram: null,
    letter: null,
    requests: [],
    summary: null,
    sources: [],
    warnings: [],
    review: [],
    endorsements: [],
    identifications: [],
    rights: null,
    archiveRecordId: null,
    uploadedDate: null,
    provenance: {},
  };
}

function extractUnsafe(text: string): Extraction {
  const provenance: Provenance = {};
  const put = <T>(path: string, f: Found<T> | null): T | null => {
    if (!f) return null;
    provenance[path] = f.span;
    return f.value;
  };
  const putAll = <T>(path: string, list: readonly Found<T>[]): T[] =>
    list.map((f, i) => {
      provenance[`${path}.${i}`] = f.span;
      return f.value;
    });

  const lines = splitLines(text);
  const frame = readFrame(text, lines);
  const { bodyStart, bodyEnd } = frame;
  const firstProse = firstProseLine(lines, bodyStart, bodyEnd);
  // without the frame's date line, the document's own date anchors the
  // others, and the page's numeric dates settle their day/month order
  // (read from the top: the body may start below a date line)
  const docDate = frame.framed ? null : documentDate(lines, 0, bodyEnd);
  const anchor = frame.framed
    ? (frame.date?.value ?? null)
    : (docDate?.value ?? null);
  const order = frame.framed
    ? null
    : dayMonthOrder(lines.slice(bodyStart, bodyEnd).map((l) => l.text));

  const distribution = readDistribution(lines, bodyStart, bodyEnd);
  // without the frame, the document's own heading gives type and people
  const heading = frame.framed
    ? null
    : // read from the top: the frame may take a dateline for a date line
      readHeading(text, lines, 0, bodyEnd);
  const isLetterTitle =
    frame.title !== null
      ? titleType(frame.title.value) === 'letter'
      : heading?.documentType === 'letter';
  let letter = readLetter(text, lines, bodyStart, bodyEnd, isLetterTitle);
  // Lines taken by the header and distribution forms (forms.ts), shared by
  // the readers of points and signatures, so that no line is read twice
  // and the order of the readers does not decide what a line is.
  const taken = takenLines(lines, bodyStart, bodyEnd, distribution?.lines);
  // a quoted letter's signature is the letter's, not the document's
  const inLetter = (i: number) =>
    letter?.quoted && i >= letter.from && i <= letter.to;
  const signatures = readSignatures(
    lines,
    bodyStart,
    bodyEnd,
    firstProse,
    (i) => inLetter(i) || taken.has(i),
    frame.truncated
  );
  // names as the page signs them, before any identification
  const signatureKeys = new Set(
    signatures.map((s) => normalizeName(s.written))
  );

  // the raw title line, so that name spans are exact offsets into the page
  const title = frame.title
    ? readTitle(
        text.slice(frame.title.span.start, frame.title.span.end),
        frame.title.span.start,
        signatureKeys
      )
    : null;
  const documentType = title?.documentType ?? heading?.documentType ?? 'other';

  const header = readHeader(lines, bodyStart, bodyEnd, firstProse, anchor, {
    order,
  });
  const hasTelegram =
    documentType === 'telegram' ||
    header.hasHeaderLines ||
    distribution !== null;

  const requests = readRequests(text, lines, bodyStart, bodyEnd, (i) =>
    taken.has(i)
  );
  const citations =
    frame.infoStart >= 0
      ? readCitations(lines, frame.infoStart + 1, lines.length)
      : [];

  const record = emptyExtraction();
  record.title = put('title', frame.title);
  const date = frame.framed ? frame.date : docDate;
  if (date) {
    record.date = isoDate(date.value);
    provenance.date = date.span;
  }
  record.documentType = documentType;
  if (title) {
    record.authors = putAll('authors', title.authors);
    record.recipients = putAll('recipients', title.recipients);
    record.via = putAll('via', title.via);
    if (documentType === 'conversation' || documentType === 'minutes')
      record.participants = putAll('participants', title.participants);
  } else if (heading) {
    // the heading's writer, else its From line, else the document's signature
    record.authors = putAll(
      'authors',
      heading.authors.length > 0
        ? heading.authors
        : signatures.map(({ value, span }) => ({ value, span }))
    );
    record.recipients = putAll('recipients', heading.recipients);
    if (documentType === 'conversation' || documentType === 'minutes')
      record.participants = putAll('participants', heading.participants);
  }
  record.signatories = putAll(
    'signatories',
    signatures.map(({ value, span }) => ({ value, span }))
  );

  if (hasTelegram) {
    const number =
      header.number ?? title?.number ?? header.fallbackNumber ?? null;
    record.telegram = {
      number: put('telegram.number', number),
      origin: put('telegram.origin', header.origin),
      sentAt: put('telegram.sentAt', header.times.sentAt ?? null),
      receivedAt: put('telegram.receivedAt', header.times.receivedAt ?? null),
      arrivedAt: put('telegram.arrivedAt', header.times.arrivedAt ?? null),
      decipheredAt: put(
        'telegram.decipheredAt',
        header.times.decipheredAt ?? null
      ),
      decipheredBy: put('telegram.decipheredBy', header.decipheredBy),
      distribution: null,
      outgoingNumber: put('telegram.outgoingNumber', header.outgoingNumber),
      typedBy: put('telegram.typedBy', header.typedBy),
    };
    if (distribution) {
      record.telegram.distribution = {
        copies: put('telegram.distribution.copies', distribution.copies),
        recipients: distribution.recipients.map((r, i) => {
          provenance[`telegram.distribution.recipients.${i}.name`] =
            r.name.span;
          return { name: r.name.value, copies: r.copies };
        }),
      };
    }
  }

  if (letter && !letter.quoted && !letter.signedBy) {
    const after = letter.salutation.span.end;
    const sig = signatures.find((s) => s.span.start > after);
    if (sig) letter = signedWith(text, lines, letter, sig);
  }
  if (letter) {
    record.letter = {
      salutation: put('letter.salutation', letter.salutation),
      signedBy: put('letter.signedBy', letter.signedBy),
      body: put('letter.body', letter.body),
    };
  }

  record.requests = requests.map((r, i) => {
    provenance[`requests.${i}.number`] = r.number.span;
    provenance[`requests.${i}.text`] = r.text.span;
    return {
      number: r.number.value,
      text: r.text.value,
      quantities: r.quantities.map((q, k) => {
        provenance[`requests.${i}.quantities.${k}`] = q.span;
        return q.value;
      }),
    };
  });
  record.summary = put('summary', frame.summary);
  record.sources = putAll('sources', citations);
  record.endorsements = putAll(
    'endorsements',
    readEndorsements(lines, bodyStart, bodyEnd)
  );
  record.identifications = findIdentifications(text).map((id, i) => {
    provenance[`identifications.${i}`] = id.name.span;
    return { alias: id.alias, name: id.name.value };
  });
  record.rights = put('rights', frame.rights);
  record.archiveRecordId = put('archiveRecordId', frame.archiveRecordId);
  record.uploadedDate = put('uploadedDate', frame.uploadedDate);
  // a page with no frame and nothing of a document read from it does not
  // look like an archive page at all
  const unknownLayout =
    !frame.framed &&
    record.date === null &&
    record.documentType === 'other' &&
    record.telegram === null &&
    record.letter === null;
  record.warnings = checks(record, frame.truncated, unknownLayout);
  if (docDate?.ambiguous || header.ambiguousDates.length > 0)
    record.warnings.push('ambiguous-date');
  // what was seen but not understood: after every reader, before its spans
  record.review = reviewFlags({
    lines,
    bodyStart,
    bodyEnd,
    provenance: { ...provenance },
    readLines: distribution?.lines ?? new Set(),
    record,
  }).map((f, i) => {
    provenance[`review.${i}.text`] = f.text.span;
    return { code: f.code, text: f.text.value, span: f.text.span };
  });
  for (const f of record.review)
    if (!record.warnings.includes(f.code)) record.warnings.push(f.code);
  record.warnings.sort();
  record.provenance = provenance;
  return record;
}

/**
 * The body lines that the header and distribution forms take: the lines
 * the distribution reader read, and every line whose form is a header or
 * closing form. Neither a point nor a signature is read from them.
 */
function takenLines(
  lines: readonly Line[],
  from: number,
  to: number,
  distribution: ReadonlySet<number> | undefined
): ReadonlySet<number> {
  const taken = new Set<number>(distribution);
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 300) continue;
    const kind = lineKind(line.text);
    if (kind && (HEADER_KINDS.has(kind) || kind === 'outgoing-number'))
      taken.add(i);
  }
  return taken;
}

/**
 * Deterministic cross-field checks. What does not add up is flagged as a
 * warning; nothing here rejects a record.
 */
export function checks(
  record: Extraction,
  truncated: boolean,
  unknownLayout: boolean
): WarningCode[] {
  const warnings = new Set<WarningCode>();
  const d = record.telegram?.distribution;
  if (d && d.copies !== null && d.recipients.length > 0) {
    const sum = d.recipients.reduce((a, r) => a + r.copies, 0);
    if (sum !== d.copies) warnings.add('distribution-copies-mismatch');
  }
  const t = record.telegram;
  if (t) {
    if (before(t.decipheredAt, t.receivedAt)) warnings.add('time-order');
    if (t.decipheredAt && before(t.receivedAt, t.sentAt))
      warnings.add('time-order');
  }
  let expected = 1;
  for (const r of record.requests) {
    if (r.number !== expected) warnings.add('request-numbering-gap');
    expected = r.number + 1;
  }
  if (truncated) warnings.add('truncated');
  if (unknownLayout) warnings.add('low-confidence');
  return [...warnings].sort();
}

/** a < b, comparing only as precisely as both are written. */
function before(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) < b.slice(0, n);
}
