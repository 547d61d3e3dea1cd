/**
 * Telegram header and closing lines: the telegram's number, origin,
 * sent/received/arrived/deciphered times, decipherer, typist and outgoing
 * number. Times are read only where a word says what happened at them.
 */
import type { Span } from '#shared/schema/record.ts';
import {
  type DayMonthOrder,
  findDate,
  findTime,
  isoDateTime,
  type YMD,
} from './dates.ts';
import {
  BARE_NUMBER,
  CIPHER_LINE,
  CLOSING_NUMBER,
  DASHED_NUMBER,
  DATELINE_PLACE,
  DECIPHERED_BY,
  FORM_HEADING,
  FORM_NUMBER,
  GLUED_NUMBER,
  HANDWRITTEN_NUMBER,
  HAS_TIME_KEYWORD,
  HEADING_NUMBER,
  NOT_PLACE,
  OFFICE_WORD,
  ORIGIN_BODY,
  ORIGIN_DATELINE,
  ORIGIN_FM,
  ORIGIN_FROM,
  ORIGIN_HEADING,
  ORIGIN_SENDER,
  ORIGIN_STAMP,
  OUTGOING,
  PLACE_DATELINE,
  RECEIVING_OFFICE,
  SERIAL_LINE,
  SPEC_LINE,
  STAMP_ALONE,
  STAMP_FILLER,
  stampKind,
  TIME_KEYWORD,
  TIME_SEGMENT_STOP,
  TYPED_BY,
  US_CABLE_NUMBER,
} from './forms.ts';
import { type Found, type Line, spanIn, titleCase } from './text.ts';
import { alternation, DATELINE_PLACES, TELEGRAM_WORDS } from './vocabulary.ts';

export type TimeKind = 'sentAt' | 'receivedAt' | 'arrivedAt' | 'decipheredAt';

export interface HeaderInfo {
  readonly number: Found<string> | null;
  readonly headerNumber: boolean;
  readonly origin: Found<string> | null;
  readonly times: Partial<Record<TimeKind, Found<string>>>;
  readonly decipheredBy: Found<string> | null;
  readonly typedBy: Found<string> | null;
  readonly outgoingNumber: Found<string> | null;
  /** Lines that only a telegram has (cipher number, times): a telegram header. */
  readonly hasHeaderLines: boolean;
  /** Dates read with a day/month order nothing on the page settled. */
  readonly ambiguousDates: Span[];
  /**
   * A number to use when neither the header nor the title gives one: a bare
   * `No. N` on a telegram, a printed outgoing number, a special-folder
   * number under a bare telegram heading.
   */
  readonly fallbackNumber: Found<string> | null;
}

/** Options for pages without the archive's frame. */
export interface HeaderOptions {
  /** The page's own day/month order (`dayMonthOrder`), if it shows one. */
  readonly order?: DayMonthOrder | null;
}

/**
 * Reads the header over the body lines `[from, to)`. `firstProse` is the
 * index of the body's first sentence-like paragraph: numbers above it are
 * the telegram's own, numbers below it close the document. The line forms
 * are those of `forms.ts`. Dates whose day/month order neither `anchor` nor
 * `options.order` settled are listed in `ambiguousDates`.
 */
