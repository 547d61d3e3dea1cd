/**
 * Distribution lists: `Distribution list - 11 copies: Stalin - 2, ...`,
 * `Copies: Stalin (2), Malenkov`, `Copy Nº 1 to Cde. Stalin`,
 * `Nº 2 – to Stalin`, `Two copies printed. Nº 2 to file.`, and numbered
 * lists under a copies line (`5 copies` / `1. Comr. Stalin`).
 */
import { isDateOnly } from './frame.ts';
import { nameKey } from './people.ts';
import { WORD_NUMBERS } from './quantities.ts';
import { type Found, fold, isBlank, type Line, spanIn } from './text.ts';

export interface DistributionFound {
  readonly copies: Found<number> | null;
  readonly recipients: { name: Found<string>; copies: number }[];
  /** Line indexes that belong to the list (not requests, not signatures). */
  readonly lines: ReadonlySet<number>;
}

const TOTAL = new RegExp(
  `\\b(\\d{1,3}|${Object.keys(WORD_NUMBERS).join('|')})\\s+copies\\b(?!\\s+(?:is|are)\\s+prohibited)`,
  'i'
);
/** `Stalin - 2`, `Molotov-1`, `Stalin (2)`, `Malenkov`: a name and its copies. */
const NAME_COUNT =
  /([^,:;()]+?)\s*(?:(?:-|–)\s*(\d{1,2})|\((\d{1,2})\))?\s*(?=,|\.?\s*$)/y;
const NAME_PAREN = NAME_COUNT;
const COPY_ENTRY =
  /^\s*([Cc]op(?:y|ies)\s+)?(NºNº|Nº|No\.?|N°)\s*(\d{1,2})(?:\s*[-–]\s*(\d{1,2})(?!\d))?(?!\d)(\s*[-–]\s*|\s+|\s*$)(.*)$/;
const NUMBERED_ENTRY = /^\s*(\d{1,2})\s*(?:[.)]|[-–])\s*(.+?)\s*$/;

/**
 * A line that states a number of copies: `Distribution list - 11 copies:`,
 * `Two copies printed. ...`, `5 copies`, `Produced in 5 copies for: ...`;
 * not prose (`to supply 150,000 copies of textbooks`).
 */
function isCopiesLine(t: string): boolean {
  return (
    /^(?:Distribution list\s*[-–:]\s*|Produced in\s+|Printed in\s+)?(?:\d{1,3}|[A-Za-z]+)\s+copies\b/i.test(
      t
    ) && !/^\d{1,2}[.)]\s/.test(t)
  );
}

/** Reads the distribution over body lines `[from, to)`. */
export function readDistribution(
  lines: readonly Line[],
  from: number,
  to: number
): DistributionFound | null {
  let copies: Found<number> | null = null;
  const entries: { name: Found<string>; copies: number }[] = [];
  const used = new Set<number>();
  let numberedFrom = -1;

  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 2000) continue;
    const t = line.text;

    const total =
      t.includes('opies') && isCopiesLine(line.folded) ? TOTAL.exec(t) : null;
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
        readInlineList(lines, i, colon + 1, to, NAME_COUNT, entries, used);
        continue;
      }
      // `Two copies printed. Nº 2 to file.`
      readCopyEntries(line, entries, t.indexOf('.', total.index) + 1);
      continue;
    }
    const copiesLine =
      /^\s*(?:Copies|Distribution(?:\s+list)?)\s*(?::\s*|$)/i.exec(t);
    if (copiesLine) {
      used.add(i);
      numberedFrom = i;
      if (
        copiesLine[0].length <
        t.trim().length + (t.length - t.trimStart().length)
      ) {
        readInlineList(
          lines,
          i,
          copiesLine[0].length,
          to,
          NAME_PAREN,
          entries,
          used
        );
      }
      continue;
    }
    if (/^\s*(?:[Cc]op(?:y|ies)\s+)?(?:NºNº|Nº|No\.?|N°)\s*\d{1,2}\b/.test(t)) {
      const before = entries.length;
      const nextLine = lines[i + 1];
      readCopyEntries(line, entries, 0, nextLine);
      if (entries.length > before) {
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
      if (
        n?.[2] &&
        n[2].split(' ').length <= 8 &&
        /^(?:to\s+(?:Cde\.|Comr\.|Comrade|the\s|file\b|\p{Lu})|Comr\.|Cde\.|Comrade|[Cc]opy\b|[Ff]ile\b)/u.test(
          n[2]
        )
      ) {
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

function readInlineList(
  lines: readonly Line[],
  start: number,
  offset: number,
  to: number,
  re: RegExp,
  entries: { name: Found<string>; copies: number }[],
  used: Set<number>
): void {
  for (let i = start; i < to; i++) {
    const line = lines[i];
    if (!line) break;
    const t = line.text;
    let pos = i === start ? offset : 0;
    used.add(i);
    while (pos < t.length) {
      const sep = /^[\s,]*/.exec(t.slice(pos));
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
    // The list goes on while a line ends with a comma (or a colon opens it).
    if (!/[,:]\s*$/.test(t)) break;
  }
}

function readCopyEntries(
  line: Line,
  entries: { name: Found<string>; copies: number }[],
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
    if (target.trim() === '') continue;
    const first = Number(m[3]);
    const last = m[4] ? Number(m[4]) : first;
    addEntry(
      entries,
      cleanEntry(where, at, target),
      Math.max(1, last - first + 1)
    );
  }
}

function cleanEntry(line: Line, at: number, raw: string): Found<string> {
  let start = at;
  let text = raw;
  const lead = /^\s*(?:to\s+)?(?:(?:Cde|Comr|Com|Cdes)\.|Comrade)?\s*/i.exec(
    text
  );
  if (lead) {
    start += lead[0].length;
    text = text.slice(lead[0].length);
  }
  text = text.replace(/[\s.,;]+$/, '');
  return { value: fold(text), span: spanIn(line, start, text.length) };
}

function addEntry(
  entries: { name: Found<string>; copies: number }[],
  name: Found<string>,
  copies: number
): void {
  if (name.value === '') return;
  const key = nameKey(name.value);
  const existing = entries.find((e) => nameKey(e.name.value) === key);
  if (existing) existing.copies += copies;
  else entries.push({ name, copies });
}
