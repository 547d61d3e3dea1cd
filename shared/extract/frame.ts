/**
 * The page frame: where the date line, the title, the document body, the
 * archive's summary and its `Document Information` tail are. Everything
 * else is read inside the regions found here.
 */
import type { Span } from '#shared/schema/record.ts';
import { findDate, parseDateLine, type YMD } from './dates.ts';
import { DASHED_NUMBER, isCopiesLine } from './forms.ts';
import { isNameLike } from './letter.ts';
import { isRoleOnly } from './people.ts';
import {
  type Found,
  fold,
  foldShort,
  isBlank,
  type Line,
  nextNonBlank,
  prevNonBlank,
  trimmedSpan,
  wordCount,
} from './text.ts';
import { DATELINE_PLACES } from './vocabulary.ts';

export interface Frame {
  readonly lines: readonly Line[];
  /**
   * True when the page carries the archive website's frame (a date line with
   * its title, or the `Document Information` / `Record ID` tail). A page
   * without it is the document alone: a transcript or a scan, read from its
   * own heading, dateline, address and signature lines (RECORD.md,
   * "Pages without the archive's frame").
   */
  readonly framed: boolean;
  readonly date: Found<YMD> | null;
  readonly title: Found<string> | null;
  /** First line of the document body (after title and sponsor line). */
  readonly bodyStart: number;
  /** Line index where the body ends (summary, tail marker or end). */
  readonly bodyEnd: number;
  readonly summary: Found<string> | null;
  /** Line index of `Document Information` (or -1). */
  readonly infoStart: number;
  readonly truncated: boolean;
  readonly rights: Found<string> | null;
  readonly archiveRecordId: Found<string> | null;
  readonly uploadedDate: Found<string> | null;
}

/** Lines that open the archive's tail after a document. */
const TAIL_MARKER =
  /^(?:Document Information|Associated (?:People|Places|Topics|Documents)\b.*|Author\(s\):?|Related Documents|Original Archive|Source|Rights|Original Uploaded Date|Record ID)$/i;
const RIGHTS_START = /^The History and Public Policy Program welcomes reuse/i;
const SPONSOR = /^This document was made possible with support from/i;
const NOT_TITLE = /^(?:[•·*-]|Citation\b|Search in\b|Skip to content\b)/i;
/** The website's own furniture above a document (any of its layouts). */
const SITE_FURNITURE =
  /^(?:Skip to content|Search in|Digital Archive\b|[•·]?\s*Citation|get citation)$/i;