export function readHeader(
  lines: readonly Line[],
  from: number,
  to: number,
  firstProse: number,
  anchor: YMD | null,
  options: HeaderOptions = {}
): HeaderInfo {
  const order = options.order ?? null;
  const lastProse = lastProseLine(lines, from, to);
  const textStart = firstSentence(lines, firstProse, to);
  const ambiguousDates: Span[] = [];
  let cipher: Found<string> | null = null;
  let bare: Found<string> | null = null;
  let spec: Found<string> | null = null;
  let outgoing: Found<string> | null = null;
  let printedOutgoing: Found<string> | null = null;
  let closing: Found<string> | null = null;
  let origin: Found<string> | null = null;
  let decipheredBy: Found<string> | null = null;
  let typedBy: Found<string> | null = null;
  const times: Partial<Record<TimeKind, Found<string>>> = {};
  let hasHeaderLines = false;
  // the last form heading line above the text (`TELEGRAM`, `RECEIVED`)
  let formAt = -1;
  // a heading that is only the telegram's name (`Ciphered Telegram`)
  let telegramHeading = false;

  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 2000) continue;
    const t = line.text;
    if (line.folded === '') continue;
    // numbers only on lines with a digit; the regexes below are skipped otherwise
    const digit = /\d/.test(t);
    const c = digit
      ? (CIPHER_LINE.exec(t) ??
        HEADING_NUMBER.exec(t) ??
        SERIAL_LINE.exec(t) ??
        US_CABLE_NUMBER.exec(t))
      : null;
    if (c?.[1] && !cipher) {
      cipher = found(line, c, c[1]);
      hasHeaderLines = true;
    }
    if (i < firstProse && (FORM_HEADING.test(t) || STAMP_ALONE.test(t)))
      formAt = i;
    if (i < firstProse && FORM_HEADING.test(t)) telegramHeading = true;
    // `TELEGRAM` / `RECEIVED` / `13 679`: the form's number, under its heading
    const f =
      digit && !cipher && formAt >= 0 && i < firstProse && i - formAt <= 4
        ? FORM_NUMBER.exec(t)
        : null;
    if (f?.[1] && !/^19[4-9]\d$/.test(f[1])) {
      cipher = found(line, f, f[1]);
      hasHeaderLines = true;
    }
    const s = digit && !spec ? SPEC_LINE.exec(t) : null;
    if (s?.[1] && !spec) spec = found(line, s, s[1]);
    const o = digit && !outgoing ? OUTGOING.exec(t) : null;
    if (o?.[1] && !outgoing) {
      outgoing = found(line, o, o[1]);
      // a handwritten `Outgoing [[number]]` stamp is not the form's number
      if (!/\[\[/.test(o[0])) printedOutgoing = outgoing;
    }
    if (!digit) {
      // no number on this line
    } else if (i < firstProse) {
      const b = BARE_NUMBER.exec(t);
      if (b?.[1] && !bare && restIsDateline(b[2] ?? '')) {
        const at = b.index + b[0].indexOf(b[1]);
        bare = { value: b[1], span: spanIn(line, at, b[1].length) };
      }
    } else if (!closing) {
      const n =
        CLOSING_NUMBER.exec(t) ??
        HANDWRITTEN_NUMBER.exec(t) ??
        GLUED_NUMBER.exec(t);
      if (n?.[1]) closing = found(line, n, n[1]);
      // `– 157 –` closes the telegram only below its last paragraph
      // (the same form between paragraphs is a page number)
      const dashed = i > lastProse ? DASHED_NUMBER.exec(t) : null;
      if (dashed?.[1]) {
        const at = dashed.index + dashed[0].indexOf(dashed[1]);
        closing = {
          value: dashed[1],
          span: spanIn(line, at, dashed[1].length),
        };
      }
    }
    if (!origin && i < Math.max(firstProse, from + 40))
      origin = readOrigin(line, i < textStart, anchor);
    if (!decipheredBy && / by\b|ipherer|ypherer|ecoder|clerk/.test(t)) {
      const d = DECIPHERED_BY.exec(t);
      if (d?.[1]) decipheredBy = nameFound(line, d, d[1]);
    }
    if (!typedBy && /yp(?:ed|ist)/.test(t)) {
      const ty = TYPED_BY.exec(t);
      if (ty?.[1]) typedBy = nameFound(line, ty, ty[1]);
    }
    if (HAS_TIME_KEYWORD.test(t))
      readTimes(lines, i, to, anchor, times, order, ambiguousDates);
  }
  if (Object.keys(times).length > 0) hasHeaderLines = true;
  return {
    number: cipher,
    headerNumber: cipher !== null,
    origin,
    times,
    decipheredBy,
    typedBy,
    outgoingNumber: outgoing ?? closing,
    hasHeaderLines,
    ambiguousDates,
    ...fallbackNumbers(
      // a bare `No. 41/55` is a telegram's number under a telegram's own
      // lines, else a note's or a letter's registry number
      hasHeaderLines || telegramHeading || titledTelegram(lines, from)
        ? bare
        : null,
      printedOutgoing,
      telegramHeading ? spec : null
    ),
  };
}

