/**
 * Review flags: what the extractor saw but did not understand. A line that
 * looks like telegram header or closing material (copies, distribution,
 * cipher number, sent/received/deciphered, a numbered distribution entry, a
 * lone signature in capitals) and that no reader consumed is flagged with
 * its text and span, so a user sees WHICH line to check; a page whose kind
 * was not recognised says so.
 *
 * "Consumed" is not a second copy of each reader's regexes: a line is read
 * when a provenance span overlaps it, when a reader reports it as its own
 * (the distribution list's lines), or when it lies outside the body, in a
 * region the frame accounts for (date line, title, summary, tail, rights).
 * The cues below only say which unread lines deserve a look.
 */
import type {
  Extraction,
  Provenance,
  ReviewCode,
  Span,
} from '#shared/schema/record.ts';
import { isNameLike } from './letter.ts';
import { type Found, fold, isBlank, type Line, trimmedSpan } from './text.ts';

export interface ReviewFound {
  readonly code: ReviewCode;
  readonly text: Found<string>;
}

/** What makes a line look like header material, and why the cue is there. */
export type CueName =
  | 'copies'
  | 'distribution'
  | 'numbered-entry'
  | 'cipher-number'
  | 'time-line'
  | 'signature';

/** Lines longer than this are paragraphs, never header lines. */
const MAX_WORDS = 12;
/** A keyword inside the line (not leading it) counts only on shorter lines. */
const MAX_WORDS_INSIDE = 8;
/** A page with more flags than this is not read line by line by anyone. */
const MAX_FLAGS = 30;
/** A flag names at most this much of its line (its opening words). */
const MAX_TEXT = 200;

const EVENT_WORDS =
  'Received|Sent|Deciphered|Decoded|Transmitted|Dispatched|Arrived|Typed';
const EVENT_LEADS = new RegExp(`^\\W{0,3}(?:${EVENT_WORDS})\\b`, 'i');
const EVENT_INSIDE = new RegExp(`\\b(?:${EVENT_WORDS})\\b`, 'i');

/**
 * The header vocabulary, one cue per form, each tested on the folded text
 * of a short line (see MAX_WORDS). Line-start forms only, or a keyword in a
 * label-like line (a colon, or all in capitals), so that a sentence that
 * mentions `received` or `copies` is prose, not a header.
 */
const CUES: readonly { name: CueName; test: (t: string) => boolean }[] = [
  {
    // `Distribution list:`, `Distribution:`, `Distributed to:` — the list
    // of who got copies (RECORD.md telegram.distribution)
    name: 'distribution',
    test: (t) => /^\W{0,3}Distribut(?:ion|ed)\b/i.test(t),
  },
  {
    // `Copies: ...`, `5 copies`, `Two copies printed`, `Produced in 6
    // copies for:` — a stated total or a copies list
    name: 'copies',
    test: (t) =>
      /^\W{0,3}(?:Cop(?:y|ies)\b|[\p{L}\d]+\s+copies\b|(?:Produced|Printed|Made|Typed)\s+in\s+\S+\s+cop)/iu.test(
        t
      ),
  },
  {
    // `Nº 3 – to Stalin`, `Copy Nº 1 to Cde. Molotov`, `2 – to file`,
    // `1. Comr. Stalin`: numbered copies of a distribution list
    name: 'numbered-entry',
    test: (t) =>
      /^(?:Copy\s+)?(?:Nº|No\.?|N°)\s*\d{1,2}\s*(?:[–-]\s*\S|to\b)/i.test(t) ||
      /^\d{1,2}\s*[.)–-]\s*(?:to\s+)?(?:Cdes?\b|Comr\b|Comrade\b|file\b)/i.test(
        t
      ),
  },
  {
    // `Cipher No. 6247`, `Cryptogram No 1144`, `CABLE Nº 58986`,
    // `Outgoing Nº 458`: a cipher or cable number (telegram.number,
    // outgoingNumber), leading its line; a bare `CIPHERED TELEGRAM` heading
    // carries no value, and `your telegram No. 483` is a reference in prose
    name: 'cipher-number',
    test: (t) =>
      /^\W{0,3}(?:(?:Ciphered|Cipher|Coded|Cable)\s+)?(?:Cipher|Cypher|Cryptogram|Cable|Telegram|Outgoing|Serial)\b.{0,30}?(?:Nº|No\b\.?|N°|#)\s*:?\s*\d/i.test(
        t
      ),
  },
  {
    // `Received 31.8 17:27`, `Sent: 21:20 on 4 July`, `Deciphered by ...`,
    // `Typed by ...`, `TELEGRAM RECEIVED ON 26/X/62`, `Time sent: 1130`:
    // the telegram's times, decipherer and typist
    name: 'time-line',
    test: (t) => {
      if (EVENT_LEADS.test(t)) return true;
      if (!EVENT_INSIDE.test(t)) return false;
      const labelled = t.includes(':') || !/\p{Ll}/u.test(t);
      return labelled && words(t) <= MAX_WORDS_INSIDE && /\d/.test(t);
    },
  },
];

/**
 * Known lines that look like header material but carry no field by the
 * contract (RECORD.md): they are read, deliberately, as nothing.
 */