/** Splits a page into its frame. */
export function readFrame(text: string, lines: readonly Line[]): Frame {
  const dateIndex = findDateLine(lines);
  const dateLine = dateIndex >= 0 ? lines[dateIndex] : undefined;
  const parsedDate = dateLine ? parseDateLine(dateLine.folded) : null;
  const date: Found<YMD> | null =
    dateLine && parsedDate
      ? { value: parsedDate, span: trimmedSpan(dateLine) }
      : null;

  let title: Found<string> | null = null;
  let bodyStart = dateIndex >= 0 ? dateIndex + 1 : 0;
  if (dateLine) {
    const next = nextNonBlank(lines, dateLine.index, 4);
    if (
      next &&
      next.text.length <= 1000 &&
      !NOT_TITLE.test(next.folded) &&
      !SPONSOR.test(next.folded) &&
      !isParagraph(next.folded) &&
      !isTail(next)
    ) {
      title = { value: next.folded, span: trimmedSpan(next) };
      bodyStart = next.index + 1;
    }
  }
  // the website's citation block and links under the date line (one of
  // its layouts): the document starts after them
  for (let i = bodyStart, seen = 0; i < lines.length && seen < 12; i++) {
    const line = lines[i];
    if (!line || isBlank(line)) continue;
    seen++;
    if (isFurniture(line)) bodyStart = i + 1;
  }
  const sponsor = nextNonBlank(lines, bodyStart - 1, 3);
  if (sponsor && SPONSOR.test(foldShort(sponsor)))
    bodyStart = sponsor.index + 1;

  let tailStart = lines.length;
  // a tail marker cut off by the end of the page (`Au`, `Document Inf`)
  const lastLine = prevNonBlank(lines, lines.length);
  if (lastLine && lastLine.index >= bodyStart && isCutTailMarker(lastLine))
    tailStart = lastLine.index;
  let infoStart = -1;
  let rightsStart = -1;
  for (let i = bodyStart; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const t = foldShort(line);
    // the rights paragraph is long: test its opening words only
    const rights = RIGHTS_START.test(line.folded.slice(0, 120));
    if (
      (tailStart === lines.length || i < tailStart) &&
      (TAIL_MARKER.test(t) || rights)
    )
      tailStart = i;
    if (infoStart < 0 && /^Document Information$/i.test(t)) infoStart = i;
    if (rightsStart < 0 && rights) rightsStart = i;
  }
  const framed =
    title !== null ||
    tailStart < lines.length ||
    lines
      .slice(0, 40)
      .some((l) => SITE_FURNITURE.test(foldShort(l)) || isFurniture(l));
  // only a framed page has a `Record ID` tail to miss
  const truncated = framed && !lines.some((l) => foldShort(l) === 'Record ID');

  // the summary is the archive's: a page without the frame has none
  const summary = framed ? findSummary(lines, bodyStart, tailStart) : null;
  const bodyEnd = summary ? lineAt(lines, summary.span.start) : tailStart;

  return {
    lines,
    framed,
    date,
    title,
    bodyStart,
    bodyEnd,
    summary,
    infoStart,
    truncated,
    rights: readRights(text, lines, rightsStart),
    archiveRecordId: valueAfter(lines, 'Record ID', /^\d+$/),
    uploadedDate: valueAfter(
      lines,
      'Original Uploaded Date',
      /^\d{4}-\d{2}-\d{2}$/
    ),
  };
}

/** Words that open the archive's tail, for markers cut off mid-word. */
const TAIL_WORDS = [
  'Document Information',
  'Associated People',
  'Associated Places',
  'Associated Topics',
  'Associated Documents',
  'Author(s):',
  'Related Documents',
  'Original Archive',
  'Original Uploaded Date',
  'Record ID',
];

/** The page's last line is the start of a tail marker, cut off (`Au`). */
function isCutTailMarker(line: Line): boolean {
  const t = foldShort(line);
  return (
    t.length >= 2 &&
    t.length < 30 &&
    TAIL_WORDS.some((w) => w.startsWith(t) && w !== t)
  );
}

function isTail(line: Line): boolean {
  return (
    TAIL_MARKER.test(foldShort(line)) ||
    RIGHTS_START.test(line.folded.slice(0, 120))
  );
}

/** The date line: a line that is only a date, near the top of the page. */
function findDateLine(lines: readonly Line[]): number {
  let seen = 0;
  let furnitureOnly = true;
  for (const line of lines) {
    if (isBlank(line)) continue;
    // the website's date line comes first or after its furniture only; a
    // date below the document's own lines (`Secret Copy Nº 2` / `14 August
    // 1969`) is the document's dateline, not the frame's
    if (parseDateLine(foldShort(line, 80)))
      return furnitureOnly || sponsorBelow(lines, line.index) ? line.index : -1;
    // (one layout of the website opens with the summary's sentence)
    const summaryLead =
      seen === 0 && wordCount(line.folded) >= 8 && /\.$/.test(line.folded);
    if (
      !SITE_FURNITURE.test(foldShort(line)) &&
      !isFurniture(line) &&
      !summaryLead
    )
      furnitureOnly = false;
    if (++seen > 12) break;
  }
  return -1;
}

