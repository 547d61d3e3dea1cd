/** Whether decoding left an object's bytes as they were (no derived copy). */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode, isVerbatimUtf8 } from '#shared/decode/index.ts';

const page = 'To Comrade Ivanov.\nЖелаю успеха. 🙂\n';

async function verbatim(bytes: Uint8Array): Promise<boolean> {
  const decoded = await decode(bytes, { key: 'incoming/page.txt' });
  if (!decoded.ok) throw new Error(decoded.message);
  return isVerbatimUtf8(bytes, decoded.text);
}

describe('isVerbatimUtf8', () => {
  it('holds for a UTF-8 text, astral characters included', async () => {
    expect(await verbatim(Buffer.from(page))).toBe(true);
  });

  it.each([
    [
      'a byte-order mark',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page)]),
    ],
    ['CRLF line endings', Buffer.from(page.replace(/\n/g, '\r\n'))],
    [
      'windows-1251',
      iconv.encode('Товарищу Иванову.\nСекретно.\n', 'windows-1251'),
    ],
    ['UTF-16 with a BOM', iconv.encode(page, 'utf-16le', { addBOM: true })],
    ['an HTML page', Buffer.from(`<html><body><p>${page}</p></body></html>`)],
  ])('fails for %s', async (_name, bytes) => {
    expect(await verbatim(bytes)).toBe(false);
  });

  it('fails for a text with a lone surrogate, which UTF-8 cannot hold', () => {
    expect(isVerbatimUtf8(Buffer.from('a\uD800b'), 'a\uD800b')).toBe(false);
  });
});