/**
 * Numbers to use when neither header nor title gives one, best first. A
 * special-folder number (`Spets. Nº 12`) never beats a cipher line or the
 * title's number (RECORD.md clarifications); it is used only under a
 * `Ciphered Telegram` heading that gives no other (`gold/026`), never on a
 * page with no telegram heading (a record of conversation's `Spets. Nº`).
 */
function fallbackNumbers(
  bare: Found<string> | null,
  outgoing: Found<string> | null,
  spec: Found<string> | null
): { fallbackNumber: Found<string> | null } {
  return { fallbackNumber: bare ?? outgoing ?? spec };
}

/** A telegram's name in a title: `Telegram from X to Y`, `Cable Nº 12`. */
const TELEGRAM_TITLE = new RegExp(
  `\\b(?:${alternation(TELEGRAM_WORDS)})\\b`,
  'i'
);

/**
 * True when the page's own title, above the body that starts at `from`
 * (the archive's frame: date line, title line), names a telegram.
 */
function titledTelegram(lines: readonly Line[], from: number): boolean {
  for (let i = Math.max(0, from - 12); i < from; i++) {
    const t = lines[i]?.text ?? '';
    if (t.length <= 600 && TELEGRAM_TITLE.test(t)) return true;
  }
  return false;
}

function found(line: Line, m: RegExpExecArray, value: string): Found<string> {
  const at = m.index + m[0].lastIndexOf(value);
  const v = value.replace(/[.,]+$/, '');
  return { value: v, span: spanIn(line, at, v.length) };
}

function nameFound(
  line: Line,
  m: RegExpExecArray,
  value: string
): Found<string> {
  const at = m.index + m[0].lastIndexOf(value);
  // initials (`M/B`) are kept as written
  const v = value.includes('/') ? value : titleCase(value);
  return { value: v, span: spanIn(line, at, value.length) };
}

/**
 * The origin on a header line: a from-line (`FROM: PYONGYANG`,
 * `From…Saigon…`, `From Moscow to Warsaw`), a from-line naming a body in a
 * place (`FROM THE EMBASSY IN HAVANA` → `HAVANA`), a heading
 * (`Telegram from Pyongyang`), or, above the text only (`heading`), a
 * dateline (`PYONGYANG, 80. 02. 01`, `Havana, June 4, 1969`,
 * `3 June 1969, Beijing`). A place sent to, a bare place line, or a
 * dateline at the foot is not an origin.
 */
function readOrigin(
  line: Line,
  heading: boolean,
  anchor: YMD | null
): Found<string> | null {
  const t = line.text;
  if (t.length > 300) return null;
  const m =
    ORIGIN_BODY.exec(t) ??
    ORIGIN_FROM.exec(t) ??
    ORIGIN_STAMP.exec(t) ??
    ORIGIN_FM.exec(t) ??
    senderPlace(t) ??
    (heading
      ? (ORIGIN_HEADING.exec(t) ??
        ORIGIN_DATELINE.exec(t) ??
        placeDateline(t, anchor) ??
        columnDateline(t, anchor))
      : null);
  const place = m?.[1];
  if (!m || !place || NOT_PLACE.test(place) || OFFICE_WORD.test(place))
    return null;
  const at = m.index + m[0].lastIndexOf(place);
  return { value: place, span: spanIn(line, at, place.length) };
}

