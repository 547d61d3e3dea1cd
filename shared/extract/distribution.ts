/**
 * Distribution lists: `Distribution list - 11 copies: Stalin - 2, ...`,
 * `Copies: Stalin (2), Malenkov`, `Copy Nº 1 to Cde. Stalin`,
 * `Nº 2 – to Stalin`, `Two copies printed. Nº 2 to file.`, and numbered
 * lists under a copies line (`5 copies` / `1. Comr. Stalin`).
 */
import {
  ADDRESSEE_ENTRY,
  BULLET_ENTRY,
  COPIES_COUNT,
  COPIES_TOTAL,
  COPY_ENTRY,
  COPY_ENTRY_START,
  COUNT_ENTRY,
  DASHED_NUMBER,
  DISTRIBUTION_HEAD,
  ENTRY_LEAD,
  ENTRY_LINE,
  ENTRY_OFFICE,
  ENTRY_TARGET,
  ENTRY_TRAIL,
  HAS_COPIES_WORD,
  isCopiesLine,
  NAME_COUNT,
  NUMBERED_ENTRY,
  ORDINAL_COPY_ENTRY,
  PART_ENTRY,
  PART_LIST,
  SENT_HEAD,
} from './forms.ts';
import { isDateOnly } from './frame.ts';
import { nameKey } from './people.ts';
import { type Found, fold, isBlank, type Line, spanIn } from './text.ts';
import { OFFICE_DOMAIN_WORDS, WORD_NUMBERS } from './vocabulary.ts';

export interface DistributionFound {
  readonly copies: Found<number> | null;
  readonly recipients: { name: Found<string>; copies: number }[];
  /** Line indexes that belong to the list (not requests, not signatures). */
  readonly lines: ReadonlySet<number>;
}

type Entries = { name: Found<string>; copies: number }[];

/** What a counted entry's addressee opens with: a name, an honorific, `file`. */
const COUNT_TARGET =
  /^(?:\p{Lu}|the\s|file\b|archives?\b|records\b|dossier\b|copy\b)/u;

