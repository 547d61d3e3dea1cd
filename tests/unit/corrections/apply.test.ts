/**
 * The corrections domain on invented records: making a correction (path,
 * value and span checked against the record and its text), applying set,
 * add and remove on list entries with provenance and marks moved along,
 * and re-applying after a re-extraction: applied, absorbed, conflict.
 */
import { describe, expect, it } from 'vitest';
import {
  applyCorrections,
  type Correction,
  type CorrectionInput,
  makeCorrection,
  readsAs,
  specOf,
} from '#shared/corrections/index.ts';
import { ValidationError } from '#shared/errors/index.ts';
import { emptyExtraction } from '#shared/extract/index.ts';
import type { Extraction } from '#shared/schema/record.ts';

// an invented telegram page; spans are found in it, never typed by hand
const TEXT = [
  'Ciphered Telegram No. 4417',
  'From Vladivostok. Sent 3.9.51 14:05',
  'Comrade Zhukov,',
  'Please confirm the order of 12 trucks.',
  'Distribution:',
  'Cde. Molotov - 2',
  'Cde. Malenkov',
  'Cde. Vyshinsky',
  'File - 1',
  'Typed by Orlova',
  'K O R N E E V',
].join('\n');

function span(of: string, from = 0) {
  const start = TEXT.indexOf(of, from);
  if (start < 0) throw new Error(`"${of}" is not in the text`);
  return { start, end: start + of.length };
}

function extraction(): Extraction {
  return {
    ...emptyExtraction(),
    title: null,
    date: '1951-09-03',
    documentType: 'telegram',
    authors: ['Korneev'],
    recipients: ['Zhukov'],
    telegram: {
      number: '4417',
      origin: 'Vladivostok',
      sentAt: '1951-09-03T14:05',
      receivedAt: null,
      arrivedAt: null,
      decipheredAt: null,
      decipheredBy: null,
      // the invented extractor misread two entries and missed one
      distribution: {
        copies: 5,
        recipients: [
          { name: 'Molotof', copies: 2 },
          { name: 'Malenkov', copies: 1 },
          { name: 'File', copies: 1 },
        ],
      },
      outgoingNumber: null,
      typedBy: 'Orlov',
    },
    requests: [
      {
        number: 1,
        text: 'Please confirm the order of 12 trucks.',
        quantities: [{ min: 12, max: 12, unit: 'trucks' }],
      },
    ],
    warnings: ['distribution-copies-mismatch'],
    provenance: {
      'telegram.number': span('4417'),
      'telegram.distribution.recipients.0.name': span('Molotov'),
      'telegram.distribution.recipients.1.name': span('Malenkov'),
      'telegram.distribution.recipients.2.name': span('File'),
      'telegram.typedBy': span('Orlova'),
    },
  };
}

let clock = 0;
function correct(
  view: Extraction,
  input: CorrectionInput,
  text: string | null = TEXT
): Correction {
  clock += 1;
  const at = `2026-12-01T10:00:${String(clock).padStart(2, '0')}.000Z`;
  return makeCorrection(input, {
    view,
    text,
    by: 'archivist',
    at,
    id: `c${String(clock).padStart(8, '0')}`,
  });
}

/** Makes corrections one after the other, each against the record as shown. */
function correctAll(base: Extraction, inputs: CorrectionInput[]) {
  const made: Correction[] = [];
  for (const input of inputs) {
    const { record } = applyCorrections(base, made, { text: TEXT });
    made.push(correct(record, input));
  }
  return made;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as Error).message;
  }
  throw new Error('expected a ValidationError');
}

