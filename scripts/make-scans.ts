/**
 * Writes the degraded scan fixtures of the OCR benchmark
 * (fixtures/scans/degraded/) from page texts the project invented
 * (fixtures/scans/degraded/source/*.txt: documents without the archive
 * website's lines, as a typed transcript or a scan of one shows them).
 *
 * Each page is drawn with @napi-rs/canvas in the Liberation fonts at
 * 150 dpi (a letter-wide sheet, 1-inch margins, cut below the text to keep
 * the fixtures small), then degraded the way real scans are, each step alone
 * and in two combinations:
 *
 * | degradation | what                                                     |
 * | ----------- | -------------------------------------------------------- |
 * | clean       | nothing (the reference: the engine on a perfect page)    |
 * | skew        | fed 3° crooked (sign seeded), bilinear                   |
 * | blur        | Gaussian blur, sigma 0.2 mm (1.2 px: a soft focus)       |
 * | light       | uneven lighting: a gradient across the sheet and a       |
 * |             | shadow along one edge (a book's gutter), paper to 35%    |
 * | stains      | four seeded blotches (tea or water marks), some ringed   |
 * | jpeg        | JPEG at quality 25                                       |
 * | scan        | blur 0.12 mm, uneven light, skew 1.5°, JPEG 50 (a quick  |
 * |             | scan of a good page)                                     |
 * | worst       | all five at full strength                                |
 *
 * Everything is done here on a gray pixel buffer, seeded per page and
 * degradation (bench/generator/random.ts), with no other tool: a re-run
 * writes the same bytes with the same @napi-rs/canvas and fonts. PNGs are
 * 8-bit gray, written by {@link encodeGrayPng} (the canvas writes RGBA, three
 * times the bytes); JPEGs come from the canvas encoder.
 *
 * Run: `npx tsx scripts/make-scans.ts`. fixtures/scans/degraded/manifest.json
 * pairs each image with its page text and degradation.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, crc32 as zlibCrc32 } from 'node:zlib';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Rng } from '#bench/generator/random.ts';

export const DEGRADED_DIR = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'scans',
  'degraded'
);
const SOURCE = join(DEGRADED_DIR, 'source');

/** A gray image: one value per pixel, 0 black to 1 white, row by row. */
export interface Gray {
  width: number;
  height: number;
  data: Float32Array;
}

/** One entry of fixtures/scans/degraded/manifest.json. */
export interface DegradedScan {
  file: string;
  /** The page text it shows, in source/. */
  source: string;
  degradation: DegradationName;
  /** The steps applied, in words. */
  steps: string;
  dpi: number;
  seed: number;
}

export const DEGRADATIONS = [
  'clean',
  'skew',
  'blur',
  'light',
  'stains',
  'jpeg',
  'scan',
  'worst',
] as const;
export type DegradationName = (typeof DEGRADATIONS)[number];

export const DPI = 150;
const FONTS = '/usr/share/fonts/truetype/liberation';
export const SERIF = 'Liberation Serif';
export const MONO = 'Liberation Mono';

/**
 * How each page is set: a typewritten telegram and a printed letter (two
 * pages × eight degradations keep the images under 1 MB in all).
 */
export const PAGES: { source: string; font: string; pointsize: number }[] = [
  { source: 'telegram-sinuiju-1953.txt', font: MONO, pointsize: 11 },
  { source: 'letter-warsaw-1958.txt', font: SERIF, pointsize: 12 },
];

let fontsLoaded = false;
function loadFonts(): void {
  if (fontsLoaded) return;
  GlobalFonts.registerFromPath(
    join(FONTS, 'LiberationSerif-Regular.ttf'),
    SERIF
  );
  GlobalFonts.registerFromPath(join(FONTS, 'LiberationMono-Regular.ttf'), MONO);
  fontsLoaded = true;
}

export interface RenderOptions {
  dpi: number;
  font: string;
  pointsize: number;
  /** Sheet size in inches (default letter, 8.5 × 11). */
  sheet?: { width: number; height: number };
  /** Margin in inches (default 1). */
  margin?: number;
}

/**
 * Draws text as a printed sheet: each paragraph wrapped to the measure by
 * its measured width, blank lines kept, black on white. Returns the gray
 * image and the bottom of the text (pixels), where stains are placed above.
 */
/**
 * Words of each paragraph set into lines no wider than `measure` pixels
 * in `font` (a CSS font string), as a typist or a printer would.
 */
