/**
 * OCR geometry → page text in the archive's layout: one line per paragraph
 * (lines the typesetter wrapped are joined again), blank lines where the page
 * leaves vertical space, hard line breaks kept where a line ends early
 * (header lines, addresses, signatures). The extractor reads paragraphs and
 * header lines, so this is what lets the same rules serve text and scans.
 *
 * Pure; works on any engine's {@link OcrPage}. A skewed scan (a page fed a
 * degree or two crooked) is straightened first, from the slope of the
 * baselines, so margins and gaps are measured square to the text.
 */
import type { OcrLine, OcrPage } from './port.ts';

/** A gap this many line pitches tall (or more) holds a blank line. */
const BLANK_LINE_PITCHES = 1.5;
/** At most this many blank lines in a row are reproduced. */
const MAX_BLANK_LINES = 4;
/** A numbered or bulleted item starts a new line even after a full line. */
const LIST_ITEM = /^(?:\d{1,3}[.)]|[-•*–])\s/u;

interface Placed {
  text: string;
  /** Left and right ends, straightened (pixels). */
  left: number;
  right: number;
  /** Baseline height, straightened (pixels, grows downwards). */
  y: number;
  height: number;
  firstWordWidth: number;
}

/**
 * Lays out one recognized page as text.
 *
 * @param page lines in reading order with their boxes and baselines
 * @returns the page's text, lines separated by `\n`, no trailing newline;
 *   a wrapped line ending in `letter-` keeps its `\n` so that
 *   `normalizeOcrText` can decide about the hyphen
 */
export function layoutPage(page: OcrPage): string {
  const lines = page.lines
    .map((line) => ({
      line,
      text: line.words
        .map((w) => w.text.trim())
        .filter((w) => w !== '')
        .join(' '),
    }))
    .filter((l) => l.text !== '');
  if (lines.length === 0) return '';

  const skew = median(lines.map(({ line }) => slopeOf(line)));
  const cos = Math.cos(Math.atan(skew));
  const sin = Math.sin(Math.atan(skew));
  // rotate by -skew: a point on a baseline keeps its y' along the line
  const straighten = (x: number, y: number) => ({
    x: x * cos + y * sin,
    y: -x * sin + y * cos,
  });
  const placed: Placed[] = lines.map(({ line, text }) => {
    const base = baselineOf(line);
    const left = straighten(line.bbox.x0, yOn(base, line.bbox.x0));
    const right = straighten(line.bbox.x1, yOn(base, line.bbox.x1));
    const first = line.words.find((w) => w.text.trim() !== '');
    return {
      text,
      left: left.x,
      right: right.x,
      y: (left.y + right.y) / 2,
      height: heightOf(line, base),
      firstWordWidth: first ? first.bbox.x1 - first.bbox.x0 : 0,
    };
  });

  const rowHeight = median(placed.map((p) => p.height)) || 1;
  const gaps: number[] = [];
  for (let i = 1; i < placed.length; i++) {
    const gap = placed[i]!.y - placed[i - 1]!.y;
    // single-spaced neighbours: about one to two row heights apart
    if (gap >= 0.9 * rowHeight && gap <= 1.9 * rowHeight) gaps.push(gap);
  }
  const pitch = median(gaps) || 1.2 * rowHeight;
  const charWidth =
    median(placed.map((p) => (p.right - p.left) / p.text.length)) || 1;
  const margin = rightMargin(placed.map((p) => p.right));

  let out = placed[0]!.text;
  for (let i = 1; i < placed.length; i++) {
    const prev = placed[i - 1]!;
    const cur = placed[i]!;
    const gap = cur.y - prev.y;
    if (Math.abs(gap) <= 0.5 * rowHeight && cur.left > prev.right) {
      // the engine split one printed row (table cells): keep it one line
      out += ` ${cur.text}`;
      continue;
    }
    if (gap <= 0.5 * rowHeight || gap >= BLANK_LINE_PITCHES * pitch) {
      // a new column or block (the reading order went back up), or space
      const blanks =
        gap <= 0.5 * rowHeight
          ? 1
          : Math.min(MAX_BLANK_LINES, Math.max(1, Math.round(gap / pitch) - 1));
      out += `${'\n'.repeat(blanks + 1)}${cur.text}`;
      continue;
    }
    const wrapped =
      prev.right + charWidth + cur.firstWordWidth >= margin - charWidth &&
      !LIST_ITEM.test(cur.text);
    if (!wrapped || /\p{L}-$/u.test(prev.text)) out += `\n${cur.text}`;
    else if (/\d-$/.test(prev.text) && /^\d/.test(cur.text))
      out += cur.text; // a range wrapped at its hyphen: `2,000-` `2,500`
    else out += ` ${cur.text}`;
  }
  return out;
}

/** Slope (dy/dx) of a line's baseline; 0 when unknown or degenerate. */
function slopeOf(line: OcrLine): number {
  const b = line.baseline;
  if (!b) return 0;
  const dx = b.x1 - b.x0;
  // short lines give noisy slopes; more than ~6° is not a crooked feed
  if (dx < 50) return Number.NaN;
  const slope = (b.y1 - b.y0) / dx;
  return Math.abs(slope) > 0.1 ? Number.NaN : slope;
}

function baselineOf(line: OcrLine) {
  return (
    line.baseline ?? {
      x0: line.bbox.x0,
      y0: line.bbox.y1,
      x1: line.bbox.x1,
      y1: line.bbox.y1,
    }
  );
}

/** The baseline's height at `x` (extended beyond its ends). */
function yOn(b: { x0: number; y0: number; x1: number; y1: number }, x: number) {
  const dx = b.x1 - b.x0;
  return dx === 0 ? b.y0 : b.y0 + ((b.y1 - b.y0) * (x - b.x0)) / dx;
}

function heightOf(
  line: OcrLine,
  base: { x0: number; y0: number; x1: number; y1: number }
): number {
  if (line.rowHeight && line.rowHeight > 0) return line.rowHeight;
  // a skewed line's box is taller than its text by the baseline's rise
  return Math.max(1, line.bbox.y1 - line.bbox.y0 - Math.abs(base.y1 - base.y0));
}

/** Where full lines end: near the longest lines, ignoring a stray speck. */
function rightMargin(rights: number[]): number {
  const sorted = [...rights].sort((a, b) => b - a);
  return sorted[Math.floor(sorted.length * 0.05)] ?? 0;
}

function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return 0;
  const sorted = finite.sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