/**
 * A dateline standing in a column of a header line beside a file number
 * or a stamp word: `No. 231/61          Tirana, 22.XI.1961`, `Tirana,
 * 22.XI.1961          No. 231/61` (columns three spaces or more apart).
 */
function columnDateline(t: string, anchor: YMD | null): RegExpExecArray | null {
  if (!/\S\s{3,}\S/.test(t)) return null;
  let at = 0;
  for (const column of t.split(/\s{3,}/)) {
    at = t.indexOf(column, at);
    const m = column.trim() ? placeDateline(column, anchor) : null;
    if (m) {
      m.index += at;
      return m;
    }
    at += column.length;
  }
  return null;
}

/** `Sender: Pyongyang`: a sender's field naming a known place, not a person. */
function senderPlace(t: string): RegExpExecArray | null {
  const m = ORIGIN_SENDER.exec(t);
  return m?.[1] && DATELINE_PLACES.has(m[1].toLowerCase()) ? m : null;
}

/** `Havana, June 4, 1969` or `3 June 1969, Beijing`: a place and a date. */
function placeDateline(t: string, anchor: YMD | null): RegExpExecArray | null {
  const lead = PLACE_DATELINE.exec(t);
  if (lead?.[2]) {
    const d = findDate(lead[2], anchor ?? { year: 1950, month: 6, day: 15 });
    const rest = d
      ? lead[2].slice(0, d.index) + lead[2].slice(d.index + d.length)
      : 'x';
    if (d && d.index <= 1 && restIsTime(rest)) return lead;
  }
  const tail = DATELINE_PLACE.exec(t);
  if (tail) {
    const before = t.slice(0, tail.index);
    const d = findDate(before, anchor ?? { year: 1950, month: 6, day: 15 });
    if (d && /^[\s,]*$/.test(before.slice(d.index + d.length))) return tail;
  }
  return null;
}

/**
 * What a dateline may carry after its date: nothing, or the hour it was
 * written (`Beijing, 1969 September 2. 14:20`, `..., 14:20 hours`).
 */
function restIsTime(rest: string): boolean {
  if (/^[\s.,]*$/.test(rest)) return true;
  const time = findTime(rest);
  if (!time || !/^[\s.,]*$/.test(rest.slice(0, time.index))) return false;
  const after = rest.slice(time.index + time.length);
  return /^[\s.,]*(?:(?:hours|hrs|h)\.?)?[\s.,]*$/i.test(after);
}

/** After a header number, nothing or a dateline (`3 June 1969, Beijing`). */
function restIsDateline(rest: string): boolean {
  if (/^\s*$/.test(rest)) return true;
  const d = findDate(rest, { year: 1950, month: 6, day: 15 });
  return d !== null && /^\s*$/.test(rest.slice(0, d.index));
}

/**
 * The first line from `firstProse` that ends a sentence: a heading's long
 * second line (`of the conversation between A and B in the Central
 * Committee building`) reads like prose, but a dateline under it still
 * heads the text.
 */
function firstSentence(
  lines: readonly Line[],
  firstProse: number,
  to: number
): number {
  for (let i = firstProse; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 20_000) continue;
    const words = line.folded.split(' ');
    const lower = words.filter((w) => /^\p{Ll}/u.test(w)).length;
    const ends = /[.!?:;"”»)]$/u.test(line.folded);
    if ((words.length >= 8 && lower >= 4 && ends) || words.length >= 40)
      return i;
  }
  return firstProse;
}

function lastProseLine(lines: readonly Line[], from: number, to: number) {
  for (let i = to - 1; i >= from; i--) {
    const line = lines[i];
    if (!line || line.text.length > 20_000) continue;
    const words = line.folded.split(' ');
    const lower = words.filter((w) => /^\p{Ll}/u.test(w)).length;
    if (words.length >= 8 && lower >= 4) return i;
  }
  return from - 1;
}

