/**
 * Comparing corrected values, and reading them from the decoded text:
 * the scorer's rules (shared/eval/score.ts, RECORD.md "Scoring") decide
 * when two values are the same (names by their last words, units by their
 * head noun, strings with white space folded), and the extractor's own
 * number and date readers decide whether a span of the text reads as a
 * value (`3` and `three`, `31.8.50` and `August 31, 1950`).
 */

import { namesMatch } from '#shared/eval/score.ts';
import {
  findDate,
  findTime,
  isoDate,
  type YMD,
} from '#shared/extract/dates.ts';
import {
  normalizeName,
  personKey,
  withoutDescriptor,
} from '#shared/extract/names.ts';
import { readNumberWords } from '#shared/extract/quantities.ts';
import { titleType } from '#shared/extract/title.ts';
import { childSpec, type FieldSpec, foldSpace } from './fields.ts';

/** Exactly the same value (strings with white space folded). */
export function identical(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (typeof v === 'string') return foldSpace(v);
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])])
    );
  }
  return v ?? null;
}

/** The head noun of a unit: the last word before ` of ` (the scorer's rule). */
function headNoun(unit: string): string {
  const head = unit.toLowerCase().split(/\s+of\s+/)[0] ?? '';
  const ws = head.trim().split(/\s+/);
  return ws[ws.length - 1] ?? '';
}

/**
 * The same value as the scorer counts it: names when one's words end the
 * other's, units by head noun, strings with white space folded, lists of
 * names and codes as sets, lists of objects entry by entry, objects member
 * by member (members no field describes, like the letter's body, ignored).
 */
export function same(spec: FieldSpec, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a ?? null) === (b ?? null);
  }
  switch (spec.kind) {
    case 'name':
      return typeof a === 'string' && typeof b === 'string' && namesMatch(a, b);
    case 'unit':
      return (
        typeof a === 'string' &&
        typeof b === 'string' &&
        headNoun(a) === headNoun(b)
      );
    case 'list': {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
        return false;
      }
      const entry = childSpec(spec.pattern, '*');
      if (!entry) return identical(a, b);
      if (entry.kind === 'object') {
        return a.every((x, i) => same(entry, x, b[i]));
      }
      const rest = [...b];
      return a.every((x) => {
        const i = rest.findIndex((y) => same(entry, x, y));
        if (i < 0) return false;
        rest.splice(i, 1);
        return true;
      });
    }
    case 'object': {
      if (typeof a !== 'object' || typeof b !== 'object') return false;
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      return [...new Set([...Object.keys(x), ...Object.keys(y)])].every((k) => {
        const member = childSpec(spec.pattern, k);
        return member ? same(member, x[k], y[k]) : true;
      });
    }
    default:
      return identical(a, b);
  }
}

/** Index of the first entry of `list` that is the same as `value`, or -1. */
export function indexOfSame(
  entry: FieldSpec,
  list: readonly unknown[],
  value: unknown
): number {
  return list.findIndex((x) => same(entry, x, value));
}

// ---- reading values from the text ---------------------------------------

/** A record's date (`YYYY[-MM[-DD]]`) as the anchor of two-digit years in spans. */
export function anchorOf(date: string | null): YMD | null {
  if (!date) return null;
  const [y, m, d] = date.split('-').map(Number);
  return { year: y ?? 0, month: m ?? null, day: d ?? null };
}

/** Lower case, letters and digits only (`AVP RF` ~ `AVPRF`, `S H T Y K O V` ~ `Shtykov`). */
function squeeze(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** White space folded, lower case, quotes, brackets and closing punctuation off the ends. */
function loose(s: string): string {
  return foldSpace(s)
    .toLowerCase()
    .replace(/^[\s"'“”‘’«»([{]+|[\s"'“”‘’«»)\]},.;:!?]+$/gu, '');
}

/** `S H T Y K O V` → `SHTYKOV`: letters spaced out joined. */
function joinSpaced(s: string): string {
  return s.replace(/\b(\p{L})(?: (?=\p{L}\b))/gu, '$1');
}

/**
 * The readings of a name in a span: as written, letters joined, without
 * forms of address and offices (`Cde.`, `Ambassador`), brackets apart.
 */
function nameReadings(text: string): string[] {
  const out = [text, joinSpaced(text), normalizeName(withoutDescriptor(text))];
  for (const m of text.matchAll(/[[(]([^\])]+)[\])]/g)) {
    // `Feng Xi [Stalin]`, `FENG XI [FYN SI; Stalin]`: the identification
    for (const part of (m[1] ?? '').split(/[;,]/)) out.push(part);
  }
  out.push(text.replace(/[[(][^\])]*[\])]/g, ' '));
  return out.filter((s) => s.trim() !== '');
}