describe('makeCorrection', () => {
  it('makes a set with its old value, span and who/when', () => {
    // Act
    const c = correct(extraction(), {
      op: 'set',
      path: 'telegram.distribution.recipients.0.name',
      value: 'Molotov',
      span: span('Molotov'),
      note: '  misread  ',
    });

    // Assess
    expect(c).toMatchObject({
      op: 'set',
      oldValue: 'Molotof',
      value: 'Molotov',
      span: span('Molotov'),
      note: 'misread',
      by: 'archivist',
      status: 'applied',
    });
  });

  it('refuses a span that reads as another value, quoting the text there', () => {
    // Act
    const message = refusal(() =>
      correct(extraction(), {
        op: 'set',
        path: 'telegram.distribution.recipients.0.name',
        value: 'Molotov',
        span: span('Malenkov'),
      })
    );

    // Assess
    const { start, end } = span('Malenkov');
    expect(message).toBe(
      `span: the text at ${start}-${end} reads 'Malenkov', not 'Molotov'`
    );
  });

  it('reads spans the way the scorer compares: names by last words, spaced capitals, numbers as numbers', () => {
    // Assess
    const name = specOf('authors.*')!;
    const int = specOf('telegram.distribution.copies')!;
    const datetime = specOf('telegram.sentAt')!;
    expect(readsAs(name, 'Cde. Molotov', 'V.M. Molotov')).toBe(true);
    expect(readsAs(name, 'K O R N E E V', 'Korneev')).toBe(true);
    expect(readsAs(name, 'Feng Xi [Stalin]', 'Stalin')).toBe(true);
    expect(readsAs(name, 'Cde. Malenkov', 'Molotov')).toBe(false);
    // the same name in the order RECORD.md writes it, or another spelling
    expect(readsAs(name, 'STALIN I.V.', 'I.V. Stalin')).toBe(true);
    expect(readsAs(name, 'Mao Tse-tung', 'Mao Zedong')).toBe(true);
    expect(readsAs(name, 'STALIN I.V.', 'I.V. Molotov')).toBe(false);
    expect(readsAs(int, 'five copies', 5)).toBe(true);
    expect(readsAs(int, 'Molotov - 2', 2)).toBe(true);
    expect(readsAs(int, 'Molotov - 2', 3)).toBe(false);
    expect(
      readsAs(datetime, 'Sent 3.9.51 14:05', '1951-09-03T14:05', {
        year: 1951,
        month: 9,
        day: 3,
      })
    ).toBe(true);
    expect(
      readsAs(datetime, 'Sent 3.9.51 14:05', '1951-09-03T15:05', {
        year: 1951,
        month: 9,
        day: 3,
      })
    ).toBe(false);
  });

  it('names the bad part: unknown path, missing entry, wrong type, span outside the text', () => {
    // Assess
    expect(
      refusal(() =>
        correct(extraction(), { op: 'set', path: 'rights', value: 'x' })
      )
    ).toMatch(/^path: "rights" is not an editable field/);
    expect(
      refusal(() =>
        correct(extraction(), { op: 'set', path: 'authors.3', value: 'Beria' })
      )
    ).toBe('path: authors.3 does not exist: authors has 1 entry');
    expect(
      refusal(() =>
        correct(extraction(), {
          op: 'set',
          path: 'telegram.distribution.recipients.1.copies',
          value: 'two',
        })
      )
    ).toMatch(
      /^value: telegram\.distribution\.recipients\.1\.copies must be a whole number; got two$/
    );
    expect(
      refusal(() =>
        correct(extraction(), { op: 'set', path: 'date', value: '1951-02-30' })
      )
    ).toBe("value: date '1951-02-30': no such day");
    expect(
      refusal(() =>
        correct(extraction(), {
          op: 'set',
          path: 'telegram.typedBy',
          value: 'Orlova',
          span: { start: TEXT.length - 2, end: TEXT.length + 5 },
        })
      )
    ).toMatch(/^span: .* is outside the text \(\d+ characters\)$/);
    expect(
      refusal(() =>
        correct(extraction(), { op: 'add', path: 'title', value: 'x' })
      )
    ).toMatch(/^path: add takes a list/);
    expect(
      refusal(() =>
        correct(extraction(), { op: 'remove', path: 'documentType' })
      )
    ).toMatch(/^path: documentType cannot be removed/);
    expect(
      refusal(() =>
        correct(extraction(), {
          op: 'set',
          path: 'authors.0',
          value: 'Korneev',
        })
      )
    ).toBe("value: authors.0 already reads 'Korneev': nothing to correct");
    expect(
      refusal(() =>
        correct(extraction(), {
          op: 'add',
          path: 'telegram.distribution.recipients',
          value: { name: 'Vyshinsky', copies: 1, rank: 'minister' },
        })
      )
    ).toMatch(
      /^value: telegram\.distribution\.recipients\.3 has an unknown member "rank"/
    );
    expect(
      refusal(() =>
        correct(extraction(), {
          op: 'set',
          path: 'x',
          value: 1,
          extra: true,
        } as never)
      )
    ).toMatch(/^extra: not a member of a correction/);
  });

  it('refuses a span when the text cannot be read', () => {
    // Assess
    expect(
      refusal(() =>
        correct(
          extraction(),
          {
            op: 'set',
            path: 'telegram.typedBy',
            value: 'Orlova',
            span: span('Orlova'),
          },
          null
        )
      )
    ).toMatch(/^span: the record's decoded text cannot be read/);
  });
});

describe('applyCorrections', () => {
  it('sets, adds and removes list entries; provenance and marks follow the entries', () => {
    // Prepare
    const base = extraction();
    const made = correctAll(base, [
      {
        op: 'set',
        path: 'telegram.distribution.recipients.0.name',
        value: 'Molotov',
        span: span('Molotov'),
      },
      {
        op: 'add',
        path: 'telegram.distribution.recipients',
        value: { name: 'Vyshinsky' },
        span: span('Vyshinsky'),
      },
      { op: 'remove', path: 'telegram.distribution.recipients.1' },
      { op: 'set', path: 'telegram.typedBy', value: 'Orlova' },
    ]);

    // Act
    const { record, corrected, corrections } = applyCorrections(base, made, {
      text: TEXT,
    });

    // Assess
    expect(record.telegram?.distribution?.recipients).toEqual([
      { name: 'Molotov', copies: 2 },
      { name: 'File', copies: 1 },
      { name: 'Vyshinsky', copies: 1 },
    ]);
    expect(record.telegram?.typedBy).toBe('Orlova');
    // Malenkov's entry went; File and the added entry moved up one
    expect(
      record.provenance['telegram.distribution.recipients.1.name']
    ).toEqual(span('File'));
    expect(record.provenance['telegram.distribution.recipients.2']).toEqual(
      span('Vyshinsky')
    );
    expect(
      record.provenance['telegram.distribution.recipients.0.name']
    ).toEqual(span('Molotov'));
    // typed without a span: no provenance for it
    expect(record.provenance['telegram.typedBy']).toBeUndefined();
    expect(Object.keys(corrected).sort()).toEqual([
      'telegram.distribution.recipients',
      'telegram.distribution.recipients.0.name',
      'telegram.distribution.recipients.2',
      'telegram.typedBy',
    ]);
    expect(corrected['telegram.typedBy']).toEqual({
      by: 'archivist',
      at: made[3]!.at,
      correctionId: made[3]!.id,
    });
    expect(corrections.map((c) => c.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    // the extraction itself is untouched
    expect(base.telegram?.distribution?.recipients[0]?.name).toBe('Molotof');
  });

  it('runs the cross-field checks again on the corrected fields', () => {
    // Prepare: 2 + 1 + 1 = 4 of 5 copies: a mismatch until Vyshinsky is added
    const base = extraction();
    const made = correctAll(base, [
      {
        op: 'add',
        path: 'telegram.distribution.recipients',
        value: { name: 'Vyshinsky', copies: 1 },
      },
    ]);

    // Act
    const { record } = applyCorrections(base, made);

    // Assess
    expect(base.warnings).toContain('distribution-copies-mismatch');
    expect(record.warnings).not.toContain('distribution-copies-mismatch');
  });

  it('edits a quantity inside a request', () => {
    // Prepare
    const base = extraction();
    const made = correctAll(base, [
      {
        op: 'set',
        path: 'requests.0.quantities.0',
        value: { min: 12, unit: 'lorries' },
      },
    ]);

    // Act
    const { record } = applyCorrections(base, made);

    // Assess
    expect(record.requests[0]?.quantities).toEqual([
      { min: 12, max: 12, unit: 'lorries' },
    ]);
  });
});

describe('re-applying after a re-extraction', () => {
  const made = () =>
    correctAll(extraction(), [
      {
        op: 'set',
        path: 'telegram.distribution.recipients.0.name',
        value: 'Molotov',
        span: span('Molotov'),
      },
      {
        op: 'set',
        path: 'telegram.typedBy',
        value: 'Orlova',
        span: span('Orlova'),
      },
      { op: 'remove', path: 'telegram.distribution.recipients.2' },
    ]);

  it('absorbs a correction whose value the new extraction reads by itself', () => {
    // Prepare: the new extractor reads the typist right
    const next = extraction();
    next.telegram!.typedBy = 'Orlova';

    // Act
    const { corrections, corrected } = applyCorrections(next, made(), {
      text: TEXT,
    });

    // Assess
    expect(corrections[1]).toMatchObject({
      status: 'absorbed',
      statusDetail: "telegram.typedBy now reads 'Orlova' by itself",
    });
    expect(corrected['telegram.typedBy']).toBeUndefined();
    expect(corrections[0]?.status).toBe('applied');
  });

  it('follows a list entry that moved, by its old value', () => {
    // Prepare: the new extractor finds Vyshinsky first
    const next = extraction();
    next.telegram!.distribution!.recipients.unshift({
      name: 'Vyshinsky',
      copies: 1,
    });

    // Act
    const { record, corrections } = applyCorrections(next, made(), {
      text: TEXT,
    });

    // Assess
    expect(
      record.telegram?.distribution?.recipients.map((r) => r.name)
    ).toEqual(['Vyshinsky', 'Molotov', 'Malenkov']);
    expect(corrections[0]).toMatchObject({
      status: 'applied',
      statusDetail:
        'the entry moved: applied at telegram.distribution.recipients.1.name',
    });
    expect(corrections[2]?.statusDetail).toBe(
      'the entry moved: removed at telegram.distribution.recipients.3'
    );
  });

  it('keeps a correction that no longer fits as a conflict, never dropping it', () => {
    // Prepare: the new extraction reads no telegram at all, and the text changed
    const next = extraction();
    next.telegram!.typedBy = 'Petrov';
    const text = TEXT.replace('Orlova', 'Petrov');

    // Act
    const { record, corrections } = applyCorrections(next, made(), { text });

    // Assess
    expect(corrections).toHaveLength(3);
    const { start, end } = span('Orlova');
    expect(corrections[1]).toMatchObject({
      status: 'conflict',
      statusDetail: `the text at ${start}-${end} now reads 'Petrov', not 'Orlova'`,
    });
    expect(record.telegram?.typedBy).toBe('Petrov');
  });

  it('reports a field that is gone, and a field that now reads a third value', () => {
    // Prepare
    const gone = extraction();
    gone.telegram = null;
    const third = extraction();
    third.telegram!.distribution!.recipients[0]!.name = 'Mikoyan';

    // Act
    const a = applyCorrections(gone, made(), { text: TEXT }).corrections;
    const b = applyCorrections(third, made(), { text: TEXT }).corrections;

    // Assess
    expect(a[0]).toMatchObject({
      status: 'conflict',
      statusDetail:
        'telegram.distribution.recipients.0.name is gone: telegram is null',
    });
    // a removal of something the extraction no longer has is absorbed
    expect(a[2]?.status).toBe('absorbed');
    expect(b[0]).toMatchObject({
      status: 'conflict',
      statusDetail:
        "telegram.distribution.recipients.0.name now reads 'Mikoyan': neither the value corrected ('Molotof') nor the correction ('Molotov')",
    });
  });

  it('shows a stored record with its stored conflicts (no text at hand)', () => {
    // Prepare
    const stored = made().map((c, i) =>
      i === 1 ? { ...c, status: 'conflict' as const, statusDetail: 'x' } : c
    );

    // Act
    const { record, corrections } = applyCorrections(extraction(), stored);

    // Assess
    expect(corrections[1]).toMatchObject({
      status: 'conflict',
      statusDetail: 'x',
    });
    expect(record.telegram?.typedBy).toBe('Orlov');
    expect(record.telegram?.distribution?.recipients[0]?.name).toBe('Molotov');
  });
});
