/**
 * Writes the scan fixtures of the OCR tests (fixtures/scans/) from page texts
 * the project wrote itself (fixtures/scans/source/*.txt, copies of
 * fixtures/pages/ samples, kept beside the scans so each scan stays paired
 * with the text it shows):
 *
 * - PNG at 150 and 300 dpi (serif, wrapped to the page width like a printed
 *   page), a typewriter page at 150 dpi and as a bilevel Group 4 TIFF at
 *   300 dpi (a fax-style scan);
 * - a page fed 1.5° crooked, and a noisy, slightly blurred JPEG;
 * - a two-page image-only PDF (one grayscale JPEG per page, no text layer),
 *   written by hand here like scripts/make-decode-fixtures.ts does;
 * - frameless pages (the document alone, no website frame) from
 *   fixtures/frameless/pages/, copied into source/ as `frameless-<name>.txt`:
 *   a typewritten ciphered telegram at 150 dpi, a record of conversation at
 *   300 dpi, and a cable fed 1° crooked the other way than the one above;
 * - a blank page and a "photo" without text (shapes, gradient, noise).
 *
 * Pages are drawn with @napi-rs/canvas in the Liberation fonts
 * (/usr/share/fonts/truetype/liberation), then converted (gray levels,
 * rotation, noise, TIFF/JPEG) with ImageMagick 6 (`apt-get install -y
 * imagemagick`: /usr/bin/convert). Run:
 * `npx tsx scripts/make-scan-fixtures.ts`. Noise is seeded and dates are
 * stripped, so a re-run with the same ImageMagick reproduces the files.
 * fixtures/scans/manifest.json says which text each scan shows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { wrapLines } from './make-scans.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'scans');
const SOURCE = join(ROOT, 'source');
const FRAMELESS = join(import.meta.dirname, '..', 'fixtures', 'frameless');
const CONVERT = process.env.CONVERT ?? '/usr/bin/convert';

/** What the tests read: scan file → source text (null: no text on it). */
export interface ScanFixture {
  file: string;
  source: string | null;
  variant: string;
  dpi: number | null;
}

/** Options that keep ImageMagick output free of dates and metadata. */
const STABLE = [
  '-strip',
  '+set',
  'date:create',
  '+set',
  'date:modify',
  '-define',
  'png:exclude-chunks=date,time',
];

interface Render {
  text: string;
  dpi: number;
  font: string;
  pointsize: number;
  /** Text width in inches (the page's measure). */
  width: number;
}