/** Every number the span writes, in digits (`1,000`, `200-300`) or words (`three`). */
export function numbersIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\d+(?:[,.\u00a0 ]\d{3})*(?:\.\d+)?/g)) {
    const raw = m[0];
    out.push(Number(raw.replace(/[,\u00a0 ]/g, '')));
    // `31.8` is two numbers too
    for (const part of raw.split(/[^\d]+/)) if (part) out.push(Number(part));
  }
  for (const m of text.matchAll(/\p{L}+/gu)) {
    const words = readNumberWords(text, m.index ?? 0);
    if (words) out.push(words.value);
  }
  return out;
}

/** The ISO readings of the dates a span writes (both day/month orders). */
function dateReadings(text: string, anchor: YMD | null): string[] {
  const out = new Set<string>();
  for (const order of [null, 'dmy', 'mdy'] as const) {
    const found = findDate(text, anchor, order);
    if (found) out.add(isoDate(found.date));
  }
  // `June 1961`, `1950`: partial dates
  const month = /([A-Za-z]+)\.?,?\s+(\d{4})\b/.exec(text);
  if (month) {
    const d = findDate(`1 ${month[1]} ${month[2]}`, null);
    if (d)
      out.add(isoDate({ year: d.date.year, month: d.date.month, day: null }));
  }
  for (const y of text.matchAll(/\b(1[89]\d\d|20\d\d)\b/g)) out.add(y[1]!);
  return [...out];
}

/**
 * Does the text of a span read as `value`? Compared the way the scorer
 * compares (names by their last words, numbers as numbers, units by head
 * noun), with the extractor's readers for numbers in words and dates; an
 * object or list reads as its value when the span holds each of its
 * strings and numbers.
 *
 * @param spec the field's spec
 * @param text the text of the span
 * @param value the value it should read as
 * @param anchor the record's date, which settles two-digit years
 */
export function readsAs(
  spec: FieldSpec,
  text: string,
  value: unknown,
  anchor: YMD | null = null
): boolean {
  if (value === null || value === undefined) return false;
  switch (spec.kind) {
    case 'text':
      return typeof value === 'string' && loose(text) === loose(value);
    case 'name':
      return (
        typeof value === 'string' &&
        nameReadings(text).some(
          (r) =>
            namesMatch(r, value) ||
            squeeze(r) === squeeze(value) ||
            // the same name in another order or spelling (`STALIN I.V.`
            // read as `I.V. Stalin`, `Mao Tse-tung` as `Mao Zedong`)
            (personKey(r) !== '' && personKey(r) === personKey(value))
        )
      );
    case 'int':
    case 'number':
      return typeof value === 'number' && numbersIn(text).includes(value);
    case 'date':
      return (
        typeof value === 'string' && dateReadings(text, anchor).includes(value)
      );
    case 'datetime': {
      if (typeof value !== 'string') return false;
      const time = findTime(text);
      const hm = time
        ? `T${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`
        : '';
      const [date, at] = value.split('T');
      if (!date || !dateReadings(text, anchor).includes(date)) return false;
      return at === undefined || `T${at}` === hm;
    }
    case 'type':
      return (
        typeof value === 'string' &&
        (titleType(foldSpace(text)) === value ||
          new RegExp(`\\b${value}\\b`, 'i').test(text))
      );
    case 'unit':
      return (
        typeof value === 'string' &&
        headNoun(text.replace(/^[\d\s.,-]+/, '')) === headNoun(value)
      );
    case 'code':
      return false;
    case 'object':
    case 'list':
      return holds(spec, text, value);
  }
}

/** A span holds an object or list when it contains each of its strings and numbers. */
function holds(spec: FieldSpec, text: string, value: unknown): boolean {
  const squeezed = squeeze(joinSpaced(text));
  const numbers = numbersIn(text);
  const check = (s: FieldSpec, v: unknown): boolean => {
    if (v === null || v === undefined) return true;
    if (s.kind === 'list') {
      const entry = childSpec(s.pattern, '*');
      return Array.isArray(v) && (!entry || v.every((x) => check(entry, x)));
    }
    if (s.kind === 'object') {
      if (typeof v !== 'object') return false;
      return Object.entries(v as Record<string, unknown>).every(([k, x]) => {
        const member = childSpec(s.pattern, k);
        if (!member) return true;
        // a distribution entry's one copy is its default, rarely written
        if (s.defaults && s.defaults[k] === x) return true;
        return check(member, x);
      });
    }
    if (typeof v === 'number') return numbers.includes(v);
    if (typeof v === 'string') return squeezed.includes(squeeze(v));
    return true;
  };
  return check(spec, value);
}

/** A short quotation of a text, for messages. */
export function quote(text: unknown, max = 80): string {
  const s =
    typeof text === 'string' ? foldSpace(text) : JSON.stringify(text ?? null);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
