/**
 * What a correction in the page sends and shows (web/edits.ts): typed or
 * selected text read as the value the API expects, bad input named, a
 * change and its author in words, corrected marks found for a value and
 * its entry, places of a typed value in the text, selections trimmed.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, REFUSED_HINT } from '../../../web/api.ts';
import {
  byWhen,
  changeText,
  correctedMark,
  findOccurrences,
  formatValue,
  inputText,
  parseEntry,
  parseQuantity,
  parseValue,
  shortPrincipal,
  trimSpan,
} from '../../../web/edits.ts';

describe('web corrections: reading what the person typed', () => {
  it('reads each kind of value as the API expects it', () => {
    expect(parseValue('name', '  Molotov \n V.M. ', false)).toEqual({
      ok: true,
      value: 'Molotov V.M.',
    });
    expect(parseValue('int', '1,200', false)).toEqual({
      ok: true,
      value: 1200,
    });
    expect(parseValue('date', '1951-03', true)).toEqual({
      ok: true,
      value: '1951-03',
    });
    expect(parseValue('datetime', '1951-03-04 18:05', true)).toEqual({
      ok: true,
      value: '1951-03-04T18:05',
    });
    expect(parseValue('type', 'letter', false)).toEqual({
      ok: true,
      value: 'letter',
    });
    expect(parseValue('quantity', '40–60 instructors', false)).toEqual({
      ok: true,
      value: { min: 40, max: 60, unit: 'instructors' },
    });
  });

  it('empties a field that may be empty, and refuses an empty list entry', () => {
    expect(parseValue('text', '   ', true)).toEqual({ ok: true, value: null });
    expect(parseValue('name', '', false)).toEqual({
      ok: false,
      error: 'Type a value, or select it in the source text.',
    });
  });

  it('names what is wrong with a value that is not of its kind', () => {
    expect(parseValue('int', 'two', false)).toEqual({
      ok: false,
      error: '"two" is not a whole number.',
    });
    expect(parseValue('date', '4 March 1951', true)).toMatchObject({
      ok: false,
      error: expect.stringContaining('YYYY-MM-DD'),
    });
    expect(parseValue('datetime', '1951-03-04 6 pm', true)).toMatchObject({
      ok: false,
      error: expect.stringContaining('"1951-03-04 6 pm" is not a time'),
    });
    expect(parseValue('type', 'postcard', false)).toMatchObject({
      ok: false,
      error: expect.stringContaining('"postcard" is not a document type'),
    });
    expect(parseValue('quantity', 'many pilots', false)).toMatchObject({
      ok: false,
      error: expect.stringContaining('is not a quantity'),
    });
  });

  it('reads quantities with ranges, thousands and no unit', () => {
    expect(parseQuantity('1,500 tankists')).toEqual({
      min: 1500,
      max: 1500,
      unit: 'tankists',
    });
    expect(parseQuantity('200 to 300 radio operators')).toEqual({
      min: 200,
      max: 300,
      unit: 'radio operators',
    });
    expect(parseQuantity('12')).toEqual({ min: 12, max: 12, unit: '' });
    expect(parseQuantity('300-200 pilots')).toBeNull();
    expect(parseQuantity('pilots')).toBeNull();
  });

  it('reads new entries: a distribution entry, a request, a name', () => {
    expect(parseEntry('distribution', { name: 'Beria', copies: '1' })).toEqual({
      ok: true,
      value: { name: 'Beria', copies: 1 },
    });
    expect(
      parseEntry('request', { number: '3', text: 'To send instructors.' })
    ).toEqual({
      ok: true,
      value: { number: 3, text: 'To send instructors.', quantities: [] },
    });
    expect(parseEntry('name', { value: 'Vasilevsky' })).toEqual({
      ok: true,
      value: 'Vasilevsky',
    });
    expect(parseEntry('distribution', { name: 'Beria', copies: '' })).toEqual({
      ok: false,
      error: 'Copies: Type a value, or select it in the source text.',
    });
  });

  it('shows a held value in its input as it is typed', () => {
    expect(inputText('datetime', '1950-10-09T07:05')).toBe('1950-10-09 07:05');
    expect(
      inputText('quantity', { min: 2000, max: 2000, unit: 'pilots' })
    ).toBe('2,000 pilots');
    expect(inputText('text', null)).toBe('');
  });
});

describe('web corrections: showing them', () => {
  it('writes a change in words for each operation', () => {
    expect(
      changeText({ op: 'set', oldValue: 'Malenkov', value: 'Molotov' })
    ).toBe('Malenkov → Molotov');
    expect(
      changeText({
        op: 'add',
        oldValue: null,
        value: { name: 'Beria', copies: 1 },
      })
    ).toBe('added Beria – 1');
    expect(
      changeText({
        op: 'remove',
        oldValue: { min: 5, max: 5, unit: 'tanks' },
        value: null,
      })
    ).toBe('removed 5 tanks');
    expect(formatValue(null)).toBe('(empty)');
    expect(formatValue({ number: 2, text: 'To permit the training.' })).toBe(
      '2. To permit the training.'
    );
  });

  it('names an AWS principal by its session and role, a local user as is', () => {
    expect(
      shortPrincipal(
        'arn:aws:sts::123456789012:assumed-role/ArchiveReviewer/alice'
      )
    ).toBe('alice (ArchiveReviewer)');
    expect(shortPrincipal('arn:aws:iam::123456789012:user/bob')).toBe('bob');
    expect(shortPrincipal('archivist')).toBe('archivist');
    expect(byWhen({ by: 'archivist', at: '2024-05-01T10:20:31.123Z' })).toBe(
      'by archivist, 2024-05-01 10:20 UTC'
    );
  });

  it('finds the corrected mark of a value, or of the entry it belongs to', () => {
    const mark = { by: 'a', at: '2024-05-01T10:20:00Z', correctionId: 'c1' };
    const other = { ...mark, correctionId: 'c2' };
    const corrected = {
      'telegram.distribution.recipients.2': mark,
      'authors.0': other,
      'telegram.distribution.recipients': other,
    };

    expect(
      correctedMark('telegram.distribution.recipients.2.copies', corrected)
    ).toBe(mark);
    expect(correctedMark('authors.0', corrected)).toBe(other);
    // the list's own mark (an entry removed) is not a mark of its entries
    expect(
      correctedMark('telegram.distribution.recipients.1.name', corrected)
    ).toBeNull();
    expect(correctedMark('authors.1', corrected)).toBeNull();
    expect(correctedMark('title', undefined)).toBeNull();
  });
});

describe('web corrections: places in the text', () => {
  const TEXT =
    'Copies: Stalin - 2, Molotov - 1,\nMolotov  V.M. - 1. Signed: MOLOTOV';

  it('finds every place of a typed value, case and line breaks aside', () => {
    const found = findOccurrences(TEXT, 'molotov v.m.');

    expect(found).toHaveLength(1);
    const [place] = found;
    expect(TEXT.slice(place!.start, place!.end)).toBe('Molotov  V.M.');
    expect(place!.before).toBe('ies: Stalin - 2, Molotov - 1, ');
    expect(findOccurrences(TEXT, 'Molotov').map((p) => p.start)).toEqual([
      20,
      33,
      TEXT.indexOf('MOLOTOV'),
    ]);
    expect(findOccurrences(TEXT, '   ')).toEqual([]);
    expect(findOccurrences(TEXT, 'Beria')).toEqual([]);
  });

  it('takes regular-expression characters in a value literally', () => {
    expect(findOccurrences('cost (2+2) rubles', '(2+2)')).toMatchObject([
      { start: 5, end: 10 },
    ]);
  });

  it('trims white space off a selection, and drops one of white space only', () => {
    const text = 'To: \n Molotov \n';

    expect(trimSpan(text, { start: 3, end: 15 })).toEqual({
      start: 6,
      end: 13,
    });
    expect(trimSpan(text, { start: 3, end: 6 })).toBeNull();
    expect(trimSpan(text, { start: 6, end: 99 })).toEqual({
      start: 6,
      end: 13,
    });
  });
});

describe('web API errors in words', () => {
  it('keeps a refusal that says what to do, and explains a bare one', () => {
    const boundary = new ApiError(
      401,
      'this server needs its per-run secret: open the URL the archive command printed'
    );
    const gateway = new ApiError(403, 'Forbidden');
    const bad = new ApiError(400, "span: the text at 3-9 reads 'Beria'");

    expect(errorMessage(boundary)).toBe(boundary.message);
    expect(errorMessage(gateway)).toBe(`Forbidden. ${REFUSED_HINT}`);
    expect(errorMessage(bad)).toBe(bad.message);
    expect([boundary.refused, gateway.refused, bad.refused]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