/** Reads the distribution over body lines `[from, to)`. */
export function readDistribution(
  lines: readonly Line[],
  from: number,
  to: number
): DistributionFound | null {
  let copies: Found<number> | null = null;
  const entries: Entries = [];
  const used = new Set<number>();
  let numberedFrom = -1;

  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 2000) continue;
    const t = line.text;

    // `1 copy to Cde. Petrov`, `2 copies - file`: one entry and its count
    const counted = countedEntry(line);
    if (counted) {
      addEntry(entries, counted.name, counted.copies);
      used.add(i);
      numberedFrom = i;
      continue;
    }
    const total =
      HAS_COPIES_WORD.test(t) && isCopiesLine(line.folded)
        ? COPIES_TOTAL.exec(t)
        : null;
    if (total?.[1] && !/prohibited/i.test(t)) {
      const raw = total[1];
      const n = WORD_NUMBERS[raw.toLowerCase()] ?? Number(raw);
      if (!copies)
        copies = { value: n, span: spanIn(line, total.index, raw.length) };
      used.add(i);
      numberedFrom = i;
      const colon = t.indexOf(':', total.index);
      // `Distribution list - 11 copies: ...`, `Produced in 5 copies for: ...`
      if (colon >= 0) {
        i = readListAfter(lines, i, colon + 1, to, entries, used);
        continue;
      }
      // `Distribution - 4 copies` / `Cde. Petrov - 2 copies` / ...: entries
      // one per line under a total with no colon, each marked as one
      const next = lines[i + 1];
      if (
        /\bcopies\s*\.?\s*$/i.test(t) &&
        next &&
        next.text.length <= 200 &&
        markedEntry(next.text)
      ) {
        const before = entries.length;
        const last = readEntryLines(lines, i + 1, to, entries, used);
        if (entries.length > before) {
          i = last;
          continue;
        }
      }
      // `Two copies printed. Nº 2 to file.`
      readCopyEntries(line, entries, t.indexOf('.', total.index) + 1);
      continue;
    }
    const count = t.includes('opies') ? COPIES_COUNT.exec(t) : null;
    if (count?.[1]) {
      if (!copies)
        copies = {
          value: Number(count[1]),
          span: spanIn(
            line,
            count.index + count[0].lastIndexOf(count[1]),
            count[1].length
          ),
        };
      used.add(i);
      numberedFrom = i;
      continue;
    }
    // `To Cdes. Petrov, Orlov - everything; Ivanov - point 3.`
    if (t.length <= 300 && PART_LIST.test(t)) {
      readPartList(line, entries);
      used.add(i);
      continue;
    }
    const head = DISTRIBUTION_HEAD.exec(t);
    if (head) {
      used.add(i);
      numberedFrom = i;
      if (head[0].includes(':') || t.slice(head[0].length).trim() !== '')
        i = readListAfter(lines, i, head[0].length, to, entries, used);
      continue;
    }
    // `Sent:` alone over entries one per line (else it is a stamp's word)
    if (SENT_HEAD.test(t)) {
      const before = entries.length;
      const last = readEntryLines(lines, i + 1, to, entries, used);
      if (entries.length > before) {
        used.add(i);
        numberedFrom = last;
        i = last;
      }
      continue;
    }
    if (COPY_ENTRY_START.test(t)) {
      // counted in copies: a repeated name (`Nº 3 – to Stalin`) adds to its
      // entry without adding one, and its line is the list's all the same
      const before = copiesOf(entries);
      const nextLine = lines[i + 1];
      readCopyEntries(line, entries, 0, nextLine);
      if (copiesOf(entries) > before) {
        used.add(i);
        if (nextLine && /^\s*to\s/.test(nextLine.text) && !/\bto\b/.test(t))
          used.add(i + 1);
        numberedFrom = i;
      }
      continue;
    }
    // `1. Comr. Stalin` under a copies line (dates and rules may sit between).
    if (numberedFrom >= 0 && i - numberedFrom <= 8) {
      const n = NUMBERED_ENTRY.exec(t);
      if (n?.[2] && n[2].split(' ').length <= 8 && ENTRY_TARGET.test(n[2])) {
        addEntry(entries, cleanEntry(line, t.indexOf(n[2]), n[2]), 1);
        used.add(i);
        numberedFrom = i;
        continue;
      }
      if (isBlank(line) || isDateOnly(line.folded) || /^\s*_{3,}\s*$/.test(t))
        continue;
      numberedFrom = -1;
    }
  }
  if (!copies && entries.length === 0) return null;
  return { copies, recipients: entries, lines: used };
}

/**
 * The list after a heading's colon at `offset` on line `i`: entries one per
 * line below it, else a comma-separated list (on the line or from the next
 * one). Returns the last line read.
 */
function readListAfter(
  lines: readonly Line[],
  i: number,
  offset: number,
  to: number,
  entries: Entries,
  used: Set<number>
): number {
  const line = lines[i];
  if (line && line.text.slice(offset).trim() === '') {
    const before = entries.length;
    const last = readEntryLines(lines, i + 1, to, entries, used);
    if (entries.length > before) return last;
  }
  readInlineList(lines, i, offset, to, entries, used);
  return i;
}

/**
 * Entries one per line under a heading that ends with a colon (`Distributed
 * to:`, `Produced in 6 copies for:`): bulleted (`- Comrade Puja`), marked
 * as addressees (`Cde. Stalin`), or short names with or without a count
 * (`Stalin - 2`, `Malenkov (2)`, `file`). Returns the last line read.
 */
