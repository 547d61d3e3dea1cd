/**
 * Reads a record's scored values back from its TEI export: for each value
 * that RECORD.md scores (shared/eval/score.ts counts the same units: each
 * scalar, each list element, each object member), the element that should
 * hold it, found in the body at the value's provenance span (or, for a
 * value the page does not write where a span points, such as the document
 * type or the warnings, in the header), with its value in its text or
 * attributes (`when`, `value`, `quantity`, `ref` to the person's names).
 */
import type { Document, Element } from '@xmldom/xmldom';
import { teiWhen } from '#shared/export/tei.ts';
import {
  type DocumentRecord,
  SCORED_WARNING_CODES,
  type Span,
} from '#shared/schema/record.ts';
import {
  childElements,
  type Located,
  logicalElements,
  teiElements,
} from './tei.ts';

/** Where a value was found: in the body at its span, in the header, or not. */
export type Found = 'body' | 'header' | null;

export interface ValueCheck {
  path: string;
  value: unknown;
  found: Found;
}

const fold = (s: string | null | undefined) =>
  (s ?? '').replace(/\s+/g, ' ').trim();
const tokens = (s: string | null) => (s ?? '').split(/\s+/).filter(Boolean);

/** The names the header gives the entity an element points to with `ref`. */
function entityNames(doc: Document): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const kind of ['person', 'org', 'place']) {
    for (const el of teiElements(doc, kind)) {
      const id = el.getAttribute('xml:id');
      if (id)
        names.set(
          `#${id}`,
          childElements(el).map((c) => fold(c.textContent))
        );
    }
  }
  return names;
}

/**
 * Checks every scored value of `record` in its TEI document.
 *
 * @returns one check per value, in the order of the record's fields
 */
