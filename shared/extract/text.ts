/**
 * Text primitives for extraction: lines with offsets, white-space folding,
 * spans. Every extracted value is read from a `Line` or a match inside one,
 * so its span into the original text is always known.
 */
import type { Span } from '#shared/schema/record.ts';

/** A line of the page with its offset; `text` excludes the line break. */
export interface Line {
  readonly index: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** `text` with white space folded, computed once. */
  readonly folded: string;
}

/** A value with the span of the source text it was read from. */
export interface Found<T> {
  readonly value: T;
  readonly span: Span;
}

/** Splits text into lines, keeping the offset of each. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let index = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const raw = text.slice(start, end);
    const trimmedEnd = raw.endsWith('\r') ? end - 1 : end;
    const lineText = text.slice(start, trimmedEnd);
    lines.push({
      index,
      start,
      end: trimmedEnd,
      text: lineText,
      folded: fold(lineText),
    });
    index++;
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

/** White space as the contract folds it: spaces, tabs, no-break spaces... */
const WS = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+/g;

/** Folds runs of white space (including no-break spaces) and trims. */
export function fold(s: string): string {
  // most lines need no folding: skip the replace
  if (!NEEDS_FOLD.test(s)) return s;
  return s.replace(WS, ' ').trim();
}

const NEEDS_FOLD =
  /^[\s\u00a0\ufeff]|[\s\u00a0\ufeff]$|[\t\n\r\v\f\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]| {2}/;

/** True when the line holds nothing but white space. */
export function isBlank(line: Line | undefined): boolean {
  return line === undefined || line.folded === '';
}

/** The folded text of a line that can only matter when short, else ''. */
export function foldShort(line: Line | undefined, max = 200): string {
  return line === undefined || line.text.length > max ? '' : line.folded;
}

/**
 * The span of `line` between `from` and `to` (offsets in the line),
 * trimmed of white space at both ends, as offsets in the whole text.
 */
export function trimmedSpan(line: Line, from = 0, to = line.text.length): Span {
  let a = from;
  let b = to;
  while (a < b && isSpace(line.text.charCodeAt(a))) a++;
  while (b > a && isSpace(line.text.charCodeAt(b - 1))) b--;
  return { start: line.start + a, end: line.start + b };
}

function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    code === 0x09 ||
    code === 0x0a ||
    code === 0x0d ||
    code === 0xa0 ||
    code === 0xfeff ||
    code === 0x202f ||
    code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200b)
  );
}

/** A span inside a line, from a match index and length. */
export function spanIn(line: Line, index: number, length: number): Span {
  return { start: line.start + index, end: line.start + index + length };
}

/** The next non-blank line after `i`, within `limit` lines. */
export function nextNonBlank(
  lines: readonly Line[],
  i: number,
  limit = Number.POSITIVE_INFINITY
): Line | undefined {
  for (let j = i + 1; j < lines.length && j - i <= limit; j++) {
    const line = lines[j];
    if (line && !isBlank(line)) return line;
  }
  return undefined;
}

/** The previous non-blank line before `i`. */
export function prevNonBlank(
  lines: readonly Line[],
  i: number
): Line | undefined {
  for (let j = i - 1; j >= 0; j--) {
    const line = lines[j];
    if (line && !isBlank(line)) return line;
  }
  return undefined;
}

/** Number of words in a string (white-space separated). */
export function wordCount(s: string): number {
  const f = fold(s);
  return f === '' ? 0 : f.split(' ').length;
}

const SMALL_WORDS = new Set(['of', 'the', 'and', 'in', 'to', 'de', 'van']);

/**
 * Title case for names written in capitals: `KIM IL SUNG` → `Kim Il Sung`.
 * Words already in mixed case are kept; hyphenated parts are cased each.
 */
export function titleCase(name: string): string {
  return fold(name)
    .split(' ')
    .map((word, i) => {
      if (!isAllCaps(word)) return word;
      const lower = word.toLowerCase();
      if (i > 0 && SMALL_WORDS.has(lower)) return lower;
      return lower.replace(
        /(^|[-'’.])(\p{L})/gu,
        (_m, sep: string, ch: string) => sep + ch.toUpperCase()
      );
    })
    .join(' ');
}

/** True when a word has letters and none of them is lower case. */
export function isAllCaps(word: string): boolean {
  return /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word);
}

/**
 * C0 and C1 control characters other than tab and line feed: they have no
 * place in a value read from a page, and in a terminal they are commands
 * (an ESC sequence can rewrite what `archive get` shows).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is removed
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `s` without control characters (tab and line feed kept). */
export function withoutControls(s: string): string {
  return s.replace(CONTROLS, '');
}

/**
 * Every string inside `value` (objects and arrays, any depth) without
 * control characters; numbers, booleans and null unchanged. Spans keep
 * pointing into the decoded text, which is kept as it was.
 */
export function stripControls<T>(value: T): T {
  if (typeof value === 'string') return withoutControls(value) as T;
  if (Array.isArray(value)) return value.map(stripControls) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, stripControls(v)])
    ) as T;
  }
  return value;
}
