/**
 * The review queue's rules (which flags, when a reviewed record comes
 * back), corrected records as gold, and the CLI's reading of a correction
 * (`--set path=value`, `--span start:end`).
 */
import { describe, expect, it } from 'vitest';
import {
  correctionFromFlags,
  describeCorrection,
  parseSpan,
} from '#cli/commands/correct.ts';
import { formatCorrectionReport, formatCounts } from '#cli/commands/review.ts';
import { UsageError } from '#cli/io.ts';
import {
  type Correction,
  carryReviewed,
  isOpen,
  notGoldBecause,
  parseCliValue,
  type Reviewed,
  reviewFlagsOf,
  toGoldRecord,
} from '#shared/corrections/index.ts';
import { ValidationError } from '#shared/errors/index.ts';
import { makeRecord } from '../query/records.ts';

const reviewed: Reviewed = {
  by: 'archivist',
  at: '2026-12-01T10:00:00.000Z',
  note: null,
  flags: ['time-order'],
};

describe('review flags', () => {
  it('are the warnings that ask for a look, and correction-conflict; not truncated', () => {
    // Prepare
    const record = makeRecord('r-1', {
      warnings: ['truncated', 'time-order', 'unread-header-line'],
    });

    // Act
    const flags = reviewFlagsOf(record, [{ status: 'conflict' }]);

    // Assess
    expect(flags).toEqual([
      'unread-header-line',
      'time-order',
      'correction-conflict',
    ]);
    expect(
      reviewFlagsOf({ ...record, status: 'failed' }, [{ status: 'conflict' }])
    ).toEqual([]);
  });

  it('keep a reviewed record out of the queue until a flag it did not cover appears', () => {
    // Assess
    expect(isOpen(['time-order'], null)).toBe(true);
    expect(isOpen(['time-order'], reviewed)).toBe(false);
    expect(isOpen([], null)).toBe(false);
    expect(isOpen(['time-order', 'correction-conflict'], reviewed)).toBe(true);
    expect(carryReviewed(['time-order'], reviewed)).toBe(reviewed);
    expect(carryReviewed([], reviewed)).toBe(reviewed);
    expect(carryReviewed(['correction-conflict'], reviewed)).toBeNull();
  });
});

describe('gold records', () => {
  it("keep RECORD.md's scored fields in order, the letter without its body, the scored warning codes", () => {
    // Prepare
    const record = makeRecord('r-2', {
      letter: {
        salutation: 'Dear Comrade',
        signedBy: 'Kim Il Sung',
        body: 'text',
      },
      warnings: ['unread-header-line', 'truncated', 'time-order'],
      rights: 'public domain',
    });

    // Act
    const gold = toGoldRecord(record);

    // Assess
    expect(Object.keys(gold)).toEqual([
      'title',
      'date',
      'documentType',
      'authors',
      'recipients',
      'via',
      'participants',
      'signatories',
      'telegram',
      'letter',
      'requests',
      'summary',
      'sources',
      'warnings',
    ]);
    expect(gold.letter).toEqual({
      salutation: 'Dear Comrade',
      signedBy: 'Kim Il Sung',
    });
    expect(gold.warnings).toEqual(['time-order', 'truncated']);
  });

  it('leave out failed, uncorrected (when asked) and conflicting records, saying why', () => {
    // Prepare
    const ok = makeRecord('r-3');

    // Assess
    expect(notGoldBecause(ok, [{ status: 'applied' }], true)).toBeNull();
    expect(notGoldBecause(ok, [], true)).toBe('not corrected');
    expect(notGoldBecause(ok, [], false)).toBeNull();
    expect(notGoldBecause(ok, [{ status: 'conflict' }], true)).toMatch(
      /in conflict/
    );
    expect(
      notGoldBecause({ status: 'failed' }, [{ status: 'applied' }], true)
    ).toMatch(/failure record/);
  });
});

describe('archive correct: reading the flags', () => {
  it('parses values as JSON where they parse, keeping text fields as typed', () => {
    // Assess
    expect(
      parseCliValue('telegram.distribution.recipients.2.copies', '3', 'set')
    ).toBe(3);
    expect(parseCliValue('telegram.number', '600382', 'set')).toBe('600382');
    expect(parseCliValue('title', 'null', 'set')).toBeNull();
    expect(parseCliValue('title', 'Telegram No. 5', 'set')).toBe(
      'Telegram No. 5'
    );
    expect(
      parseCliValue(
        'telegram.distribution.recipients',
        '{"name":"Beria"}',
        'add'
      )
    ).toEqual({ name: 'Beria' });
    expect(parseCliValue('authors', 'Beria', 'add')).toBe('Beria');
    expect(() => parseCliValue('rights', 'x', 'set')).toThrow(ValidationError);
  });

  it('builds one correction from --set/--add/--remove with --span and --note', () => {
    // Assess
    expect(
      correctionFromFlags({
        set: 'authors.0=V.M. Molotov',
        span: '120:127',
        note: 'initials',
      })
    ).toEqual({
      op: 'set',
      path: 'authors.0',
      value: 'V.M. Molotov',
      span: { start: 120, end: 127 },
      note: 'initials',
    });
    expect(correctionFromFlags({ remove: 'authors.1' })).toEqual({
      op: 'remove',
      path: 'authors.1',
    });
    expect(parseSpan('5-9')).toEqual({ start: 5, end: 9 });
    expect(() => correctionFromFlags({})).toThrow(UsageError);
    expect(() =>
      correctionFromFlags({ set: 'title=x', remove: 'authors.0' })
    ).toThrow(UsageError);
    expect(() => correctionFromFlags({ set: 'title' })).toThrow(
      /--set takes path=value/
    );
    expect(() => parseSpan('120')).toThrow(/--span takes start:end/);
  });
});

describe('archive review and reprocess: reports', () => {
  const c: Correction = {
    id: 'c-1',
    op: 'set',
    path: 'telegram.typedBy',
    value: 'Orlova',
    oldValue: 'Orlov',
    span: { start: 10, end: 16 },
    note: null,
    by: 'archivist',
    at: '2026-12-01T10:00:00.000Z',
    status: 'conflict',
    statusDetail: "the text at 10-16 now reads 'Petrov', not 'Orlova'",
  };

  it('print counts by flag and what re-extraction did to corrections', () => {
    // Assess
    expect(
      formatCounts({
        counts: { 'time-order': 2, 'unknown-page-kind': 1 },
        total: 3,
      })
    ).toBe(
      'Needs review: 3 records\n  unknown-page-kind      1\n  time-order             2\n'
    );
    expect(describeCorrection(c)).toBe(
      `telegram.typedBy: "Orlov" → "Orlova" (text 10-16) [conflict: the text at 10-16 now reads 'Petrov', not 'Orlova'] by archivist at 2026-12-01T10:00:00.000Z`
    );
    expect(
      formatCorrectionReport({
        records: 1,
        counts: { applied: 2, absorbed: 0, conflict: 1 },
        notes: [{ id: 'doc-1', correction: c }],
      })
    ).toBe(
      [
        'corrections on 1 record: 2 re-applied, 0 absorbed, 1 in conflict',
        "  conflict: doc-1 telegram.typedBy: the text at 10-16 now reads 'Petrov', not 'Orlova'",
        "  conflicts are kept and flagged: see 'archive review'",
        '',
      ].join('\n')
    );
    expect(
      formatCorrectionReport({
        records: 0,
        counts: { applied: 0, absorbed: 0, conflict: 0 },
        notes: [],
      })
    ).toBe('');
  });
});
