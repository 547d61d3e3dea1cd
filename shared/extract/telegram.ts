/**
 * Telegram header and closing lines: the telegram's number, origin,
 * sent/received/arrived/deciphered times, decipherer, typist and outgoing
 * number. Times are read only where a word says what happened at them.
 */
import { findDate, findTime, isoDateTime, type YMD } from './dates.ts';
import { isClosingLine } from './frame.ts';
import { type Found, type Line, spanIn, titleCase } from './text.ts';

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
}

const KEYWORD =
  /\b(sent|transmitted|dispatched|received|arrived|deciphered|typed)\b/gi;
const HAS_KEYWORD =
  /\b(?:sent|transmitted|dispatched|received|arrived|deciphered)\b/i;
const FILLER_WORDS = new Set([
  'on',
  'at',
  'in',
  'by',
  'wire',
  'the',
  'to',
  'of',
  'from',
  'and',
  'telegraph',
]);

const CIPHER_LINE =
  /^\s*(?:(?:Ciphered|Coded)\s+)?(?:Telegram|Cable|Code\s+Message)\s*(?:No\.?|Nº|N°|#)\s*:?\s*(\d[\w./-]*\w|\d)/i;
const SERIAL_LINE = /^\s*Serial\s+number:\s*(\d[\w./-]*)/i;
const SPEC_LINE =
  /^\s*Spe(?:c|ts)\.?\s*(?:No\.?|Nº)\s*(\d[\d-]*\d|\d)\b(?!\s+\d)/i;
const BARE_NUMBER = /^\s*(?:No\.?|Nº|N°)\s*(\d[\w/.-]*\w|\d)\.?\s*$/;
const OUTGOING =
  /\b(?:Outgoing|Issuing)\s+(?:\[\[number\]\]\s*|(?:No\.?|Nº|N°)\s*)(\d[\w/-]*)/i;
const CLOSING_NUMBER =
  /^\s*(?:No\.?|Nº|N°)\s*(\d[\w/.-]*\w|\d)\.?(?:\s+\p{Lu}[\p{L}.\s]*(?:,\s*.*)?)?\s*$/u;

/**
 * Reads the header over the body lines `[from, to)`. `firstProse` is the
 * index of the body's first sentence-like paragraph: numbers above it are
 * the telegram's own, numbers below it close the document.
 */
export function readHeader(
  lines: readonly Line[],
  from: number,
  to: number,
  firstProse: number,
  anchor: YMD | null
): HeaderInfo {
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

  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 2000) continue;
    const t = line.text;
    if (line.folded === '') continue;
    // numbers only on lines with a digit; the regexes below are skipped otherwise
    const digit = /\d/.test(t);
    const c = digit ? (CIPHER_LINE.exec(t) ?? SERIAL_LINE.exec(t)) : null;
    if (c?.[1] && !cipher) {
      cipher = found(line, c, c[1]);
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
      if (b?.[1] && !bare) bare = found(line, b, b[1]);
    } else if (!closing) {
      const n = CLOSING_NUMBER.exec(t);
      if (n?.[1]) closing = found(line, n, n[1]);
    }
    if (!origin && i < Math.max(firstProse, from + 40))
      origin = readOrigin(line);
    if (!decipheredBy && t.includes('eciphered')) {
      const d = /\bDeciphered\s+by\s+(\p{Lu}[\p{L}'-]+)/u.exec(t);
      if (d?.[1]) decipheredBy = nameFound(line, d, d[1]);
    }
    if (!typedBy && t.includes('yped')) {
      const ty = /\b[Tt]yped(?:\s+by)?\s+(\p{Lu}[\p{L}'-]+)/u.exec(t);
      if (ty?.[1]) typedBy = nameFound(line, ty, ty[1]);
    }
    if (HAS_KEYWORD.test(t)) readTimes(lines, i, to, anchor, times);
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
    ...fallbackNumbers(bare, printedOutgoing, spec),
  };
}

/** Numbers to use when neither header nor title gives one, best first. */
function fallbackNumbers(
  bare: Found<string> | null,
  outgoing: Found<string> | null,
  spec: Found<string> | null
): { fallbackNumber: Found<string> | null } {
  return { fallbackNumber: bare ?? outgoing ?? spec };
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
  return { value: titleCase(value), span: spanIn(line, at, value.length) };
}

const ORIGIN_FROM =
  /^\s*(?:From|FROM|from):?\s+(\p{Lu}[\p{L}-]+(?:\s\p{Lu}[\p{L}-]+)?)(?=\s*$|\.|,|\s{2,}|\s+(?:received|Received|Sent|sent)\b|\s+\d)/u;
const ORIGIN_DATELINE = /^\s*(\p{Lu}{3,}(?:\s\p{Lu}{3,})?),\s*\d/u;
const NOT_PLACE =
  /^(?:Correspondent|CORRESPONDENT|SECRET|URGENT|COPY|TOP|SPECIAL|CABLE|TELEGRAM)\b/;

/** `FROM: PYONGYANG`, `From Pyongyang.Sent`, `PYONGYANG, 80. 02. 01`. */
function readOrigin(line: Line): Found<string> | null {
  const m = ORIGIN_FROM.exec(line.text) ?? ORIGIN_DATELINE.exec(line.text);
  const place = m?.[1];
  if (!m || !place || NOT_PLACE.test(place)) return null;
  const at = m.index + m[0].indexOf(place);
  return { value: place, span: spanIn(line, at, place.length) };
}

function readTimes(
  lines: readonly Line[],
  i: number,
  to: number,
  anchor: YMD | null,
  times: Partial<Record<TimeKind, Found<string>>>
): void {
  const line = lines[i];
  if (!line) return;
  // Times are read from header lines, not from prose (`the note sent on 7 March`).
  const words = line.folded.split(' ');
  if (words.length > 20 || words.filter((w) => /^\p{Ll}/u.test(w)).length > 8)
    return;
  // The segment after a keyword may run onto the next line
  // (`Sent 17.7.52` / `18:45 Received ...`, `Received at 1300` / `21 November`).
  const next = i + 1 < to ? lines[i + 1] : undefined;
  const nextNext = i + 2 < to ? lines[i + 2] : undefined;
  const tail =
    (next ? `\n${next.text}` : '') +
    (next && next.folded === '' && nextNext ? `\n${nextNext.text}` : '');
  const text = line.text + tail;
  for (const m of line.text.matchAll(KEYWORD)) {
    const word = (m[1] ?? '').toLowerCase();
    if (word === 'typed') continue;
    const segStart = m.index + m[0].length;
    let seg = text.slice(segStart, segStart + 160);
    KEYWORD.lastIndex = 0;
    const stop =
      /\b(?:sent|transmitted|dispatched|received|arrived|deciphered|typed|copy)\b/i.exec(
        seg
      );
    if (stop) seg = seg.slice(0, stop.index);
    const date = findDate(seg, anchor);
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
    let kind: TimeKind =
      word === 'received'
        ? 'receivedAt'
        : word === 'arrived'
          ? 'arrivedAt'
          : word === 'deciphered'
            ? 'decipheredAt'
            : 'sentAt';
    if (
      (kind === 'sentAt' || kind === 'receivedAt') &&
      /\b(?:8D|8th|General Staff)\b/.test(filler)
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
  }
}

function fillerOk(filler: string): boolean {
  const words = filler.split(/[\s,.:]+/).filter((w) => w !== '');
  if (words.length > 14) return false;
  return words.every(
    (w) =>
      FILLER_WORDS.has(w.toLowerCase()) ||
      /^\p{Lu}/u.test(w) ||
      /^\d+(?:th|st|nd|rd)?$/.test(w) ||
      /^8D\/GS$/.test(w)
  );
}

/** True when a line closes a telegram (`No. 1447/sh`, a date, `Typed by`). */
export function closesTelegram(t: string): boolean {
  return isClosingLine(t);
}
