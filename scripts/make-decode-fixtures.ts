/**
 * Writes the PDF fixtures of the decode tests, by hand (no PDF library):
 *
 * - fixtures/decode/telegram.pdf: two pages of text in Helvetica
 *   (WinAnsiEncoding, so the em and en dashes are single bytes);
 * - fixtures/decode/image-only.pdf: one page that only paints an 8x8 gray
 *   image, as a scan would: no text operators at all.
 *
 * Run: `npx tsx scripts/make-decode-fixtures.ts`. Output is deterministic, so
 * re-running it leaves the committed files unchanged.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';

const OUT_DIR = join(import.meta.dirname, '..', 'fixtures', 'decode');

/** The text of each page, one entry per line ('' is an empty line). */
export const TELEGRAM_PAGES: readonly (readonly string[])[] = [
  [
    'Ciphered Telegram No. 41207/sh',
    'From BEIJING. Sent 3.3.51 23:40. Received 4.3.51 06:15.',
    'To Comrade FILIPPOV [Stalin]',
    '',
    'ZHOU ENLAI asked me to transmit the following requests (urgent):',
    '1. To deliver 120 steam locomotives \u2014 in April\u2013May 1951.',
  ],
  [
    '2. To send 35-40 railway specialists to Andong.',
    'BELOUSOV',
    'Typed by Orlova on 4.3.51 at 09:30 \\ copy 1',
  ],
];

/** A PDF string literal: ( ) \ escaped, non-ASCII as WinAnsi octal codes. */
function pdfString(text: string): string {
  const bytes = iconv.encode(text, 'windows-1252');
  let out = '(';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (byte < 0x20 || byte > 0x7e)
      out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out})`;
}

/** Builds a PDF from object bodies (object n is `objects[n - 1]`). */
function buildPdf(objects: readonly (string | Uint8Array)[]): Uint8Array {
  const chunks: Buffer[] = [];
  let length = 0;
  const push = (chunk: string | Uint8Array) => {
    const buffer =
      typeof chunk === 'string'
        ? Buffer.from(chunk, 'latin1')
        : Buffer.from(chunk);
    chunks.push(buffer);
    length += buffer.length;
  };
  push('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(length);
    push(`${index + 1} 0 obj\n`);
    push(body);
    push('\nendobj\n');
  });
  const xref = length;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const offset of offsets) {
    push(`${String(offset).padStart(10, '0')} 00000 n \n`);
  }
  push(
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  );
  return Buffer.concat(chunks);
}

function stream(dict: string, data: string | Uint8Array): Uint8Array {
  const bytes =
    typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  return Buffer.concat([
    Buffer.from(`<< ${dict} /Length ${bytes.length} >>\nstream\n`, 'latin1'),
    bytes,
    Buffer.from('\nendstream', 'latin1'),
  ]);
}

/** Page content: one line per `T*`, 14 pt leading, from the top margin. */
function textContent(lines: readonly string[]): string {
  const ops = ['BT', '/F1 11 Tf', '14 TL', '72 740 Td'];
  lines.forEach((line, index) => {
    if (index > 0) ops.push('T*');
    if (line !== '') ops.push(`${pdfString(line)} Tj`);
  });
  ops.push('ET');
  return ops.join('\n');
}

export function telegramPdf(): Uint8Array {
  // 1 catalog, 2 pages, 3 font, then (page, content) pairs
  const pageIds = TELEGRAM_PAGES.map((_, i) => 4 + i * 2);
  const objects: (string | Uint8Array)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ];
  for (const [i, lines] of TELEGRAM_PAGES.entries()) {
    const contentId = 5 + i * 2;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentId} 0 R >>`
    );
    objects.push(stream('', textContent(lines)));
  }
  return buildPdf(objects);
}

export function imageOnlyPdf(): Uint8Array {
  const pixels = new Uint8Array(64);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>',
    stream('', 'q 400 0 0 400 100 200 cm /Im1 Do Q'),
    stream(
      '/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8',
      pixels
    ),
  ]);
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(join(OUT_DIR, 'telegram.pdf'), telegramPdf());
  writeFileSync(join(OUT_DIR, 'image-only.pdf'), imageOnlyPdf());
  console.log(`wrote telegram.pdf and image-only.pdf to ${OUT_DIR}`);
}