/** The archive's sponsor line stands within a few lines below `i`. */
function sponsorBelow(lines: readonly Line[], i: number): boolean {
  let next = nextNonBlank(lines, i, 4);
  for (let k = 0; next && k < 3; k++) {
    if (SPONSOR.test(foldShort(next))) return true;
    next = nextNonBlank(lines, next.index, 4);
  }
  return false;
}

/** A paragraph of several sentences (a summary), never a title. */
function isParagraph(t: string): boolean {
  return wordCount(t) > 12 && /[.!?]\s+\p{Lu}/u.test(t) && /[.!?]$/.test(t);
}

/** First-person words: the document speaking, not the archive's summary. */
const FIRST_PERSON = /\b(?:I|we|We|our|Our|us|my|My)\b/;

/** Other lines of the website's header (`English HTML`, `share document`). */
function isFurniture(line: Line): boolean {
  return (
    /^(?:[•·]\s*)?(?:share document|English HTML|Digital Archive International History Declassified)$/i.test(
      foldShort(line)
    ) ||
    // the website's ready-made citation of the page (a long line: only its
    // opening is looked at)
    /^["“].{0,300}History and Public Policy Program Digital Archive\b/.test(
      line.folded.slice(0, 400)
    )
  );
}

/** Index of the line holding offset `pos`. */
function lineAt(lines: readonly Line[], pos: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const line = lines[mid];
    if (line && line.start <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The archive's summary: the one-paragraph description right before the
 * tail. On a page cut off before its tail, a last paragraph that follows
 * the document's closing block (`Typed by ...`, its number or date) is the
 * summary, cut off.
 */
function findSummary(
  lines: readonly Line[],
  bodyStart: number,
  tailStart: number
): Found<string> | null {
  if (tailStart < lines.length) {
    const candidate = prevNonBlank(lines, tailStart);
    if (!candidate || candidate.index < bodyStart) return null;
    const t = candidate.folded;
    if (wordCount(t) < 4 || isClosingLine(t) || /^\[\d+\]/.test(t)) return null;
    return { value: t, span: trimmedSpan(candidate) };
  }
  const last = prevNonBlank(lines, lines.length);
  if (!last || last.index < bodyStart) return null;
  const before = prevNonBlank(lines, last.index);
  const t = last.folded;
  if (!before || wordCount(t) < 4 || /^\[\d+\]/.test(t) || isClosingLine(t))
    return null;
  const b = before.folded;
  // the document's closing block ends above it: typist, number, date, a
  // dateline or a marked signature (`Signed: N. Popa`)
  if (
    /^Typed by\b/i.test(b) ||
    /^(?:No\.?|Nº)\s*\S+$/i.test(b) ||
    (wordCount(t) >= 8 &&
      !FIRST_PERSON.test(t.replace(/["“][^"”]*["”]/g, '')) &&
      (isDateline(b) ||
        /^(?:Signed:|\/-\/)/i.test(b) ||
        // a copies or distribution line, a closing number
        (isClosingLine(b) && !isDateOnly(b)) ||
        (isDateOnly(b) && closesAbove(lines, before.index))))
  )
    return { value: t, span: trimmedSpan(last) };
  return null;
}

/**
 * True when the date line at `i` ends a signature block: a signer's name
 * or a place line stands above it (`Kim Il Sung` / `Pyongyang` /
 * `31 August 1950`), not a heading.
 */
function closesAbove(lines: readonly Line[], i: number): boolean {
  const above = prevNonBlank(lines, i);
  if (!above) return false;
  const t = above.folded;
  return (
    DATELINE_PLACES.has(t.replace(/[.,]+$/, '').toLowerCase()) ||
    // a name line, not a heading's continuation (`of Counsellor X`)
    (/^[\p{Lu}(]/u.test(t) && isNameLike(t) && !isRoleOnly(t))
  );
}

function readRights(
  text: string,
  lines: readonly Line[],
  start: number
): Found<string> | null {
  const first = lines[start];
  if (start < 0 || !first) return null;
  let endLine = first;
  const next = nextNonBlank(lines, start, 3);
  if (next && /^To enquire about this document/i.test(next.folded))
    endLine = next;
  const span: Span = {
    start: trimmedSpan(first).start,
    end: trimmedSpan(endLine).end,
  };
  return { value: fold(text.slice(span.start, span.end)), span };
}

function valueAfter(
  lines: readonly Line[],
  label: string,
  shape: RegExp
): Found<string> | null {
  const at = lines.findIndex((l) => foldShort(l) === label);
  if (at < 0) return null;
  const next = nextNonBlank(lines, at, 4);
  if (!next) return null;
  const t = next.folded;
  return shape.test(t) ? { value: t, span: trimmedSpan(next) } : null;
}

const CLOSING = [
  /^(?:No\.?|Nº|N°|#)\s*[\w/.-]+\.?$/i,
  // what goes with the document, under its signature
  /^(?:Enclosures?|Attachments?|Annex(?:es)?|Appendix|Appendices)\b/i,
  /^(?:Typed|Deciphered|Verified|Authenticated|Checked|Created|Drafted)\b/i,
  /^(?:Copies|Copy)\b/i,
  /\bcop(?:y|ies)\s+(?:printed|made|typed|nb)\b/i,
  /^\d+\s+copies\.?$/i,
  /^(?:Copy\s+)?(?:Nº|No\.?)\s*\d+\s*[–-]/i,
  /^\d+\s*[.–-]\s*(?:to\b|Comr|Cde|copy\b|file\b)/i,
  /^\[?(?:Stamp|handwritten)\b/i,
  /^(?:Subject to return|Incoming|VKP\(b\)|Outgoing|Spets)/i,
  /^\[\d+\]/,
  /^(?:Confirm|Telegraph|Paragraph:)/i,
  /^[_–-]{3,}$/,
  /^\[(?:\.\.\.|…)\]$/,
  /^Distribution list\b/i,
  /^at\s+\d/i,
];

/**
 * True for lines of a document's closing block: numbers, dates, typist,
 * copies and distribution, stamps, footnotes. Used to find the signature
 * above them and the summary below them.
 */
export function isClosingLine(t: string): boolean {
  if (
    CLOSING.some((re) => re.test(t)) ||
    isCopiesLine(t) ||
    DASHED_NUMBER.test(t)
  )
    return true;
  return isDateOnly(t) || isDateline(t);
}

const TIME_OF_DAY_LEAD =
  /^\s*(?:\d{1,2}[:.]\d{2}(?![.\d])\s*(?:[ap]\.?\s?m\.?)?\s*,?\s*|(?:(?:in\s+the\s+)?(?:Night|Morning|Evening|Afternoon)\s+of\s+))/i;

/**
 * A closing dateline: a place, a comma and a date (`Budapest, 1972 July 1.`,
 * `Pyongyang, 3 June 1969`).
 */
export function isDateline(t: string): boolean {
  const m =
    /^(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,2}),\s*(.+)$/u.exec(t);
  return m?.[2] !== undefined && isDateOnly(m[2]);
}

/** True when the line is nothing but a date (`9 October 1950`, `13.6.51"`). */
export function isDateOnly(t: string): boolean {
  const stripped = t
    // a time of day or a part of the day before the date:
    // `5:00 a.m., 25 January [1950]`, `Night of December 9 [1950]`
    .replace(TIME_OF_DAY_LEAD, '')
    .replace(/[\s"”“.,[\]]+$/u, '')
    .replace(/^[\s"“]+/u, '');
  if (stripped === '' || stripped.length > 30) return false;
  const d = findDate(stripped, { year: 1950, month: 6, day: 15 });
  if (!d) return false;
  const rest = (
    stripped.slice(0, d.index) + stripped.slice(d.index + d.length)
  ).replace(/[\s.,[\]\d]+/g, '');
  return rest === '' || /^(?:г|year)$/i.test(rest);
}