function readTimes(
  lines: readonly Line[],
  i: number,
  to: number,
  anchor: YMD | null,
  times: Partial<Record<TimeKind, Found<string>>>,
  order: DayMonthOrder | null,
  ambiguousDates: Span[]
): void {
  const line = lines[i];
  if (!line) return;
  // Times are read from header lines, not from prose (`the note sent on 7 March`).
  const words = line.folded.split(' ');
  if (words.length > 20 || words.filter((w) => /^\p{Ll}/u.test(w)).length > 8)
    return;
  // The segment after a keyword may run onto the next line
  // (`Sent 17.7.52` / `18:45 Received ...`, `Received at 1300` / `21 November`),
  // and a form's stamp word alone on its line onto the form's next short
  // lines (`RECEIVED` / `13 679` / `FROM THE EMBASSY IN X` / `ON/16/XI/62`).
  const text = withTail(lines, i, to, STAMP_ALONE.test(line.text) ? 4 : 1);
  for (const m of line.text.matchAll(TIME_KEYWORD)) {
    const word = (m[1] ?? '').toLowerCase();
    if (word === 'typed') continue;
    const segStart = m.index + m[0].length;
    let seg = text.slice(segStart, segStart + 160);
    const stop = TIME_SEGMENT_STOP.exec(seg);
    if (stop) seg = seg.slice(0, stop.index);
    const date = findDate(seg, anchor, order);
    const time = findTime(seg);
    const first = Math.min(date?.index ?? 1e9, time?.index ?? 1e9);
    if (!date || first === 1e9) continue;
    if (!fillerOk(seg.slice(0, first))) continue;
    const ends = [
      date.index + date.length,
      time ? time.index + time.length : 0,
    ];
    if (time && Math.abs(time.index - date.index) > 40) {
      // a time far from the date belongs to something else
      if (time.index > date.index) ends[1] = 0;
    }
    const useTime =
      time && Math.abs(time.index - date.index) <= 40 ? time : null;
    const filler = seg.slice(0, first);
    let kind: TimeKind = stampKind(word);
    if (
      (kind === 'sentAt' || kind === 'receivedAt') &&
      RECEIVING_OFFICE.test(filler)
    )
      kind = 'arrivedAt';
    if (times[kind]) continue;
    const startInText = segStart + first;
    const endInText = segStart + Math.max(...ends);
    const spanStart = line.start + startInText;
    // The text may continue onto the next lines: offsets stay in the page.
    const spanEnd = line.start + endInText;
    times[kind] = {
      value: isoDateTime(date.date, useTime),
      span: { start: spanStart, end: spanEnd },
    };
    if (date.ambiguous)
      ambiguousDates.push({
        start: line.start + segStart + date.index,
        end: line.start + segStart + date.index + date.length,
      });
  }
}

/**
 * The text of line `i` and of the next `count` non-blank lines below it
 * (short ones only, for more than one), with the gaps between them kept so
 * that offsets in it are offsets from the line's start in the page.
 */
function withTail(
  lines: readonly Line[],
  i: number,
  to: number,
  count: number
): string {
  const line = lines[i];
  if (!line) return '';
  let text = line.text;
  let taken = 0;
  for (let k = i + 1; k < to && k <= i + 2 * count && taken < count; k++) {
    const next = lines[k];
    if (!next) break;
    if (count > 1 && next.text.length > 80) break;
    const gap = Math.max(1, next.start - (line.start + text.length));
    text += '\n'.repeat(gap) + next.text;
    if (next.folded !== '') taken++;
  }
  return text;
}

function fillerOk(filler: string): boolean {
  // `Received; 19:20 on ...`, `dispatched…on 03.10`
  const words = filler.split(/[\s,.:;…]+/).filter((w) => w !== '');
  if (words.length > 14) return false;
  return words.every(
    (w) =>
      STAMP_FILLER.has(w.toLowerCase()) ||
      /^\p{Lu}/u.test(w) ||
      /^\d+(?:th|st|nd|rd)?$/.test(w) ||
      /^8D\/GS$/.test(w)
  );
}
