/**
 * What a correction in the record view edits and sends: which path a
 * shown value is (`set`), which list an entry joins (`add`) or leaves
 * (`remove`), what the person typed or selected turned into the value the
 * API expects (`parseEdit`), and how a correction is written back to them
 * (old → new, who and when). Pure, so it is tested without a browser; the
 * form is built in correction-editor.ts.
 *
 * The editable fields are the scored ones of RECORD.md
 * (shared/eval/score.ts): a value of another field (code names,
 * endorsements, the letter's body) shows without a "Correct" button.
 */
import type { CorrectedMark, Correction, TextSpan } from './api.ts';
import { TYPE_OPTIONS } from './options.ts';

/**
 * How a value is typed and checked.
 * - `text`: any text (a title, a telegram number)
 * - `name`: a person's name
 * - `int`: a whole number (copies, a request's number)
 * - `date`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the record's date)
 * - `datetime`: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` (telegram times)
 * - `type`: one of the document types
 * - `quantity`: `200–300 pilots`, `1,000 tankists`
 */
export type ValueKind =
  | 'text'
  | 'name'
  | 'int'
  | 'date'
  | 'datetime'
  | 'type'
  | 'quantity';

/**
 * What a new list entry is: a name (authors...), a distribution entry
 * (name and copies), a request (number and text), a quantity.
 */
export type EntryKind = 'name' | 'distribution' | 'request' | 'quantity';

/** A shown value the person may correct (`set`), or remove as an entry. */
export interface EditTarget {
  /** Where `set` writes: a provenance-style path (`authors.1`). */
  path: string;
  kind: ValueKind;
  /** The value now, as the record holds it (not formatted). */
  value: unknown;
  /** May the field be left empty (null)? List entries may not. */
  nullable: boolean;
  /** The entry a `remove` takes out (`telegram.distribution.recipients.2`). */
  remove?: string;
}

/** A list the person may add an entry to. */
export interface AddTarget {
  /** The list's path (`authors`, `requests.0.quantities`). */
  path: string;
  kind: EntryKind;
  /** The button's words: "Add an author". */
  label: string;
}

/** The inputs of one entry kind, in form order, with their labels. */
export const ENTRY_INPUTS: Record<
  EntryKind,
  readonly { name: string; label: string; kind: ValueKind }[]
> = {
  name: [{ name: 'value', label: 'Name', kind: 'name' }],
  distribution: [
    { name: 'name', label: 'Name', kind: 'name' },
    { name: 'copies', label: 'Copies', kind: 'int' },
  ],
  request: [
    { name: 'number', label: 'Number', kind: 'int' },
    { name: 'text', label: 'Request', kind: 'text' },
  ],
  quantity: [{ name: 'value', label: 'Quantity', kind: 'quantity' }],
};

/** How each kind is typed, for the hint under its input. */
export const KIND_HINTS: Record<ValueKind, string> = {
  text: 'As the page has it.',
  name: 'The name as the page writes it.',
  int: 'A whole number.',
  date: 'YYYY, YYYY-MM or YYYY-MM-DD.',
  datetime: 'YYYY-MM-DD or YYYY-MM-DD HH:MM, local time as written.',
  type: 'The kind of document.',
  quantity: 'A number or range and its unit: 200–300 pilots.',
};

/** The result of reading an input: a value for the API, or what is wrong. */
export type Parsed =
  | { ok: true; value: unknown }
  | { ok: false; error: string };

const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (error: string): Parsed => ({ ok: false, error });

/**
 * Reads `200–300 pilots`, `1,000 tankists`, `2 000` (no unit) as a
 * quantity; null when it is not one.
 *
 * @example parseQuantity('200-300 pilots') // { min: 200, max: 300, unit: 'pilots' }
 */