function convert(args: string[]): void {
  execFileSync(CONVERT, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Renders text as a printed page: each paragraph wrapped to the measure by
 * its measured width (as a typesetter would; ImageMagick's `caption:` fails
 * on some point sizes), blank lines kept, black on white, with margins.
 * Returns the path of a PNG in `dir`.
 */
function renderPage(r: Render, dir: string, name: string): string {
  const px = (pt: number) => (pt * r.dpi) / 72;
  const size = px(r.pointsize);
  const lineHeight = Math.round(size * 1.2);
  const margin = Math.round(r.dpi * 0.6);
  const measure = Math.round(r.width * r.dpi);
  const font = `${size}px "${r.font}"`;
  const lines = wrapLines(r.text, font, measure);
  const canvas = createCanvas(
    measure + 2 * margin,
    lines.length * lineHeight + 2 * margin
  );
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = 'black';
  ctx.font = font;
  ctx.textBaseline = 'alphabetic';
  lines.forEach((line, i) => {
    ctx.fillText(line, margin, margin + i * lineHeight + size);
  });
  const path = join(dir, `${name}.png`);
  writeFileSync(path, canvas.toBuffer('image/png'));
  return path;
}

function source(name: string): string {
  return readFileSync(join(SOURCE, name), 'utf8').replace(/\s+$/, '');
}

/**
 * Copies a frameless page (fixtures/frameless/pages/<name>.txt, which has a
 * gold record there) into source/ as `frameless-<name>.txt`, so the scan
 * stays paired with the very text it shows; returns that source's name.
 */
function framelessSource(name: string): string {
  const copy = `frameless-${name}.txt`;
  writeFileSync(
    join(SOURCE, copy),
    readFileSync(join(FRAMELESS, 'pages', `${name}.txt`), 'utf8')
  );
  return copy;
}

const FONTS = '/usr/share/fonts/truetype/liberation';
const SERIF = 'Liberation Serif';
const MONO = 'Liberation Mono';
GlobalFonts.registerFromPath(join(FONTS, 'LiberationSerif-Regular.ttf'), SERIF);
GlobalFonts.registerFromPath(join(FONTS, 'LiberationMono-Regular.ttf'), MONO);

function main(): void {
  const fixtures: ScanFixture[] = [];
  const add = (
    file: string,
    src: string | null,
    variant: string,
    dpi: number | null
  ) => fixtures.push({ file, source: src, variant, dpi });
  const tmp = mkdtempSync(join(tmpdir(), 'scan-fixtures-'));
  const page = (r: Render, name: string) => renderPage(r, tmp, name);
  const gray = ['-colorspace', 'Gray'];
  try {
    const letter = source('letter-kim-il-sung-1949.txt');
    for (const dpi of [150, 300]) {
      const file = `letter-kim-il-sung-1949.${dpi}dpi.png`;
      const r = { text: letter, dpi, font: SERIF, pointsize: 12, width: 6 };
      convert([page(r, file), ...gray, '-depth', '2', ...STABLE, out(file)]);
      add(file, 'letter-kim-il-sung-1949.txt', `serif, ${dpi} dpi`, dpi);
    }

    const filippov = source('telegram-filippov-1951.txt');
    const typed = { text: filippov, font: MONO, pointsize: 11, width: 6.5 };
    let file = 'telegram-filippov-1951.150dpi.png';
    convert([
      page({ ...typed, dpi: 150 }, file),
      ...gray,
      '-depth',
      '2',
      ...STABLE,
      out(file),
    ]);
    add(file, 'telegram-filippov-1951.txt', 'typewriter, 150 dpi', 150);
    file = 'telegram-filippov-1951.300dpi.tif';
    convert([
      page({ ...typed, dpi: 300 }, file),
      ...gray,
      '-threshold',
      '55%',
      '-monochrome',
      '-compress',
      'Group4',
      ...STABLE,
      out(file),
    ]);
    add(
      file,
      'telegram-filippov-1951.txt',
      'typewriter, 300 dpi, bilevel Group 4 TIFF',
      300
    );

    file = 'x-cable-kovalev-1949.rotated.png';
    convert([
      page(
        {
          text: source('x-cable-kovalev-1949.txt'),
          dpi: 200,
          font: SERIF,
          pointsize: 11,
          width: 6.5,
        },
        file
      ),
      ...gray,
      '-background',
      'white',
      '-rotate',
      '1.5',
      '+repage',
      '-depth',
      '2',
      ...STABLE,
      out(file),
    ]);
    add(file, 'x-cable-kovalev-1949.txt', 'rotated 1.5°, 200 dpi', 200);

    file = 'record-of-conversation-1952.noisy.jpg';
    convert([
      page(
        {
          text: source('record-of-conversation-1952.txt'),
          dpi: 150,
          font: SERIF,
          pointsize: 12,
          width: 6,
        },
        file
      ),
      ...gray,
      '-blur',
      '0x0.6',
      '-seed',
      '1952',
      '-attenuate',
      '0.6',
      '+noise',
      'Gaussian',
      ...gray,
      '-quality',
      '40',
      ...STABLE,
      out(file),
    ]);
    add(
      file,
      'record-of-conversation-1952.txt',
      'noise and blur, JPEG quality 40, 150 dpi',
      150
    );

    // two pages: the report split at a paragraph boundary near its middle
    const report = source('report-vyshinsky-1953.txt');
    const cut = report.indexOf('\n\nA. VYSHINSKY');
    const jpegs = [report.slice(0, cut), report.slice(cut + 2)].map(
      (text, i) => {
        const jpg = join(tmp, `page-${i + 1}.jpg`);
        convert([
          page(
            { text, dpi: 150, font: SERIF, pointsize: 12, width: 6 },
            `page-${i + 1}`
          ),
          ...gray,
          '-gravity',
          'north',
          '-background',
          'white',
          '-extent',
          `${Math.round(7.2 * 150)}x${Math.round(9.5 * 150)}`,
          '-quality',
          '35',
          ...STABLE,
          jpg,
        ]);
        return readFileSync(jpg);
      }
    );
    file = 'report-vyshinsky-1953.2pages.pdf';
    writeFileSync(out(file), imagePdf(jpegs, 150));
    add(
      file,
      'report-vyshinsky-1953.txt',
      'two-page image-only PDF, 150 dpi JPEG pages',
      150
    );

    // frameless pages: the document alone, as a transcript or scan shows it
    const telegram = framelessSource('telegram-shtykov-1949');
    file = 'frameless-telegram-shtykov-1949.150dpi.png';
    convert([
      page(
        {
          text: source(telegram),
          dpi: 150,
          font: MONO,
          pointsize: 11,
          width: 6.5,
        },
        file
      ),
      ...gray,
      '-depth',
      '2',
      ...STABLE,
      out(file),
    ]);
    add(file, telegram, 'frameless, typewriter, 150 dpi', 150);

    const conversation = framelessSource('conversation-choe-hyon-gun-1951');
    file = 'frameless-conversation-choe-hyon-gun-1951.300dpi.png';
    convert([
      page(
        {
          text: source(conversation),
          dpi: 300,
          font: SERIF,
          pointsize: 12,
          width: 6,
        },
        file
      ),
      ...gray,
      '-depth',
      '2',
      ...STABLE,
      out(file),
    ]);
    add(file, conversation, 'frameless, serif, 300 dpi', 300);

    const cable = framelessSource('cable-pyongyang-1967');
    file = 'frameless-cable-pyongyang-1967.rotated.png';
    convert([
      page(
        {
          text: source(cable),
          dpi: 200,
          font: SERIF,
          pointsize: 11,
          width: 6.5,
        },
        file
      ),
      ...gray,
      '-background',
      'white',
      '-rotate',
      '-1',
      '+repage',
      '-depth',
      '2',
      ...STABLE,
      out(file),
    ]);
    add(file, cable, 'frameless, rotated -1°, 200 dpi', 200);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  convert([
    '-size',
    '1275x1650',
    'xc:white',
    ...gray,
    '-depth',
    '1',
    ...STABLE,
    out('blank.png'),
  ]);
  add('blank.png', null, 'blank page', 150);

  convert([
    '-size',
    '640x480',
    'gradient:#6a8caf-#d9c9a3',
    '-fill',
    '#3b5d2a',
    '-draw',
    'ellipse 200,400 260,120 0,360',
    '-fill',
    '#8a6d4b',
    '-draw',
    'polygon 380,480 470,190 560,480',
    '-fill',
    '#f3e2a8',
    '-draw',
    'circle 520,90 550,90',
    '-blur',
    '0x4',
    '-seed',
    '640',
    '-attenuate',
    '0.4',
    '+noise',
    'Gaussian',
    '-quality',
    '70',
    ...STABLE,
    out('photo.jpg'),
  ]);
  add('photo.jpg', null, 'photo without text (landscape shapes)', null);

  writeFileSync(
    join(ROOT, 'manifest.json'),
    `${JSON.stringify(fixtures, null, 2)}\n`
  );
}

function out(file: string): string {
  return join(ROOT, file);
}

/** Width and height of a baseline or progressive JPEG (its SOF marker). */
function jpegSize(jpg: Uint8Array): { width: number; height: number } {
  let i = 2;
  while (i + 9 < jpg.length) {
    if (jpg[i] !== 0xff) throw new Error('bad JPEG marker');
    const marker = jpg[i + 1]!;
    const length = (jpg[i + 2]! << 8) | jpg[i + 3]!;
    if (marker >= 0xc0 && marker <= 0xc3) {
      return {
        height: (jpg[i + 5]! << 8) | jpg[i + 6]!,
        width: (jpg[i + 7]! << 8) | jpg[i + 8]!,
      };
    }
    i += 2 + length;
  }
  throw new Error('no SOF marker in JPEG');
}

/** A PDF whose pages each paint one grayscale JPEG, and nothing else. */
export function imagePdf(jpegs: readonly Uint8Array[], dpi: number): Buffer {
  const objects: Buffer[] = [];
  const n = jpegs.length;
  // 1 catalog, 2 pages, then per page: page, content, image
  const kids = jpegs.map((_, i) => `${3 + i * 3} 0 R`).join(' ');
  objects.push(Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'));
  objects.push(Buffer.from(`<< /Type /Pages /Kids [${kids}] /Count ${n} >>`));
  jpegs.forEach((jpg, i) => {
    const { width, height } = jpegSize(jpg);
    const w = ((width * 72) / dpi).toFixed(2);
    const h = ((height * 72) / dpi).toFixed(2);
    const page = 3 + i * 3;
    objects.push(
      Buffer.from(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${page + 2} 0 R >> >> /Contents ${page + 1} 0 R >>`
      )
    );
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q\n`;
    objects.push(
      Buffer.from(
        `<< /Length ${content.length} >>\nstream\n${content}endstream`
      )
    );
    objects.push(
      Buffer.concat([
        Buffer.from(
          `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpg.length} >>\nstream\n`
        ),
        Buffer.from(jpg),
        Buffer.from('\nendstream'),
      ])
    );
  });
  const chunks: Buffer[] = [
    Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
  ];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`),
      body,
      Buffer.from('\nendobj\n'),
    ]);
    chunks.push(chunk);
    offset += chunk.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(offset),
    '%%EOF',
    '',
  ].join('\n');
  chunks.push(Buffer.from(xref));
  return Buffer.concat(chunks);
}

if (process.argv[1] === import.meta.filename) main();
