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
        'PERSON#kim ilsung 1950-10-09#d1#author',
        'PERSON#stalin 1950-10-09#d1#recipient',
        'PERSON#shtykov 1950-10-09#d1#via',
        'PERSON#mao 1950-10-09#d1#participant',
        'PERSON#vyshinsky 1950-10-09#d1#signatory',
        'PERSON#molotov 1950-10-09#d1#distribution',
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
    expect(items.map((i) => [i.PK, i.name, i.identifiedAs ?? null])).toEqual([
      ['PERSON#filippov', 'Filippov', null],
      ['PERSON#stalin', 'Filippov', 'Stalin'],
    ]);
  });

  it('indexes nothing for a failure record', () => {
    const record = makeRecord('d3', { status: 'failed', authors: ['X'] });
    expect(personItems(record)).toEqual([]);
    expect(gsiAttributes(record)).toEqual({});
  });
});

describe('gsiAttributes', () => {
  it('keys type, year and telegram number; undated records sort as 0000', () => {
    // Act
    const dated = gsiAttributes(makeRecord('d4', { date: '1950-10' }));
    const undated = gsiAttributes(makeRecord('d5'));
    // Assess
    expect(dated).toEqual({
      GSI1PK: 'TYPE#telegram',
      GSI1SK: '1950-10#d4',
      GSI2PK: 'YEAR#1950',
      GSI2SK: '1950-10#d4',
    });
    expect(undated).toMatchObject({ GSI2PK: 'YEAR#0000', GSI1SK: '0000#d5' });
  });
});
