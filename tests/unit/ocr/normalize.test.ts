import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeOcrText } from '#shared/decode/ocr/normalize.ts';
import { extract } from '#shared/extract/index.ts';

describe('normalizeOcrText', () => {
  it('spells out typographic ligatures', () => {
    // Act
    const text = normalizeOcrText('the ﬁrst ﬂight, eﬀect, oﬃce, baﬄe');
    // Assess
    expect(text).toBe('the first flight, effect, office, baffle');
  });

  it('turns curly quotes and primes into ASCII quotes', () => {
    // Act
    const text = normalizeOcrText('“Top Secret” ‘copy’ teachers’ 5′ 6″');
    // Assess
    expect(text).toBe("\"Top Secret\" 'copy' teachers' 5' 6\"");
  });

  it('reads the number sign OCR gives as N°, N⁰, N˚ or № as Nº', () => {
    // Act
    const text = normalizeOcrText(
      'CABLE N° 61207\nCopy N⁰ 1\nN˚ 301 KOVALEV\n№ 600382\nNo. 5 and Nº 6'
    );
    // Assess
    expect(text).toBe(
      'CABLE Nº 61207\nCopy Nº 1\nNº 301 KOVALEV\nNº 600382\nNo. 5 and Nº 6'
    );
  });

  it('lets the extractor read a telegram number and distribution behind an OCR number sign', () => {
    // Prepare
    const ocr = [
      'December 3, 1949',
      '',
      'Cable N° 61207, Kovalev to Cde. Filippov [Stalin]',
      '',
      'CABLE N° 61207',
      'Copy N° 2 to Cde. Stalin',
    ].join('\n');
    // Act
    const record = extract(normalizeOcrText(ocr));
    // Assess
    expect(record.telegram?.number).toBe('61207');
  });

  it('joins words hyphenated at a line end', () => {
    // Act
    const text = normalizeOcrText('asked me to trans-\nmit the following');
    // Assess
    expect(text).toBe('asked me to transmit the following');
  });

  it('keeps the hyphen of a compound the page spells with one elsewhere, and before a capital', () => {
    // Act
    const text = normalizeOcrText(
      'teachers of the Russian-\nlanguage for Russian-language schools; the Sino-\nSoviet treaty'
    );
    // Assess
    expect(text).toBe(
      'teachers of the Russian-language for Russian-language schools; the Sino-Soviet treaty'
    );
  });

  it('drops soft hyphens', () => {
    // Act
    const text = normalizeOcrText('ammu\u00ADnition and trac\u00AD\ntors');
    // Assess
    expect(text).toBe('ammunition and tractors');
  });

  it('repairs O and l read inside numbers, but not words or numerals without digits', () => {
    // Act
    const text = normalizeOcrText(
      'on 2O.O7.5O at 1O:45, 15O,OOO copies; Kim Il Sung; Appendix II; d. 3, l.15'
    );
    // Assess
    expect(text).toBe(
      'on 20.07.50 at 10:45, 150,000 copies; Kim Il Sung; Appendix II; d. 3, l.15'
    );
  });

  it('fixes listy and archive acronyms in citation lines only', () => {
    // Act
    const text = normalizeOcrText(
      [
        'RGASPL, f. 558, op. 11, d. 332, 1. 15.',
        'AVP RF, fond 0102, opis 5, papka 11, delo 47, 11. 3-4.',
        'GARF, f. 5446, op. 1, d. 2, l. 7.',
        '1. To supply 150 copies.',
        'RGASPL asked for copies.',
      ].join('\n')
    );
    // Assess
    expect(text.split('\n')).toEqual([
      'RGASPI, f. 558, op. 11, d. 332, l. 15.',
      'AVP RF, fond 0102, opis 5, papka 11, delo 47, ll. 3-4.',
      'GARF, f. 5446, op. 1, d. 2, l. 7.',
      '1. To supply 150 copies.',
      'RGASPL asked for copies.',
    ]);
  });

  it('keeps every word, however unsure, and trims only spaces and outer blank lines', () => {
    // Act
    const text = normalizeOcrText(
      '\n\n  xq#7 ~~ ll|  \tword  \n\n\nnext  \n\n'
    );
    // Assess
    expect(text).toBe('xq#7 ~~ ll| word\n\n\nnext');
  });

  it('is idempotent (normalizing twice changes nothing)', () => {
    // Prepare
    const pieces = [
      'a',
      'Z',
      'tion',
      '-',
      '\n',
      ' ',
      '1',
      '0',
      'O',
      'l',
      'I',
      '.',
      ',',
      'ﬁ',
      '’',
      '“',
      'N°',
      '№',
      'f. 5',
      'op. 1',
      'd. 2, ',
      'RGASPL',
      '\u00AD',
    ];
    const text = fc
      .array(fc.constantFrom(...pieces), { maxLength: 40 })
      .map((parts) => parts.join(''));
    // Act + Assess
    fc.assert(
      fc.property(text, (t) => {
        const once = normalizeOcrText(t);
        expect(normalizeOcrText(once)).toBe(once);
      }),
      { numRuns: 500 }
    );
  });
});
