import { describe, expect, it } from 'vitest';
import { emptyExtraction } from '#shared/extract/index.ts';
import { describeWarning } from '#shared/query/warnings.ts';

describe('describeWarning', () => {
  it('says what does not add up when the record is given', () => {
    // Prepare
    const record = emptyExtraction();
    record.telegram = {
      number: '1',
      origin: null,
      sentAt: '1950-10-09T10:00',
      receivedAt: '1950-10-09T09:00',
      arrivedAt: null,
      decipheredAt: '1950-10-09T11:00',
      decipheredBy: null,
      distribution: {
        copies: 5,
        recipients: [
          { name: 'Stalin', copies: 2 },
          { name: 'Molotov', copies: 1 },
        ],
      },
      outgoingNumber: null,
      typedBy: null,
    };
    record.requests = [
      { number: 1, text: 'a', quantities: [] },
      { number: 3, text: 'b', quantities: [] },
    ];

    // Act / Assess
    expect(describeWarning('distribution-copies-mismatch', record)).toBe(
      'The distribution list states 5 copies, but its entries add up to 3.'
    );
    expect(describeWarning('time-order', record)).toBe(
      'The telegram times are out of order: sent 1950-10-09 10:00, received 1950-10-09 09:00, deciphered 1950-10-09 11:00.'
    );
    expect(describeWarning('request-numbering-gap', record)).toBe(
      'The numbered requests go 1, 3: a number is skipped or repeated.'
    );
  });

  it('falls back to the general message, and to the code when unknown', () => {
    expect(describeWarning('truncated')).toMatch(/stops mid-document/);
    expect(describeWarning('no-such-code')).toBe('no-such-code');
  });
});
