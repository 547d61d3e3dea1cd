import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode } from '#shared/decode/index.ts';
import { BILINGUAL_SAMPLE, BILINGUAL_SAMPLE_LF } from './helpers.ts';

/** Written for these tests: accented Latin words, no Cyrillic. */
const LATIN_SAMPLE =
  'Rapport de l’ambassade: le café près de la Müllerstraße.\r\n' +
  'Größe «façade» à Noël; ¿Qué año? — Señor Ibáñez.\r\n';

const LATIN1_SAMPLE = LATIN_SAMPLE.replace('’', "'").replace('—', '-');

describe('decode (plain text encodings)', () => {
  it('decodes UTF-8 without a BOM and normalizes CRLF to LF', async () => {
    // Prepare
    const bytes = Buffer.from(BILINGUAL_SAMPLE, 'utf8');

    // Act
    const result = await decode(bytes, { key: 'incoming/utf8.txt' });

    // Assess
    expect(result).toEqual({
      ok: true,
      text: BILINGUAL_SAMPLE_LF,
      format: 'text',
      encoding: 'utf-8',
    });
  });

  it('drops a UTF-8 BOM', async () => {
    // Prepare
    const bytes = iconv.encode(BILINGUAL_SAMPLE, 'utf8', { addBOM: true });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toEqual({
      ok: true,
      text: BILINGUAL_SAMPLE_LF,
      format: 'text',
      encoding: 'utf-8',
    });
  });

  it.each([
    ['utf-16le', [0xff, 0xfe]],
    ['utf-16be', [0xfe, 0xff]],
  ])('decodes %s with its BOM', async (encoding, bom) => {
    // Prepare
    const bytes = iconv.encode(BILINGUAL_SAMPLE, encoding, { addBOM: true });
    expect([...bytes.subarray(0, 2)]).toEqual(bom);

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toEqual({
      ok: true,
      text: BILINGUAL_SAMPLE_LF,
      format: 'text',
      encoding,
    });
  });

  it.each(['utf-16le', 'utf-16be'])(
    'recognizes BOM-less %s by its byte pattern',
    async (encoding) => {
      // Prepare
      const english = 'Ciphered telegram No. 600382/sh\nTo Comrade STALIN\n';
      const russian = 'Шифротелеграмма товарищу Сталину\n';

      // Act
      const a = await decode(iconv.encode(english, encoding));
      const b = await decode(iconv.encode(russian, encoding));

      // Assess
      expect(a).toEqual({ ok: true, text: english, format: 'text', encoding });
      expect(b).toEqual({ ok: true, text: russian, format: 'text', encoding });
    }
  );

  it('decodes UTF-32 with its BOM', async () => {
    // Prepare
    const bytes = iconv.encode(BILINGUAL_SAMPLE, 'utf-32le', { addBOM: true });

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toEqual({
      ok: true,
      text: BILINGUAL_SAMPLE_LF,
      format: 'text',
      encoding: 'utf-32le',
    });
  });

  it('detects Windows-1251 Cyrillic', async () => {
    // Prepare
    const bytes = iconv.encode(BILINGUAL_SAMPLE, 'windows-1251');

    // Act
    const result = await decode(bytes, { key: 'incoming/cp1251.txt' });

    // Assess
    expect(result).toEqual({
      ok: true,
      text: BILINGUAL_SAMPLE_LF,
      format: 'text',
      encoding: 'windows-1251',
    });
  });

  it('detects Latin-1 accented Latin text', async () => {
    // Prepare
    const bytes = iconv.encode(LATIN1_SAMPLE, 'latin1');

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toEqual({
      ok: true,
      text: LATIN1_SAMPLE.replace(/\r\n/g, '\n'),
      format: 'text',
      encoding: 'latin1',
    });
  });

  it('reads Windows-1252 curly quotes and dashes instead of C1 controls', async () => {
    // Prepare
    const bytes = iconv.encode(LATIN_SAMPLE, 'windows-1252');

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toEqual({
      ok: true,
      text: LATIN_SAMPLE.replace(/\r\n/g, '\n'),
      format: 'text',
      encoding: 'windows-1252',
    });
  });

  it.each([
    ['Москва', 'windows-1251'],
    ['в Москве и Пекине', 'windows-1251'],
    ['ЗАПРОС ТОВАРИЩУ ФИЛИППОВУ', 'windows-1251'],
    ['café', 'latin1'],
    ['Müller à Zürich', 'latin1'],
    ['ÉTÉ', 'latin1'],
  ])(
    'tells cp1251 from latin-1 in the short text %j',
    async (sample, expected) => {
      // Prepare
      const bytes = iconv.encode(sample, expected);

      // Act
      const result = await decode(bytes);

      // Assess
      expect(result).toMatchObject({
        ok: true,
        text: sample,
        encoding: expected,
      });
    }
  );

  it.each(['юяаа аа', 'яюшка и юла'])(
    'does not mistake cp1251 %j for a UTF-16 BOM',
    async (sample) => {
      // Prepare: FE FF / FF FE are "юя" / "яю" in cp1251
      const bytes = iconv.encode(sample, 'windows-1251');

      // Act
      const result = await decode(bytes);

      // Assess
      expect(result).toMatchObject({
        ok: true,
        text: sample,
        encoding: 'windows-1251',
      });
    }
  );

  it('prefers valid UTF-8 over a declared charset', async () => {
    // Prepare
    const bytes = Buffer.from('Шифротелеграмма', 'utf8');

    // Act
    const result = await decode(bytes, {
      contentType: 'text/plain; charset=windows-1251',
    });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      text: 'Шифротелеграмма',
      encoding: 'utf-8',
    });
  });

  it('uses a declared charset when the bytes are not UTF-8', async () => {
    // Prepare: KOI8-R is not guessed, only taken from the content type
    const bytes = iconv.encode('Шифротелеграмма из Пекина', 'koi8-r');

    // Act
    const result = await decode(bytes, {
      contentType: 'text/plain; charset="KOI8-R"',
    });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      text: 'Шифротелеграмма из Пекина',
      encoding: 'koi8-r',
    });
  });

  it('does not trust a latin-1 label on Cyrillic bytes', async () => {
    // Prepare
    const bytes = iconv.encode('Шифротелеграмма из Пекина', 'windows-1251');

    // Act
    const result = await decode(bytes, {
      contentType: 'text/plain; charset=ISO-8859-1',
    });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      text: 'Шифротелеграмма из Пекина',
      encoding: 'windows-1251',
    });
  });

  it('normalizes CR and CRLF line endings and changes nothing else', async () => {
    // Prepare
    const raw =
      '  Indented line  \r\n\tTabbed\u00a0nbsp\r\rOld Mac\r\n\r\n\r\nEnd  ';

    // Act
    const result = await decode(Buffer.from(raw, 'utf8'));

    // Assess
    expect(result).toMatchObject({
      ok: true,
      text: '  Indented line  \n\tTabbed\u00a0nbsp\n\nOld Mac\n\n\nEnd  ',
    });
  });

  it('labels pure ASCII as utf-8', async () => {
    // Act
    const result = await decode(Buffer.from('No. 1447/sh\n9 October 1950\n'));

    // Assess
    expect(result).toEqual({
      ok: true,
      text: 'No. 1447/sh\n9 October 1950\n',
      format: 'text',
      encoding: 'utf-8',
    });
  });

  it('reports a file of only whitespace or only a BOM as empty', async () => {
    // Act
    const spaces = await decode(Buffer.from(' \r\n\t\n'), { key: 'blank.txt' });
    const bom = await decode(new Uint8Array([0xef, 0xbb, 0xbf]), {
      key: 'bom.txt',
    });

    // Assess
    expect(spaces).toMatchObject({ ok: false, reason: 'empty' });
    expect(bom).toMatchObject({ ok: false, reason: 'empty' });
    if (!spaces.ok) expect(spaces.message).toContain('blank.txt');
  });

  it('keeps a text with one stray control character', async () => {
    // Prepare: old DOS files end with a ^Z
    const bytes = Buffer.from('Telegram text\r\n\u001a', 'latin1');

    // Act
    const result = await decode(bytes);

    // Assess
    expect(result).toMatchObject({ ok: true, text: 'Telegram text\n\u001a' });
  });
});
