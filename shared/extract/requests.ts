/**
 * Numbered points of the message (`1.`, `2)`, `(1)`), top level only, in
 * order and numbered as written; each with its counted quantities.
 */
import type { Quantity } from '#shared/schema/record.ts';
import { isDateOnly } from './frame.ts';
import { readQuantities } from './quantities.ts';
import { type Found, fold, isBlank, type Line } from './text.ts';

export interface RequestFound {
  readonly number: Found<number>;
  readonly text: Found<string>;
  readonly quantities: Found<Quantity>[];
}

/** `1. ...`, `2) ...`, `(3) ...`, and a point opening a quotation: `"1. ...`. */
const POINT =
  /^([ \t\u00a0]*)["“«„]?(?:(\d{1,2})[.)](?!\d)|\((\d{1,2})\))(?:[ \t\u00a0]+(?=\S)|(?=\p{Lu}\p{Ll}))/u;
const SUB_ITEM =
  /^[ \t\u00a0]*(?:\d{1,2}[.)]|\(\d{1,2}\)|[\p{L}][.)]|[•·*–-])\s/u;

/**
 * Reads the points in body lines `[from, to)`, skipping lines that belong
 * to the distribution list. In pages that separate paragraphs by blank
 * lines a point runs on to the next blank line; elsewhere a line is a
 * paragraph.
 */
export function readRequests(
  text: string,
  lines: readonly Line[],
  from: number,
  to: number,
  skip: (i: number) => boolean
): RequestFound[] {
  const candidates: { i: number; indent: number; n: number; at: number }[] = [];
  let blanks = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line) continue;
    if (isBlank(line)) {
      blanks++;
      continue;
    }
    if (skip(i) || line.text.length > 20_000) continue;
    const m = POINT.exec(line.text);
    if (!m || isDateOnly(line.folded)) continue;
    const n = Number(m[2] ?? m[3]);
    candidates.push({ i, indent: (m[1] ?? '').length, n, at: m[0].length });
  }
  if (candidates.length === 0) return inlinePoints(text, lines, from, to, skip);
  // Notes: `(1) ...` entries whose numbers the text calls as note marks
  // (`Xinjiang(1)`, `Filippov(2):`) are footnotes, not points.
  const marks = new Set(
    [
      ...text.matchAll(/[\p{L}\p{N}.,’'”"\]](?:\((\d{1,2})\)|\[(\d{1,2})\])/gu),
    ].map((m) => Number(m[1] ?? m[2]))
  );
  const notes = candidates.filter((c) => marks.has(c.n));
  if (notes.length >= 2 || (notes.length === 1 && candidates.length === 1))
    candidates.splice(
      0,
      candidates.length,
      ...candidates.filter((c) => !marks.has(c.n))
    );
  if (candidates.length === 0) return [];
  const paragraphs = blanks * 4 >= to - from;
  const top = Math.min(...candidates.map((c) => c.indent));
  const out: RequestFound[] = [];
  let prev = 0;
  for (const c of candidates) {
    if (c.indent !== top) continue;
    // A lone high number is a paragraph or cable number (`52. Charge ...`).
    if (c.n > 20 && c.n !== prev + 1) continue;
    prev = c.n;
    const line = lines[c.i];
    if (!line) continue;
    let end = line.end;
    if (paragraphs) {
      for (let j = c.i + 1; j < to; j++) {
        const next = lines[j];
        if (!next || isBlank(next) || skip(j) || SUB_ITEM.test(next.text))
          break;
        // a sentence ended and a new one starts a line: a new paragraph
        // (`... at all.` / `The answer was: ...`), not a wrapped line
        const above = lines[j - 1]?.text.trimEnd() ?? '';
        if (/[.!?]["”»)]?$/u.test(above) && /^\s*\p{Lu}/u.test(next.text))
          break;
        end = next.end;
      }
    }
    const start = line.start + c.at;
    const raw = text.slice(start, end);
    const value = fold(raw);
    const lead = raw.length - raw.trimStart().length;
    const quantities = readQuantities(raw).map((q) => ({
      value: q.value,
      span: { start: start + q.start, end: start + q.end },
    }));
    const numberAt = line.start + line.text.search(/\d/);
    out.push({
      number: {
        value: c.n,
        span: { start: numberAt, end: numberAt + String(c.n).length },
      },
      text: {
        value,
        span: { start: start + lead, end: start + lead + raw.trim().length },
      },
      quantities,
    });
  }
  return out;
}

/** An inline point mark: ` (1) Concerning ...` (a space before, a capital after). */
const INLINE_MARK = /(?<=^|[\s:;.])\((\d{1,2})\)[ \t\u00a0]+(?=\p{Lu})/gu;

/**
 * Points numbered inside one paragraph (`Please tell him: (1) Concerning
 * ... (2) Call on ... (3) The enemy ...`), read only where the page has no
 * point at the start of a line: marks from 1 up, each one more than the
 * last, at least two. Each point runs to the next mark or the paragraph end.
 */
function inlinePoints(
  text: string,
  lines: readonly Line[],
  from: number,
  to: number,
  skip: (i: number) => boolean
): RequestFound[] {
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || skip(i) || line.text.length > 20_000) continue;
    const marks = [...line.text.matchAll(INLINE_MARK)];
    const run: RegExpMatchArray[] = [];
    for (const m of marks) {
      if (Number(m[1]) === run.length + 1) run.push(m);
    }
    if (run.length < 2) continue;
    return run.map((m, k) => {
      const start = line.start + (m.index ?? 0) + m[0].length;
      const next = run[k + 1];
      const end = line.start + (next ? (next.index ?? 0) : line.text.length);
      const raw = text.slice(start, end);
      const value = fold(raw);
      const numberAt = line.start + (m.index ?? 0) + 1;
      return {
        number: {
          value: k + 1,
          span: { start: numberAt, end: numberAt + String(k + 1).length },
        },
        text: {
          value,
          span: { start, end: start + raw.trimEnd().length },
        },
        quantities: readQuantities(raw).map((q) => ({
          value: q.value,
          span: { start: start + q.start, end: start + q.end },
        })),
      };
    });
  }
  return [];
}
