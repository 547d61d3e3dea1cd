/**
 * A fake OCR engine for unit tests: it "reads" pages built from text with
 * the geometry a real engine reports (word boxes, baselines, row heights),
 * so routing, layout, normalization and confidence are tested without
 * running tesseract.
 */
import type {
  OcrEngine,
  OcrLine,
  OcrPage,
  OcrWord,
} from '#shared/decode/ocr/port.ts';

export interface PageGeometry {
  /** Word confidence for every word (or per word, by its text). */
  confidence?: number | ((word: string) => number);
  /** Wrap paragraphs at this many characters, as a typesetter would. */
  wrapAt?: number;
  /** Skew in degrees (a crooked feed). */
  skewDegrees?: number;
  charWidth?: number;
  rowHeight?: number;
  /** Baseline-to-baseline distance of consecutive lines. */
  pitch?: number;
  left?: number;
  top?: number;
}

/** Wraps a paragraph at `width` characters, breaking at spaces. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && `${line} ${word}`.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  return out;
}

/**
 * The page a real engine would report for `text` printed with fixed-width
 * letters: one line per text line (paragraphs wrapped at `wrapAt`), blank
 * lines as vertical space, every word with its box.
 */
export function pageFromText(text: string, g: PageGeometry = {}): OcrPage {
  const charWidth = g.charWidth ?? 10;
  const rowHeight = g.rowHeight ?? 24;
  const pitch = g.pitch ?? 30;
  const left = g.left ?? 100;
  const top = g.top ?? 100;
  const slope = Math.tan(((g.skewDegrees ?? 0) * Math.PI) / 180);
  const confidence = (w: string) =>
    typeof g.confidence === 'function' ? g.confidence(w) : (g.confidence ?? 92);
  const printed = text
    .split('\n')
    .flatMap((l) => (g.wrapAt && l !== '' ? wrap(l, g.wrapAt) : [l]));
  const lines: OcrLine[] = [];
  printed.forEach((content, row) => {
    if (content.trim() === '') return;
    const base = top + row * pitch;
    // a crooked feed: the page turns about its top-left corner
    const at = (x: number, y: number) => ({
      x: x - (y - top) * slope,
      y: y + (x - left) * slope,
    });
    const words: OcrWord[] = [];
    let column = 0;
    for (const word of content.split(' ')) {
      if (word !== '') {
        const a = at(left + column * charWidth, base);
        const x1 = a.x + word.length * charWidth;
        words.push({
          text: word,
          confidence: confidence(word),
          bbox: {
            x0: a.x,
            y0: a.y - rowHeight * 0.75,
            x1,
            y1: a.y + word.length * charWidth * slope + rowHeight * 0.25,
          },
        });
      }
      column += word.length + 1;
    }
    if (words.length === 0) return;
    const start = at(left, base);
    const end = at(left + content.length * charWidth, base);
    lines.push({
      words,
      bbox: {
        x0: Math.min(start.x, end.x),
        y0: Math.min(start.y, end.y) - rowHeight * 0.75,
        x1: Math.max(start.x, end.x),
        y1: Math.max(start.y, end.y) + rowHeight * 0.25,
      },
      baseline: { x0: start.x, y0: start.y, x1: end.x, y1: end.y },
      rowHeight,
    });
  });
  return { lines };
}

/** An engine that returns prepared pages, keyed by the image bytes' tag. */
export class FakeOcrEngine implements OcrEngine {
  readonly name = 'fake-ocr';
  readonly version = '1.0';
  readonly seen: Uint8Array[] = [];
  terminated = 0;
  failWith: Error | null = null;

  constructor(private readonly read: (image: Uint8Array) => OcrPage) {}

  async recognize(image: Uint8Array): Promise<OcrPage> {
    this.seen.push(image);
    if (this.failWith) throw this.failWith;
    return this.read(image);
  }

  async terminate(): Promise<void> {
    this.terminated++;
  }
}

/** Magic bytes of the image formats, with a tag after them. */
export const MAGIC = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  tiff: [0x49, 0x49, 0x2a, 0x00],
  tiffBigEndian: [0x4d, 0x4d, 0x00, 0x2a],
  gif: [...Buffer.from('GIF89a')],
  bmp: [0x42, 0x4d, 1, 2, 3, 4, 0, 0, 0, 0],
  webp: [...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WEBP')],
  heic: [0, 0, 0, 0x18, ...Buffer.from('ftypheic')],
  jp2: [0, 0, 0, 0x0c, ...Buffer.from('jP  '), 0x0d, 0x0a, 0x87, 0x0a],
} as const;

/** An "image" of the given format whose bytes end in `tag`. */
export function fakeImage(format: keyof typeof MAGIC, tag = ''): Uint8Array {
  return Uint8Array.from([...MAGIC[format], ...Buffer.from(`\n${tag}`)]);
}

/** The tag written by {@link fakeImage}. */
export function tagOf(image: Uint8Array): string {
  const text = Buffer.from(image).toString('latin1');
  return text.slice(text.lastIndexOf('\n') + 1);
}