export function checkScoredValues(
  doc: Document,
  record: DocumentRecord
): ValueCheck[] {
  const located = logicalElements(doc);
  const names = entityNames(doc);
  const checks: ValueCheck[] = [];
  const at = (span: Span | undefined, test: (l: Located) => boolean) =>
    span !== undefined &&
    located.some(
      (l) => l.start === span.start && l.end === span.end && test(l)
    );
  const is = (l: Located, name: string, attrs: Record<string, string> = {}) =>
    l.el.localName === name &&
    Object.entries(attrs).every(([k, v]) => l.el.getAttribute(k) === v);
  const textIs = (l: Located, value: string) =>
    fold(l.el.textContent) === fold(value);
  const body = (
    path: string,
    value: unknown,
    test: (l: Located) => boolean,
    header?: () => boolean
  ) => {
    const found: Found = at(record.provenance[path], test)
      ? 'body'
      : header?.()
        ? 'header'
        : null;
    checks.push({ path, value, found });
  };
  const named = (l: Located, role: string, value: string) =>
    ['persName', 'orgName', 'placeName', 'name'].includes(
      l.el.localName ?? ''
    ) &&
    tokens(l.el.getAttribute('role')).includes(role) &&
    ((names.get(l.el.getAttribute('ref') ?? '') ?? []).includes(fold(value)) ||
      fold(l.el.textContent).toLowerCase() === fold(value).toLowerCase());
  const header = (name: string, test: (el: Element) => boolean) => () =>
    teiElements(doc, name).some((el) => !insideBody(el) && test(el));

  if (record.title !== null)
    body(
      'title',
      record.title,
      (l) => is(l, 'title') && textIs(l, record.title ?? '')
    );
  if (record.date !== null)
    body('date', record.date, (l) =>
      is(l, 'date', { type: 'document', when: record.date ?? '' })
    );
  checks.push({
    path: 'documentType',
    value: record.documentType,
    found: header(
      'term',
      (el) =>
        el.getAttribute('type') === 'documentType' &&
        fold(el.textContent) === record.documentType
    )()
      ? 'header'
      : null,
  });
  const roles = [
    ['authors', 'author'],
    ['recipients', 'recipient'],
    ['via', 'intermediary'],
    ['participants', 'participant'],
    ['signatories', 'signatory'],
  ] as const;
  for (const [field, role] of roles) {
    record[field].forEach((v, i) => {
      body(`${field}.${i}`, v, (l) => named(l, role, v));
    });
  }
  const t = record.telegram;
  if (t) {
    if (t.number !== null)
      body(
        'telegram.number',
        t.number,
        (l) =>
          is(l, 'idno', { type: 'telegram-number' }) &&
          textIs(l, t.number ?? '')
      );
    if (t.origin !== null)
      body('telegram.origin', t.origin, (l) =>
        named(l, 'origin', t.origin ?? '')
      );
    for (const [member, type] of [
      ['sentAt', 'sent'],
      ['receivedAt', 'received'],
      ['arrivedAt', 'arrived'],
      ['decipheredAt', 'deciphered'],
    ] as const) {
      const v = t[member];
      if (v !== null)
        body(`telegram.${member}`, v, (l) =>
          is(l, 'date', { type, when: teiWhen(v) ?? '' })
        );
    }
    if (t.decipheredBy !== null)
      body('telegram.decipheredBy', t.decipheredBy, (l) =>
        named(l, 'decipherer', t.decipheredBy ?? '')
      );
    if (t.typedBy !== null)
      body('telegram.typedBy', t.typedBy, (l) =>
        named(l, 'typist', t.typedBy ?? '')
      );
    if (t.outgoingNumber !== null)
      body(
        'telegram.outgoingNumber',
        t.outgoingNumber,
        (l) =>
          is(l, 'idno', { type: 'outgoing-number' }) &&
          textIs(l, t.outgoingNumber ?? '')
      );
    const d = t.distribution;
    if (d) {
      if (d.copies !== null)
        body(
          'telegram.distribution.copies',
          d.copies,
          (l) =>
            is(l, 'num', { type: 'total-copies', value: String(d.copies) }),
          header(
            'num',
            (el) =>
              el.getAttribute('type') === 'total-copies' &&
              el.getAttribute('value') === String(d.copies)
          )
        );
      const headerItems = teiElements(doc, 'list')
        .filter(
          (el) => !insideBody(el) && el.getAttribute('type') === 'distribution'
        )
        .flatMap(childElements);
      d.recipients.forEach((r, i) => {
        const path = `telegram.distribution.recipients.${i}`;
        body(
          `${path}.name`,
          r.name,
          (l) =>
            named(l, 'distribution', r.name) &&
            (l.el.parentNode as Element | null)?.localName === 'item'
        );
        // the count as written inside the entry's item, else the header's list
        const span = record.provenance[`${path}.name`];
        const item = located.find(
          (l) => is(l, 'item') && span !== undefined && l.start === span.start
        );
        const inItem =
          item &&
          teiElements(item.el, 'num').some(
            (n) =>
              n.getAttribute('type') === 'copies' &&
              n.getAttribute('value') === String(r.copies)
          );
        const inHeader =
          headerItems[i] &&
          teiElements(headerItems[i], 'num').some(
            (n) => n.getAttribute('value') === String(r.copies)
          );
        checks.push({
          path: `${path}.copies`,
          value: r.copies,
          found: inItem ? 'body' : inHeader ? 'header' : null,
        });
      });
    }
  }
  const letter = record.letter;
  if (letter) {
    if (letter.salutation !== null)
      body(
        'letter.salutation',
        letter.salutation,
        (l) =>
          (is(l, 'salute') || is(l, 'seg', { type: 'salute' })) &&
          // RECORD.md: the address line without its trailing `,` `!` `:` or `.`
          fold(l.el.textContent).replace(/[,!:.]$/, '') ===
            fold(letter.salutation)
      );
    if (letter.signedBy !== null)
      body(
        'letter.signedBy',
        letter.signedBy,
        (l) =>
          (is(l, 'signed') || is(l, 'seg', { type: 'signed' })) &&
          located.some(
            (n) =>
              n.start === l.start &&
              n.end === l.end &&
              named(n, 'signer', letter.signedBy ?? '')
          )
      );
  }
  record.requests.forEach((r, i) => {
    body(`requests.${i}.number`, r.number, (l) =>
      is(l, 'num', { type: 'point', value: String(r.number) })
    );
    const path = `requests.${i}.text`;
    body(
      path,
      r.text,
      (l) =>
        is(l, 'seg', { type: 'request', n: String(r.number) }) &&
        textIs(l, r.text)
    );
    r.quantities.forEach((q, j) => {
      const qpath = `requests.${i}.quantities.${j}`;
      const measure = (l: Located) =>
        is(l, 'measure', { unit: 'count', commodity: q.unit });
      const nums = (l: Located) => teiElements(l.el, 'num');
      const check = (
        member: 'min' | 'max' | 'unit',
        value: unknown,
        test: (l: Located) => boolean
      ) => {
        checks.push({
          path: `${qpath}.${member}`,
          value,
          found: at(record.provenance[qpath], (l) => measure(l) && test(l))
            ? 'body'
            : null,
        });
      };
      const number = (l: Located, attr: 'min' | 'max') =>
        (q.min === q.max && l.el.getAttribute('quantity') === String(q.min)) ||
        nums(l).some(
          (n) =>
            n.getAttribute(attr) === String(q[attr]) ||
            (q.min === q.max && n.getAttribute('value') === String(q.min))
        );
      check('min', q.min, (l) => number(l, 'min'));
      check('max', q.max, (l) => number(l, 'max'));
      check('unit', q.unit, () => true);
    });
  });
  if (record.summary !== null) {
    const summary = record.summary;
    body(
      'summary',
      summary,
      (l) => is(l, 'seg', { type: 'summary' }) && textIs(l, summary),
      header('abstract', (el) => fold(el.textContent) === fold(summary))
    );
  }
  const msDescs = teiElements(doc, 'msDesc');
  record.sources.forEach((c, i) => {
    const span = record.provenance[`sources.${i}`];
    const bibl = located.find(
      (l) =>
        span !== undefined &&
        l.start === span.start &&
        l.end === span.end &&
        is(l, 'bibl', { type: 'citation' })
    );
    for (const member of [
      'archive',
      'fond',
      'opis',
      'delo',
      'papka',
      'listy',
    ] as const) {
      const value = c[member];
      if (value === null) continue;
      const written = (el: Element) =>
        member === 'archive'
          ? fold(el.textContent).replace(/\s/g, '')
          : fold(el.textContent);
      const inBody =
        bibl &&
        teiElements(bibl.el, 'idno').some(
          (el) => el.getAttribute('type') === member && written(el) === value
        );
      const ms = msDescs[i];
      const inHeader =
        ms &&
        (member === 'archive'
          ? teiElements(ms, 'repository').some(
              (el) => fold(el.textContent) === value
            )
          : teiElements(ms, 'idno').some(
              (el) =>
                el.getAttribute('type') === member &&
                fold(el.textContent) === value
            ));
      checks.push({
        path: `sources.${i}.${member}`,
        value,
        found: inBody ? 'body' : inHeader ? 'header' : null,
      });
    }
  });
  const scored = new Set<string>(SCORED_WARNING_CODES);
  for (const code of record.warnings.filter((w) => scored.has(w))) {
    checks.push({
      path: `warnings.${code}`,
      value: code,
      found: header(
        'note',
        (el) =>
          el.getAttribute('type') === 'warning' && el.getAttribute('n') === code
      )()
        ? 'header'
        : null,
    });
  }
  return checks;
}

function insideBody(el: Element): boolean {
  for (
    let n = el.parentNode as Element | null;
    n;
    n = n.parentNode as Element | null
  ) {
    if (n.localName === 'text') return true;
  }
  return false;
}
