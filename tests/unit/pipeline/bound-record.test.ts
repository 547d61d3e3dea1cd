import { describe, expect, it } from 'vitest';
import {
  boundRecord,
  jsonBytes,
  RECORD_BUDGET_BYTES,
  truncateUtf8,
} from '#shared/pipeline/bound-record.ts';
import { DocumentRecordSchema } from '#shared/schema/record.ts';
import { makeRecord } from '../../integration/helpers/records.ts';

describe('truncateUtf8', () => {
  it('cuts to the byte budget without splitting a character', () => {
    // Act
    const cut = truncateUtf8('ЖЖЖЖ', 5);
    // Assess
    expect(cut).toBe('ЖЖ');
    expect(truncateUtf8('short', 100)).toBe('short');
  });
});

describe('boundRecord', () => {
  it('leaves a normal record untouched', () => {
    // Prepare
    const record = makeRecord('a', { summary: 'A summary.' });
    // Act
    const out = boundRecord(record);
    // Assess
    expect(out).toEqual({ record, capped: [] });
  });

  it('caps long free text first and keeps identity and source', () => {
    // Prepare
    const record = makeRecord('a', {
      letter: { salutation: null, signedBy: null, body: 'x'.repeat(300_000) },
    });
    // Act
    const out = boundRecord(record);
    // Assess
    expect(out.capped).toEqual(['letter.body']);
    expect(jsonBytes(out.record)).toBeLessThanOrEqual(RECORD_BUDGET_BYTES);
    expect(out.record.source).toEqual(record.source);
  });

  it('brings any record under budget, still schema-valid', () => {
    // Prepare: huge everything
    const long = 'y'.repeat(5_000);
    const record = makeRecord('a', {
      authors: Array.from({ length: 2_000 }, (_, i) => `${long}${i}`),
      requests: Array.from({ length: 500 }, (_, i) => ({
        number: i,
        text: long,
        quantities: [],
      })),
      summary: long.repeat(40),
    });
    // Act
    const out = boundRecord(record);
    // Assess
    expect(jsonBytes(out.record)).toBeLessThanOrEqual(RECORD_BUDGET_BYTES);
    expect(out.capped.at(-1)).toBe('all-strings-and-lists');
    expect(DocumentRecordSchema.safeParse(out.record).success).toBe(true);
    expect(out.record.id).toBe('a');
    expect(out.record.source).toEqual(record.source);
  });
});
