import { describe, expect, it } from 'vitest';
import { gsiAttributes, personItems } from '#shared/store/items.ts';
import { normalizeName } from '#shared/store/keys.ts';
import { makeRecord } from '../../integration/helpers/records.ts';

describe('normalizeName', () => {
  it('folds case, spacing and punctuation so spellings meet', () => {
    expect(normalizeName('  Kim  Il-sung ')).toBe('kim il sung');
    expect(normalizeName('KIM IL SUNG')).toBe('kim il sung');
    expect(normalizeName('Stalin I.V.')).toBe('stalin i v');
    expect(normalizeName("SUNG'S")).toBe('sungs');
  });

  it('drops forms of address and accents, as the extractor does', () => {
    expect(normalizeName('Cde. Kim Il Sung')).toBe('kim il sung');
    expect(normalizeName('Tov. Stalin')).toBe('stalin');
    expect(normalizeName('- Comrade Stalin')).toBe('stalin');
    expect(normalizeName('Günter')).toBe('gunter');
  });
});

describe('personItems', () => {
  it('indexes every role, including telegram distribution', () => {
    // Prepare
    const record = makeRecord('d1', {
      date: '1950-10-09',
      authors: ['Kim Il Sung'],
      recipients: ['Stalin'],
      via: ['Shtykov'],
      participants: ['Mao'],
      signatories: ['Vyshinsky'],
      telegram: {
        number: '600382',
        origin: null,
        sentAt: null,
        receivedAt: null,
        arrivedAt: null,
        decipheredAt: null,
        decipheredBy: null,
        distribution: {
          copies: 2,
          recipients: [{ name: 'Molotov', copies: 1 }],
        },
        outgoingNumber: null,
        typedBy: null,
      },
    });
    // Act
    const keys = personItems(record).map((i) => `${i.PK} ${i.SK}`);
    // Assess
    expect(keys.sort()).toEqual(
      [
        'PERSON#kim ilsung 1950-10-09#d1',
        'PERSON#stalin 1950-10-09#d1',
        'PERSON#shtykov 1950-10-09#d1',
        'PERSON#mao 1950-10-09#d1',
        'PERSON#vyshinsky 1950-10-09#d1',
        'PERSON#molotov 1950-10-09#d1',
      ].sort()
    );
  });

  it('indexes a code name under the name the page identifies, and back', () => {
    // Prepare
    const record = makeRecord('d2', {
      authors: ['Filippov'],
      identifications: [{ alias: 'Filippov', name: 'Stalin' }],
    });
    // Act
    const items = personItems(record);
    // Assess
    expect(
      items.map((i) => [i.PK, i.entries[0]?.name, i.entries[0]?.identifiedAs])
    ).toEqual([
      ['PERSON#filippov', 'Filippov', undefined],
      ['PERSON#stalin', 'Filippov', 'Stalin'],
    ]);
  });

  it('holds every role of one person in one item, with the name written in each', () => {
    // Prepare: Kim writes and receives; Stalin signs under a code name
    const record = makeRecord('d6', {
      date: '1950',
      authors: ['Kim Il Sung'],
      recipients: ['KIM IL-SUNG', 'Filippov'],
      signatories: ['Stalin'],
      identifications: [{ alias: 'Filippov', name: 'Stalin' }],
    });
    // Act
    const items = personItems(record);
    // Assess
    const byKey = Object.fromEntries(items.map((i) => [i.PK, i]));
    expect(items).toHaveLength(3);
    expect(byKey['PERSON#kim ilsung']).toMatchObject({
      SK: '1950#d6',
      roles: ['author', 'recipient'],
      entries: [
        { role: 'author', name: 'Kim Il Sung' },
        { role: 'recipient', name: 'KIM IL-SUNG' },
      ],
    });
    expect(byKey['PERSON#stalin']).toMatchObject({
      roles: ['recipient', 'signatory'],
      entries: [
        { role: 'recipient', name: 'Filippov', identifiedAs: 'Stalin' },
        { role: 'signatory', name: 'Stalin' },
      ],
    });
  });

  it('indexes nothing for a failure record', () => {
    const record = makeRecord('d3', { status: 'failed', authors: ['X'] });
    expect(personItems(record)).toEqual([]);
    expect(gsiAttributes(record)).toEqual({});
  });
});

describe('gsiAttributes', () => {
  it('keys type (by date) and telegram number, no year index; undated records sort as 0000', () => {
    // Act
    const dated = gsiAttributes(makeRecord('d4', { date: '1950-10' }));
    const undated = gsiAttributes(makeRecord('d5'));
    // Assess: date ranges merge the type partitions (no GSI2 keys)
    expect(dated).toEqual({
      GSI1PK: 'TYPE#telegram',
      GSI1SK: '1950-10#d4',
    });
    expect(undated).toEqual({ GSI1PK: 'TYPE#telegram', GSI1SK: '0000#d5' });
  });
});