export function wrapLines(
  text: string,
  font: string,
  measure: number
): string[] {
  const probe = createCanvas(10, 10).getContext('2d');
  probe.font = font;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const next = line === '' ? word : `${line} ${word}`;
      if (line !== '' && probe.measureText(next).width > measure) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}

export function renderPage(
  text: string,
  options: RenderOptions
): { image: Gray; textBottom: number; dpi: number } {
  loadFonts();
  const { dpi } = options;
  const sheet = options.sheet ?? { width: 8.5, height: 11 };
  const margin = Math.round((options.margin ?? 1) * dpi);
  const width = Math.round(sheet.width * dpi);
  const size = (options.pointsize * dpi) / 72;
  const lineHeight = Math.round(size * 1.25);
  const measure = width - 2 * margin;
  const font = `${size}px "${options.font}"`;
  const lines = wrapLines(text.replace(/\s+$/, ''), font, measure);
  const height = options.sheet
    ? Math.max(
        Math.round(sheet.height * dpi),
        lines.length * lineHeight + 2 * margin
      )
    : lines.length * lineHeight + 2 * margin;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = 'black';
  ctx.font = font;
  ctx.textBaseline = 'alphabetic';
  lines.forEach((line, i) => {
    ctx.fillText(line, margin, margin + i * lineHeight + size);
  });
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4]! / 255;
  return {
    image: { width, height, data },
    textBottom: margin + lines.length * lineHeight,
    dpi,
  };
}

/**
 * Rotates the sheet by `degrees` (positive: clockwise on screen) about its
 * centre, bilinear, onto a sheet grown to hold it; uncovered parts are white.
 */
export function skew(image: Gray, degrees: number): Gray {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const { width: w, height: h, data } = image;
  const W = Math.ceil(Math.abs(w * cos) + Math.abs(h * sin));
  const H = Math.ceil(Math.abs(w * sin) + Math.abs(h * cos));
  const out = new Float32Array(W * H);
  const cx = w / 2;
  const cy = h / 2;
  const CX = W / 2;
  const CY = H / 2;
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= w || y >= h ? 1 : data[y * w + x]!;
  for (let Y = 0; Y < H; Y++) {
    for (let X = 0; X < W; X++) {
      // inverse rotation of the output pixel centre into the source
      const dx = X + 0.5 - CX;
      const dy = Y + 0.5 - CY;
      const sx = cos * dx + sin * dy + cx - 0.5;
      const sy = -sin * dx + cos * dy + cy - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      out[Y * W + X] =
        (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
        fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }
  }
  return { width: W, height: H, data: out };
}

/** Separable Gaussian blur (edges clamped). */
export function blur(image: Gray, sigma: number): Gray {
  const r = Math.ceil(3 * sigma);
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma));
    kernel[i + r] = v;
    sum += v;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  const { width: w, height: h } = image;
  const pass = (src: Float32Array, horizontal: boolean) => {
    const dst = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let acc = 0;
        for (let k = -r; k <= r; k++) {
          const sx = horizontal ? Math.min(w - 1, Math.max(0, x + k)) : x;
          const sy = horizontal ? y : Math.min(h - 1, Math.max(0, y + k));
          acc += kernel[k + r]! * src[sy * w + sx]!;
        }
        dst[y * w + x] = acc;
      }
    }
    return dst;
  };
  return { width: w, height: h, data: pass(pass(image.data, true), false) };
}

/**
 * Uneven lighting: the sheet multiplied by a light field that falls from
 * full at one corner to about 60% at the other (direction seeded), with a
 * shadow along one side edge (a book's gutter) down to 35% of white.
 */