export function parseQuantity(
  input: string
): { min: number; max: number; unit: string } | null {
  const m =
    /^\s*(\d[\d, ]*?)(?:\s*(?:-|–|—|to)\s*(\d[\d, ]*?))?(?:\s+(\D.*?))?\s*$/.exec(
      input
    );
  if (!m) return null;
  const number = (s: string) => Number(s.replace(/[, ]/g, ''));
  const min = number(m[1]!);
  const max = m[2] ? number(m[2]) : min;
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return null;
  return { min, max, unit: (m[3] ?? '').trim() };
}

/**
 * Turns what the person typed (or selected) into the value the API
 * expects for a kind. Empty means "no value" (null) where the field allows
 * it.
 *
 * @param kind how the value is typed
 * @param input the text of the input
 * @param nullable whether the field may be emptied
 * @example parseValue('int', ' 2 ', false) // { ok: true, value: 2 }
 */
export function parseValue(
  kind: ValueKind,
  input: string,
  nullable: boolean
): Parsed {
  const text = input.replace(/\s+/g, ' ').trim();
  if (text === '') {
    return nullable
      ? ok(null)
      : bad('Type a value, or select it in the source text.');
  }
  switch (kind) {
    case 'int':
      return /^\d[\d,]*$/.test(text)
        ? ok(Number(text.replace(/,/g, '')))
        : bad(`"${text}" is not a whole number.`);
    case 'date':
      return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(text)
        ? ok(text)
        : bad(`"${text}" is not a date as YYYY, YYYY-MM or YYYY-MM-DD.`);
    case 'datetime': {
      const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?$/.exec(text);
      return m
        ? ok(m[2] ? `${m[1]}T${m[2]}` : m[1])
        : bad(`"${text}" is not a time as YYYY-MM-DD HH:MM or YYYY-MM-DD.`);
    }
    case 'type':
      return (TYPE_OPTIONS as readonly string[]).includes(text)
        ? ok(text)
        : bad(`"${text}" is not a document type (${TYPE_OPTIONS.join(', ')}).`);
    case 'quantity': {
      const q = parseQuantity(text);
      return q
        ? ok(q)
        : bad(`"${text}" is not a quantity: a number or range and its unit.`);
    }
    default:
      return ok(text);
  }
}

/**
 * Reads the inputs of a new entry (`ENTRY_INPUTS[kind]`) into the entry
 * the API adds: a name, `{ name, copies }`, `{ number, text, quantities }`
 * or a quantity.
 *
 * @param inputs input name → text
 */
export function parseEntry(
  kind: EntryKind,
  inputs: Record<string, string>
): Parsed {
  const entry: Record<string, unknown> = {};
  for (const input of ENTRY_INPUTS[kind]) {
    const parsed = parseValue(input.kind, inputs[input.name] ?? '', false);
    if (!parsed.ok) return bad(`${input.label}: ${parsed.error}`);
    entry[input.name] = parsed.value;
  }
  if (kind === 'name' || kind === 'quantity') return ok(entry.value);
  if (kind === 'request') return ok({ ...entry, quantities: [] });
  return ok(entry);
}

/** The text an input shows for a value now held (`2024-01-02T10:05` → `2024-01-02 10:05`). */
export function inputText(kind: ValueKind, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (kind === 'datetime') return String(value).replace('T', ' ');
  return kind === 'quantity' || typeof value === 'object'
    ? formatValue(value)
    : String(value);
}

function isQuantity(
  v: object
): v is { min: number; max: number; unit: string } {
  return 'min' in v && 'max' in v && 'unit' in v;
}

/**
 * A value in words, for "Now:" and the corrections list: text as it is,
 * a quantity as `200–300 pilots`, a distribution entry as `Molotov – 1`,
 * a request as `2. To permit…`.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '(empty)';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  if (Array.isArray(value)) return value.map(formatValue).join('; ');
  const v = value as Record<string, unknown>;
  if (isQuantity(v)) {
    const n = (x: number) => x.toLocaleString('en-US');
    const amount = v.min === v.max ? n(v.min) : `${n(v.min)}–${n(v.max)}`;
    return v.unit ? `${amount} ${v.unit}` : amount;
  }
  if (typeof v.name === 'string' && typeof v.copies === 'number') {
    return `${v.name} – ${v.copies}`;
  }
  if (typeof v.number === 'number' && typeof v.text === 'string') {
    const text = v.text.length > 80 ? `${v.text.slice(0, 79)}…` : v.text;
    return `${v.number}. ${text}`;
  }
  return JSON.stringify(value);
}

/** One correction as a change in words: `Malenkov → Molotov`, `added Beria – 1`. */
export function changeText(c: Pick<Correction, 'op' | 'value' | 'oldValue'>) {
  switch (c.op) {
    case 'add':
      return `added ${formatValue(c.value)}`;
    case 'remove':
      return `removed ${formatValue(c.oldValue)}`;
    default:
      return `${formatValue(c.oldValue)} → ${formatValue(c.value)}`;
  }
}