function readEntryLines(
  lines: readonly Line[],
  start: number,
  to: number,
  entries: Entries,
  used: Set<number>,
  marked = false
): number {
  let last = start - 1;
  for (let i = start; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 200) break;
    // under an inline list, only lines that can be nothing but entries
    if (marked && !markedLine(line.text)) break;
    if (isBlank(line)) {
      // a blank line inside the list only before another marked entry
      const next = lines[i + 1];
      if (
        next &&
        (BULLET_ENTRY.test(next.text) || ADDRESSEE_ENTRY.test(next.text))
      )
        continue;
      break;
    }
    const t = line.text;
    // `– Martin – 314 –`: the closing number ends the list
    if (DASHED_NUMBER.test(t)) break;
    // `2 copies to the Center`: a count-first entry is one entry
    const counted = countedEntry(line);
    if (counted) {
      addEntry(entries, counted.name, counted.copies);
      used.add(i);
      last = i;
      continue;
    }
    const bullet = BULLET_ENTRY.exec(t);
    // `1. Cde. Petrov`, `2 - to file`: numbered entries under the heading
    const n = bullet ? null : NUMBERED_ENTRY.exec(t);
    // under the heading, a copy's number before a bare name (`1 - Stalin`,
    // `5 - 8th Department`) is a numbered entry too
    const numbered =
      n?.[2] && (ENTRY_TARGET.test(n[2]) || ENTRY_LINE.test(n[2]))
        ? n[2]
        : null;
    const at = bullet?.[1]
      ? t.indexOf(bullet[1], 1)
      : numbered
        ? t.indexOf(numbered, (n?.[1] ?? '').length)
        : 0;
    const body = bullet?.[1] ?? numbered ?? t;
    if (
      !bullet &&
      !numbered &&
      !marked &&
      !ADDRESSEE_ENTRY.test(t) &&
      !ENTRY_LINE.test(t)
    )
      break;
    NAME_COUNT.lastIndex = 0;
    const m = NAME_COUNT.exec(body);
    if (!m?.[1]) break;
    addEntry(entries, cleanEntry(line, at, m[1]), Number(m[2] ?? m[3] ?? 1));
    used.add(i);
    last = i;
  }
  return last;
}

function readInlineList(
  lines: readonly Line[],
  start: number,
  offset: number,
  to: number,
  entries: Entries,
  used: Set<number>
): void {
  const re = NAME_COUNT;
  for (let i = start; i < to; i++) {
    const line = lines[i];
    if (!line) break;
    const t = line.text;
    let pos = i === start ? offset : 0;
    used.add(i);
    while (pos < t.length) {
      const sep = /^[\s,;|/]*/.exec(t.slice(pos));
      pos += sep?.[0].length ?? 0;
      if (pos >= t.length) break;
      re.lastIndex = pos;
      const m = re.exec(t);
      if (!m?.[1]) break;
      const name = m[1];
      addEntry(
        entries,
        cleanEntry(line, m.index, name),
        Number(m[2] ?? m[3] ?? 1)
      );
      pos = re.lastIndex;
    }
    // The list goes on while a line ends with a separator (or a colon opens
    // it), or, from a heading's line, on the lines below that are entries of
    // their own (`cc: Secretary of X Petrov` / `Secretary of Y Ivanov`).
    if (/[,;|:]\s*$/.test(t)) continue;
    if (i === start) i = readEntryLines(lines, i + 1, to, entries, used, true);
    break;
  }
}

/** Each name of a `PART_LIST` line, one copy each, whatever part it gets. */
function readPartList(line: Line, entries: Entries): void {
  const t = line.text;
  const lead = /^\s*(?:[Tt]o\s+)?/.exec(t)?.[0].length ?? 0;
  for (const m of t.slice(lead).matchAll(PART_ENTRY)) {
    const names = m[1] ?? '';
    let at = lead + (m.index ?? 0);
    for (const name of names.split(',')) {
      addEntry(entries, cleanEntry(line, at, name), 1);
      at += name.length + 1;
    }
  }
}

function readCopyEntries(
  line: Line,
  entries: Entries,
  from: number,
  nextLine?: Line
): void {
  let offset = Math.max(0, from);
  for (const part of line.text.slice(offset).split('|')) {
    const m = COPY_ENTRY.exec(part);
    const partAt = offset;
    offset += part.length + 1;
    if (!m) continue;
    const hasCopyWord = m[1] !== undefined;
    const sep = m[5] ?? '';
    let target = m[6] ?? '';
    if (!hasCopyWord && !/[-–]/.test(sep) && !/^to\s/.test(target)) continue;
    let where: Line = line;
    let at = partAt + (m.index ?? 0) + m[0].length - target.length;
    if (target.trim() === '' && nextLine && /^\s*to\s/.test(nextLine.text)) {
      // `Copy Nº 2` / `to Cde. Stalin` on the next line
      target = nextLine.text;
      where = nextLine;
      at = 0;
    }
    // `Copy 1 of 3` says which copy this is, not where it went
    if (target.trim() === '' || /^of\s+\d/.test(target)) continue;
    const first = Number(m[3]);
    const last = m[4] ? Number(m[4]) : first;
    addEntry(
      entries,
      cleanEntry(where, at, target),
      Math.max(1, last - first + 1)
    );
  }
}

