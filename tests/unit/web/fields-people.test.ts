/**
 * The record view's person links (web/fields.ts): every value that names
 * a person carries the name to search for, in every role; other values
 * do not.
 */
import { describe, expect, it } from 'vitest';
import { type FieldValue, recordSections } from '../../../web/fields.ts';
import { makeRecord } from '../query/records.ts';

function values(sections: ReturnType<typeof recordSections>): FieldValue[] {
  return sections.flatMap((s) => [
    ...s.rows.flatMap((r) => r.values),
    ...(s.table?.rows ?? []).flatMap((row) =>
      row.flatMap((cell) =>
        typeof cell === 'string' ? [] : Array.isArray(cell) ? cell : [cell]
      )
    ),
  ]);
}

describe('web record fields: people', () => {
  it('marks every name of a person, in every role, with the name to search', () => {
    // Prepare: an invented telegram naming people in each role
    const record = makeRecord('t1', {
      authors: ['Pak Hon Yong'],
      recipients: ['Ri Sung Yop'],
      via: ['Tunkin'],
      participants: ['Nam Il'],
      signatories: ['Choe Yong Gon'],
      identifications: [{ alias: 'Fyn Si', name: 'Stalin' }],
      telegram: {
        number: '77/sh',
        origin: null,
        sentAt: null,
        receivedAt: null,
        arrivedAt: null,
        decipheredAt: null,
        decipheredBy: 'Orlov',
        outgoingNumber: null,
        typedBy: null,
        distribution: {
          copies: 2,
          recipients: [{ name: 'Gromyko', copies: 1 }],
        },
      },
      letter: { salutation: 'Dear comrade', signedBy: 'Kim Chaek', body: null },
    });

    // Act
    const shown = values(recordSections(record));

    // Assess
    const people = shown.filter((v) => v.person).map((v) => [v.text, v.person]);
    expect(people).toEqual([
      ['Pak Hon Yong', 'Pak Hon Yong'],
      ['Ri Sung Yop', 'Ri Sung Yop'],
      ['Tunkin', 'Tunkin'],
      ['Nam Il', 'Nam Il'],
      ['Choe Yong Gon', 'Choe Yong Gon'],
      ['Fyn Si = Stalin', 'Stalin'],
      ['Gromyko', 'Gromyko'],
      ['Kim Chaek', 'Kim Chaek'],
    ]);
    expect(shown.find((v) => v.text === 'Orlov')?.person).toBeUndefined();
    expect(shown.find((v) => v.text === '77/sh')?.person).toBeUndefined();
  });
});
