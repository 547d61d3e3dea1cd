/**
 * Which values of the record view can be corrected, and how
 * (web/fields.ts `edit`, `add`, `adds`): every scored field, list entries
 * with the entry a removal takes out, lists that take new entries; with
 * `editing`, empty scored fields shown to be filled. Fields RECORD.md does
 * not score stay read-only.
 */
import { describe, expect, it } from 'vitest';
import {
  editLabels,
  type FieldValue,
  recordSections,
  type Section,
} from '../../../web/fields.ts';
import { makeRecord } from '../query/records.ts';

function values(sections: Section[]): FieldValue[] {
  return sections.flatMap((s) => [
    ...s.rows.flatMap((r) => r.values),
    ...(s.table?.rows ?? []).flatMap((row) =>
      row.flatMap((cell) =>
        typeof cell === 'string' ? [] : Array.isArray(cell) ? cell : [cell]
      )
    ),
  ]);
}

const byEditPath = (sections: Section[]) =>
  new Map(
    values(sections)
      .filter((v) => v.edit)
      .map((v) => [v.edit!.path, v])
  );

/** An invented telegram with a distribution list and a request. */
const telegram = makeRecord('t1', {
  title: 'Telegram from Zakharov',
  authors: ['Zakharov'],
  endorsements: ['I support the request.'],
  telegram: {
    number: '310/sh',
    origin: null,
    sentAt: '1951-03-04T18:00',
    receivedAt: null,
    arrivedAt: null,
    decipheredAt: null,
    decipheredBy: null,
    distribution: {
      copies: 3,
      recipients: [
        { name: 'Stalin', copies: 2 },
        { name: 'Bulganin', copies: 1 },
      ],
    },
    outgoingNumber: null,
    typedBy: null,
  },
  requests: [
    {
      number: 1,
      text: 'To send 40 instructors.',
      quantities: [{ min: 40, max: 40, unit: 'instructors' }],
    },
  ],
  provenance: {
    'telegram.distribution.recipients.1.name': { start: 0, end: 8 },
  },
});

describe('web record fields: corrections', () => {
  it('makes every scored value correctable, with its kind and value now', () => {
    const edits = byEditPath(recordSections(telegram));

    expect(edits.get('title')?.edit).toEqual({
      path: 'title',
      kind: 'text',
      value: 'Telegram from Zakharov',
      nullable: true,
    });
    expect(edits.get('telegram.sentAt')?.edit).toMatchObject({
      kind: 'datetime',
      value: '1951-03-04T18:00',
    });
    expect(edits.get('documentType')?.edit?.kind).toBe('type');
    expect(edits.get('telegram.distribution.copies')?.edit?.kind).toBe('int');
  });

  it('makes list entries removable as a whole entry', () => {
    const edits = byEditPath(recordSections(telegram));

    expect(edits.get('telegram.distribution.recipients.1.name')?.edit).toEqual({
      path: 'telegram.distribution.recipients.1.name',
      kind: 'name',
      value: 'Bulganin',
      nullable: false,
      remove: 'telegram.distribution.recipients.1',
    });
    expect(
      edits.get('telegram.distribution.recipients.1.copies')?.edit
    ).toMatchObject({ kind: 'int', value: 1 });
    expect(edits.get('authors.0')?.edit?.remove).toBe('authors.0');
    expect(edits.get('requests.0.text')?.edit?.remove).toBe('requests.0');
    expect(edits.get('requests.0.quantities.0')?.edit).toMatchObject({
      kind: 'quantity',
      value: { min: 40, max: 40, unit: 'instructors' },
      remove: 'requests.0.quantities.0',
    });
  });

  it('offers adding to lists: names, distribution entries, requests, quantities', () => {
    const sections = recordSections(telegram);
    const adds = [
      ...sections.flatMap((s) => s.rows.flatMap((r) => (r.add ? [r.add] : []))),
      ...sections.flatMap((s) => s.adds ?? []),
    ];

    expect(adds.map((a) => [a.path, a.kind])).toEqual([
      ['authors', 'name'],
      ['telegram.distribution.recipients', 'distribution'],
      ['requests', 'request'],
      ['requests.0.quantities', 'quantity'],
    ]);
  });

  it('keeps fields that are not scored read-only', () => {
    const all = values(recordSections(telegram));

    expect(all.find((v) => v.text === 'I support the request.')?.edit).toBe(
      undefined
    );
  });

  it('shows empty scored fields and lists only while editing', () => {
    const shown = recordSections(telegram);
    const editing = recordSections(telegram, { editing: true });

    expect(byEditPath(shown).has('telegram.origin')).toBe(false);
    const origin = byEditPath(editing).get('telegram.origin');
    expect(origin).toMatchObject({ text: '—', empty: true, path: null });
    expect(origin?.edit).toMatchObject({ value: null, nullable: true });
    const recipients = editing
      .flatMap((s) => s.rows)
      .find((r) => r.label === 'Recipients');
    expect(recipients).toMatchObject({
      values: [],
      add: { path: 'recipients', kind: 'name' },
    });
    expect(
      shown.flatMap((s) => s.rows).some((r) => r.label === 'Recipients')
    ).toBe(false);
  });

  it('shows a letter its letter fields while editing, even when none was read', () => {
    const letter = makeRecord('l1', { documentType: 'letter', letter: null });

    const titles = recordSections(letter, { editing: true }).map(
      (s) => s.title
    );

    expect(titles).toContain('Letter');
    expect(titles).not.toContain('Telegram header');
    expect(recordSections(letter).map((s) => s.title)).toEqual(['Document']);
  });

  it('labels every correctable path, entries and lists included', () => {
    const labels = editLabels(recordSections(telegram, { editing: true }));

    expect(labels.get('telegram.distribution.recipients.1')).toBe(
      'Copy recipient 2'
    );
    expect(labels.get('telegram.distribution.recipients')).toBe(
      'Distribution list'
    );
    expect(labels.get('authors')).toBe('Authors');
    expect(labels.get('requests.0.quantities.0')).toBe('Request 1, quantity 1');
  });
});