const NO_FIELD: readonly RegExp[] = [
  // `Copy Nº 2`, `Copy No.12`, `Secret Copy Nº 1`: which copy this page is
  /^(?:(?:Top\s+)?Secret,?\s+)?Copy\s*(?:Nº|No\.?|N°|#)?\s*(?:\d+|_+)\.?$/i,
  // `Single copy`, `Only copy`
  /^(?:Single|Only|Sole)\s+copy\.?$/i,
  // `Making copies prohibited`, `Copying is prohibited`
  /\bcop(?:y|ies|ying)\b.*\bprohibited\b/i,
  // `Incoming Nº 2924/shs`: the receiving office's registration number,
  // not the telegram's own (RECORD.md: a registration stamp is not one)
  /^\W{0,3}Incoming\s+(?:Nº|No\.?|N°)\s*\d/i,
  // `COPY OF AN OUTGOING TELEGRAM`: the page is a copy; its kind is read
  // from the title
  /^Copy\s+of\b/i,
];

/** A slash mark before a signature: `/signature/ KALASHNIKOV`, `/s/ ...`. */
const SIGNED_MARK = /^\/[\p{L}\s-]{0,12}\/\s*/u;

/**
 * Body lines `[from, to)` that look like header or closing material, with
 * the cue each one matched. A signature cue is only looked for after the
 * body's last paragraph of prose (the closing block).
 */
export function headerLikeLines(
  lines: readonly Line[],
  from: number,
  to: number
): { index: number; cue: CueName }[] {
  const closingFrom = lastProseLine(lines, from, to) + 1;
  const out: { index: number; cue: CueName }[] = [];
  for (let i = from; i < to; i++) {
    const cue = cueOf(lines[i], i >= closingFrom);
    if (cue) out.push({ index: i, cue });
  }
  return out;
}

function cueOf(line: Line | undefined, closing: boolean): CueName | null {
  if (!line || isBlank(line) || line.text.length > 300) return null;
  const t = line.folded;
  if (words(t) > MAX_WORDS) return null;
  if (NO_FIELD.some((re) => re.test(t))) return null;
  for (const cue of CUES) if (cue.test(t)) return cue.name;
  if (closing && isCapitalsName(t)) return 'signature';
  return null;
}

/** `ROSHCHIN`, `S H T Y K O V`, `/signature/ KALASHNIKOV`: a lone name. */
function isCapitalsName(t: string): boolean {
  const name = t.replace(SIGNED_MARK, '');
  return /\p{Lu}{2}|\p{Lu} \p{Lu} \p{Lu}/u.test(name) &&
    !/\p{Ll}/u.test(name.replace(/\[[^\]]*\]/g, ''))
    ? isNameLike(name)
    : false;
}

/** Index of the last sentence-like line in `[from, to)` (`from - 1` if none). */
function lastProseLine(lines: readonly Line[], from: number, to: number) {
  for (let i = to - 1; i >= from; i--) {
    const line = lines[i];
    if (!line || line.text.length > 20_000) continue;
    const ws = line.folded.split(' ');
    const lower = ws.filter((w) => /^\p{Ll}/u.test(w)).length;
    if (ws.length >= 8 && lower >= 4) return i;
  }
  return from - 1;
}

function words(t: string): number {
  return t === '' ? 0 : t.split(' ').length;
}

export interface ReviewInput {
  readonly lines: readonly Line[];
  /** The body the frame leaves to the readers (title, summary, tail excluded). */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** Every value's span so far (review spans not yet added). */
  readonly provenance: Provenance;
  /** Lines a reader took as its own without a value span (list labels). */
  readonly readLines: ReadonlySet<number>;
  readonly record: Pick<Extraction, 'documentType' | 'telegram' | 'letter'>;
}

/**
 * The review flags of a page: an `unknown-page-kind` flag naming the line
 * the kind would have been read from (the title, else the document's first
 * line), then an `unread-header-line` flag for each header-like body line
 * that nothing consumed, in page order.
 */
export function reviewFlags(input: ReviewInput): ReviewFound[] {
  const { lines, bodyStart, bodyEnd, provenance, readLines, record } = input;
  const flags: ReviewFound[] = [];
  if (
    record.documentType === 'other' &&
    record.telegram === null &&
    record.letter === null
  ) {
    const title = provenance.title;
    // the document's first line that says something (not its copy mark)
    const first = lines.find(
      (l, i) =>
        i >= bodyStart &&
        !isBlank(l) &&
        !NO_FIELD.some((re) => re.test(l.folded))
    );
    const span = title ?? (first ? trimmedSpan(first) : null);
    const line = span ? lineOf(lines, span) : undefined;
    if (span && line)
      flags.push({ code: 'unknown-page-kind', text: found(line, span) });
  }

  const spans = Object.values(provenance);
  for (const { index } of headerLikeLines(lines, bodyStart, bodyEnd)) {
    if (flags.length >= MAX_FLAGS) break;
    const line = lines[index];
    if (!line || readLines.has(index)) continue;
    const span = trimmedSpan(line);
    if (spans.some((s) => s.start < span.end && s.end > span.start)) continue;
    flags.push({ code: 'unread-header-line', text: found(line, span) });
  }
  return flags;
}

function lineOf(lines: readonly Line[], span: Span): Line | undefined {
  return lines.find((l) => l.start <= span.start && span.start <= l.end);
}

function found(line: Line, span: Span): Found<string> {
  let end = span.end;
  if (end - span.start > MAX_TEXT) {
    // a long line (an unrecognised heading) is named by its opening words
    const cut = line.text.lastIndexOf(' ', span.start - line.start + MAX_TEXT);
    end =
      cut > span.start - line.start ? line.start + cut : span.start + MAX_TEXT;
  }
  const named = trimmedSpan(line, span.start - line.start, end - line.start);
  return {
    value: fold(
      line.text.slice(named.start - line.start, named.end - line.start)
    ),
    span: named,
  };
}