/**
 * Who made a change, short: an AWS principal ARN as its session or user
 * name with the role (`alice (ArchiveReviewer)`), a local user as is.
 *
 * @example shortPrincipal('arn:aws:sts::123456789012:assumed-role/Reviewer/alice') // 'alice (Reviewer)'
 */
export function shortPrincipal(by: string): string {
  if (!by.startsWith('arn:')) return by;
  const resource = by.split(':').slice(5).join(':');
  const parts = resource.split('/');
  if (parts[0] === 'assumed-role' && parts.length >= 3) {
    return `${parts.slice(2).join('/')} (${parts[1]})`;
  }
  return parts[parts.length - 1] || by;
}

/** An ISO time as `2024-05-01 10:20 UTC` (minutes are enough for people). */
export function formatWhen(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::[\d.]+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** "by alice, 2024-05-01 10:20 UTC": who and when, as the page says it. */
export function byWhen(mark: { by: string; at: string }): string {
  return `by ${shortPrincipal(mark.by)}, ${formatWhen(mark.at)}`;
}

/**
 * The correction mark that covers a shown value: its own path's, or that
 * of the entry it belongs to (an added distribution entry marks its name
 * and its copies). The list's own path (an entry removed) marks nothing.
 *
 * @param path the value's path (`telegram.distribution.recipients.2.name`)
 * @param corrected `view.corrected`
 */
export function correctedMark(
  path: string,
  corrected: Record<string, CorrectedMark> | undefined
): CorrectedMark | null {
  if (!corrected) return null;
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n -= 1) {
    const prefix = parts.slice(0, n).join('.');
    const mark = corrected[prefix];
    // a prefix ending in a list index is an entry; others are lists or
    // objects whose own mark is not this value's
    if (mark && (n === parts.length || /^\d+$/.test(parts[n - 1]!))) {
      return mark;
    }
  }
  return null;
}

/** A stretch of the text: where, what it reads, and a little around it. */
export interface Occurrence extends TextSpan {
  before: string;
  match: string;
  after: string;
}

/**
 * Where `needle` occurs in `text` (case and runs of white space ignored),
 * so a person who typed a value can pick its place in the page by
 * keyboard.
 *
 * @param max at most this many places
 * @param around characters of context either side
 */
export function findOccurrences(
  text: string,
  needle: string,
  max = 8,
  around = 30
): Occurrence[] {
  const words = needle.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(escaped.join('\\s+'), 'giu');
  const found: Occurrence[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    found.push({
      start,
      end,
      before: text
        .slice(Math.max(0, start - around), start)
        .replace(/\s+/g, ' '),
      match: m[0],
      after: text.slice(end, end + around).replace(/\s+/g, ' '),
    });
    if (found.length >= max) break;
  }
  return found;
}

/**
 * A selected span without the white space at its ends (a double-click or
 * a drag often takes a space or a line break along); null when nothing
 * but white space is selected.
 */
export function trimSpan(text: string, span: TextSpan): TextSpan | null {
  let { start, end } = span;
  start = Math.max(0, Math.min(start, text.length));
  end = Math.max(start, Math.min(end, text.length));
  while (start < end && /\s/.test(text[start]!)) start += 1;
  while (end > start && /\s/.test(text[end - 1]!)) end -= 1;
  return end > start ? { start, end } : null;
}