export function unevenLight(image: Gray, rng: Rng): Gray {
  const { width: w, height: h, data } = image;
  const angle = rng.next() * 2 * Math.PI;
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  const half = (Math.abs(ux) * w + Math.abs(uy) * h) / 2;
  const gutterLeft = rng.chance(0.5);
  const gutterWidth = w * (0.08 + 0.06 * rng.next());
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = ((x - w / 2) * ux + (y - h / 2) * uy) / half; // -1..1
      let light = 0.8 - 0.2 * t;
      const edge = gutterLeft ? x : w - 1 - x;
      light *= 1 - 0.45 * Math.exp(-edge / gutterWidth);
      out[y * w + x] = data[y * w + x]! * light;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Stains: `count` blotches with ragged edges (a radius wobbling with the
 * angle), each darkening what is under it, text included, by 25-50%; about
 * half have the darker rim a drying drop leaves. Placed over the text
 * (above `textBottom`).
 */
export function stains(
  image: Gray,
  rng: Rng,
  count: number,
  textBottom: number
): Gray {
  const { width: w, height: h } = image;
  const out = Float32Array.from(image.data);
  for (let s = 0; s < count; s++) {
    const cx = rng.int(Math.round(w * 0.15), Math.round(w * 0.85));
    const cy = rng.int(Math.round(h * 0.1), Math.min(h - 1, textBottom));
    const radius = rng.int(Math.round(w * 0.04), Math.round(w * 0.11));
    const depth = 0.25 + 0.25 * rng.next();
    const ringed = rng.chance(0.5);
    // the edge: radius × (1 + Σ a_k sin(kθ + φ_k)), k = 2..5
    const harmonics = [2, 3, 4, 5].map((k) => ({
      k,
      a: (0.12 / k) * (0.5 + rng.next()),
      phase: rng.next() * 2 * Math.PI,
    }));
    const reach = Math.ceil(radius * 1.6);
    for (let y = Math.max(0, cy - reach); y < Math.min(h, cy + reach); y++) {
      for (let x = Math.max(0, cx - reach); x < Math.min(w, cx + reach); x++) {
        const dx = x - cx;
        const dy = y - cy;
        const theta = Math.atan2(dy, dx);
        let edge = 1;
        for (const { k, a, phase } of harmonics) {
          edge += a * Math.sin(k * theta + phase);
        }
        const d = Math.hypot(dx, dy) / (radius * edge); // 1 at the edge
        if (d > 1.15) continue;
        // soft edge over the last 15%
        const inside = d < 0.85 ? 1 : Math.max(0, (1.15 - d) / 0.3);
        const rim = ringed ? 0.6 * Math.exp(-(((d - 0.95) / 0.06) ** 2)) : 0;
        const dark = Math.min(0.85, depth * (0.7 * inside + rim));
        out[y * w + x]! *= 1 - dark;
      }
    }
  }
  return { width: w, height: h, data: out };
}

function rgbaCanvas(image: Gray) {
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  const pixels = ctx.createImageData(image.width, image.height);
  for (let i = 0; i < image.data.length; i++) {
    const v = toByte(image.data[i]!);
    pixels.data[i * 4] = v;
    pixels.data[i * 4 + 1] = v;
    pixels.data[i * 4 + 2] = v;
    pixels.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(pixels, 0, 0);
  return canvas;
}

function toByte(v: number): number {
  return Math.max(0, Math.min(255, Math.round(v * 255)));
}

/** JPEG bytes of the image at `quality` (0-100), by the canvas encoder. */
export function encodeJpeg(image: Gray, quality: number): Buffer {
  return rgbaCanvas(image).toBuffer('image/jpeg', quality);
}

/**
 * A grayscale PNG (no metadata) of 16 gray levels (4 bits a pixel, half the
 * bytes of 8; the steps of 1/15 are below what changes a reading), each row
 * filtered with whichever of the five PNG filters leaves the smallest sum of
 * residues.
 */
export function encodeGrayPng(image: Gray): Buffer {
  const { width: w, height: h } = image;
  const stride = Math.ceil(w / 2);
  const raw = Buffer.alloc(h * (stride + 1));
  const row = new Uint8Array(stride);
  let prev = new Uint8Array(stride);
  const candidate = new Uint8Array(stride);
  const best = new Uint8Array(stride);
  for (let y = 0; y < h; y++) {
    row.fill(0);
    for (let x = 0; x < w; x++) {
      const v = Math.round(
        Math.max(0, Math.min(1, image.data[y * w + x]!)) * 15
      );
      row[x >> 1]! |= x & 1 ? v : v << 4;
    }
    let bestFilter = 0;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let f = 0; f < 5; f++) {
      let cost = 0;
      for (let x = 0; x < stride; x++) {
        // filters work on bytes; below 8 bits the left neighbour is the
        // previous byte
        const a = x > 0 ? row[x - 1]! : 0;
        const b = prev[x]!;
        const c = x > 0 ? prev[x - 1]! : 0;
        const predicted =
          f === 0
            ? 0
            : f === 1
              ? a
              : f === 2
                ? b
                : f === 3
                  ? (a + b) >> 1
                  : paeth(a, b, c);
        const v = (row[x]! - predicted) & 0xff;
        candidate[x] = v;
        cost += v < 128 ? v : 256 - v;
      }
      if (cost < bestCost) {
        bestCost = cost;
        bestFilter = f;
        best.set(candidate);
      }
    }
    raw[y * (stride + 1)] = bestFilter;
    raw.set(best, y * (stride + 1) + 1);
    prev = Uint8Array.from(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 4; // bit depth
  ihdr[9] = 0; // grayscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlibCrc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** A stable seed for a page and a degradation (FNV-1a of both names). */
export function seedFor(source: string, degradation: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${source}\n${degradation}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Applies one named degradation to a rendered page; returns the encoded
 * image, its extension and the steps in words.
 */
export function degrade(
  page: { image: Gray; textBottom: number; dpi: number },
  degradation: DegradationName,
  seed: number
): { bytes: Buffer; ext: 'png' | 'jpg'; steps: string } {
  const rng = new Rng(seed);
  const sign = rng.chance(0.5) ? 1 : -1;
  const { image, textBottom, dpi } = page;
  // blur is set in millimetres on paper, whatever the resolution
  const mm = (v: number) => (v * dpi) / 25.4;
  const png = (img: Gray, steps: string) => ({
    bytes: encodeGrayPng(img),
    ext: 'png' as const,
    steps,
  });
  const jpg = (img: Gray, quality: number, steps: string) => ({
    bytes: encodeJpeg(img, quality),
    ext: 'jpg' as const,
    steps,
  });
  switch (degradation) {
    case 'clean':
      return png(image, 'none');
    case 'skew':
      return png(skew(image, 3 * sign), `skew ${3 * sign}°`);
    case 'blur':
      return png(blur(image, mm(0.2)), 'Gaussian blur sigma 0.2 mm');
    case 'light':
      return png(
        unevenLight(image, rng),
        'uneven light: gradient to 60%, edge shadow to 35%'
      );
    case 'stains':
      return png(stains(image, rng, 4, textBottom), '4 stains over the text');
    case 'jpeg':
      return jpg(image, 25, 'JPEG quality 25');
    case 'scan': {
      const lit = unevenLight(blur(image, mm(0.12)), rng);
      return jpg(
        skew(lit, 1.5 * sign),
        50,
        `blur 0.12 mm, uneven light, skew ${1.5 * sign}°, JPEG quality 50`
      );
    }
    case 'worst': {
      const stained = stains(image, rng, 4, textBottom);
      const lit = unevenLight(blur(stained, mm(0.2)), rng);
      return jpg(
        skew(lit, 3 * sign),
        25,
        `4 stains, blur 0.2 mm, uneven light, skew ${3 * sign}°, JPEG quality 25`
      );
    }
  }
}

function main(): void {
  mkdirSync(DEGRADED_DIR, { recursive: true });
  const manifest: DegradedScan[] = [];
  const written = new Set<string>();
  for (const p of PAGES) {
    const text = readFileSync(join(SOURCE, p.source), 'utf8');
    const page = renderPage(text, {
      dpi: DPI,
      font: p.font,
      pointsize: p.pointsize,
    });
    const base = p.source.replace(/\.txt$/, '');
    for (const degradation of DEGRADATIONS) {
      const seed = seedFor(p.source, degradation);
      const { bytes, ext, steps } = degrade(page, degradation, seed);
      const file = `${base}.${degradation}.${ext}`;
      writeFileSync(join(DEGRADED_DIR, file), bytes);
      written.add(file);
      manifest.push({
        file,
        source: p.source,
        degradation,
        steps,
        dpi: DPI,
        seed,
      });
      process.stdout.write(
        `${file}  ${(bytes.length / 1024).toFixed(0)} KB  (${steps})\n`
      );
    }
  }
  for (const f of readdirSync(DEGRADED_DIR)) {
    if (/\.(png|jpg)$/.test(f) && !written.has(f)) {
      process.stdout.write(`note: ${f} is not made by this script\n`);
    }
  }
  writeFileSync(
    join(DEGRADED_DIR, 'manifest.json'),
    `${JSON.stringify(manifest, null, 2)}\n`
  );
}

if (process.argv[1] === import.meta.filename) main();