/**
 * A line that goes on with an inline list: an addressee (`Cde. Petrov`),
 * a counted name (`Petrov - 2`), or an office and a name (`Secretary of
 * Commerce Ivanov`); not a bare name, which could be a signature.
 */
function markedLine(t: string): boolean {
  if (markedEntry(t)) return true;
  const rest = t.trim().replace(ENTRY_LEAD, '');
  const office = ENTRY_OFFICE.exec(rest);
  return (
    office?.[1] !== undefined &&
    !OFFICE_DOMAIN_WORDS.has(office[1].toLowerCase())
  );
}

/**
 * A line that can only be a list's entry: an addressee (`Cde. Petrov`), a
 * name with its count (`Petrov - 2`, `file (1 copy)`), or a count-first
 * entry (`1 copy to Petrov`); a bare short name could be a signature.
 */
function markedEntry(t: string): boolean {
  return (
    ADDRESSEE_ENTRY.test(t) ||
    (ENTRY_LINE.test(t) && /[-–(]\s*\d/.test(t)) ||
    (/\bcop(?:y|ies)\b/i.test(t) && COUNT_ENTRY.test(t))
  );
}

/**
 * A count-first entry, `1 copy to Cde. Petrov`, `2 copies - file`, or one
 * copy by its rank, `1st copy - Comrade Petrov`; else null.
 */
function countedEntry(
  line: Line
): { name: Found<string>; copies: number } | null {
  const t = line.text;
  const ordinal = /\bcop(?:y|ies)\b/i.test(t)
    ? ORDINAL_COPY_ENTRY.exec(t)
    : null;
  if (ordinal?.[1] && COUNT_TARGET.test(ordinal[1]))
    return {
      name: cleanEntry(line, t.lastIndexOf(ordinal[1]), ordinal[1]),
      copies: 1,
    };
  const m = /\bcop(?:y|ies)\b/i.test(t) ? COUNT_ENTRY.exec(t) : null;
  if (!m?.[1] || !m[2] || !COUNT_TARGET.test(m[2])) return null;
  return {
    name: cleanEntry(line, t.lastIndexOf(m[2]), m[2]),
    copies: WORD_NUMBERS[m[1].toLowerCase()] ?? Number(m[1]),
  };
}

function cleanEntry(line: Line, at: number, raw: string): Found<string> {
  let start = at;
  let text = raw;
  const lead = ENTRY_LEAD.exec(text);
  if (lead) {
    start += lead[0].length;
    text = text.slice(lead[0].length);
  }
  // `Secretary of Commerce Hodges` → `Hodges` (`Minister of Trade` stays)
  const office = ENTRY_OFFICE.exec(text);
  if (office?.[1] && !OFFICE_DOMAIN_WORDS.has(office[1].toLowerCase())) {
    const at = office[0].lastIndexOf(office[1]);
    start += at;
    text = text.slice(at);
  }
  // `Péter elvtárs` → `Péter`
  const trail = ENTRY_TRAIL.exec(text);
  if (trail && trail.index > 0) text = text.slice(0, trail.index);
  text = text.replace(/[\s.,;]+$/, '');
  return { value: fold(text), span: spanIn(line, start, text.length) };
}

function copiesOf(entries: readonly { copies: number }[]): number {
  return entries.reduce((a, e) => a + e.copies, 0);
}

function addEntry(entries: Entries, name: Found<string>, copies: number): void {
  if (name.value === '') return;
  const key = nameKey(name.value);
  const existing = entries.find((e) => nameKey(e.name.value) === key);
  if (existing) existing.copies += copies;
  else entries.push({ name, copies });
}
