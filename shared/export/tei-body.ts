/**
 * The TEI `body` of a record: the decoded text, every character of it in
 * order, with each extracted value wrapped where its provenance span is.
 * Pure: no I/O.
 *
 * Primary course: 1. split the text into blocks (paragraphs: runs of
 * non-blank lines; a salutation, a signature and each numbered point start
 * a block of their own) and give each its element (`p`, `opener`,
 * `closer`, `item`) 2. find the letter (salutation to signature) and wrap
 * it in `floatingText` 3. turn every provenance span into a mark (the
 * element and attributes its value calls for: `readMarks`, and the table
 * in docs/TEI.md) 4. nest the marks of each block: a span that crosses
 * the end of the element it starts in is split there and its parts linked
 * with `xml:id`/`next`/`prev` (TEI's way for a virtual element), never
 * dropped 5. write: text escaped, a line break as the newline itself
 * followed by `<lb/>`.
 *
 * Round trip: the text content of `body` is the decoded text exactly. The
 * only markup that stands for characters is `g type="non-xml-char"` with
 * `n="U+XXXX"`, for the few characters XML 1.0 cannot carry at all (C0
 * controls other than tab, line feed and carriage return; U+FFFE/U+FFFF;
 * lone surrogates).
 */
import type { DocumentRecord, Span } from '#shared/schema/record.ts';
import { type EntityIndex, NAME_ELEMENT, NAME_ROLES } from './tei-people.ts';
import { type Attrs, attrText } from './xml.ts';

// ---- blocks ---------------------------------------------------------------

interface Line {
  start: number;
  /** End of the line's text (the `\n` after it is not part of it). */
  end: number;
  blank: boolean;
}

type BlockKind = 'p' | 'opener' | 'closer' | 'item';

interface Block {
  start: number;
  end: number;
  kind: BlockKind;
  /** The point's number, for an `item`. */
  n?: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    // only XML white space: a line with a no-break space is text
    lines.push({
      start,
      end,
      blank: /^[ \t\r]*$/.test(text.slice(start, end)),
    });
    if (nl === -1) return lines;
    start = nl + 1;
  }
}

function lineAt(lines: readonly Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid]?.start ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Lines a signature block may take above the signature (`Respectfully,`). */
const CLOSER_LINES_ABOVE = 2;
/** Longest line that still counts as part of a signature block, not text. */
const CLOSER_LINE_MAX = 60;
/** Text a point's number may follow on its line: white space, a quote, a bracket. */
const POINT_PREFIX = /^[\s"'“‘«([]*$/u;

function inText(span: Span | undefined, text: string): span is Span {
  return span !== undefined && span.end > span.start && span.end <= text.length;
}

/**
 * The blocks of the text. A block is a run of non-blank lines; the lines
 * of the salutation, the signature (with up to two short lines above it in
 * its paragraph, `Respectfully,`) and each numbered point start blocks of
 * their own, so that each can be its own element.
 */
function readBlocks(record: DocumentRecord, text: string): Block[] {
  const lines = splitLines(text);
  const breaks = new Set<number>();
  const p = record.provenance;
  const salute = p['letter.salutation'];
  let opener: Span | null = null;
  if (inText(salute, text)) {
    breaks.add(lineAt(lines, salute.start));
    breaks.add(lineAt(lines, salute.end - 1) + 1);
    opener = salute;
  }
  const signed = p['letter.signedBy'];
  let closer: Span | null = null;
  if (inText(signed, text)) {
    const at = lineAt(lines, signed.start);
    let top = at;
    while (
      top > 0 &&
      at - top < CLOSER_LINES_ABOVE &&
      !lines[top - 1]!.blank &&
      !breaks.has(top) &&
      lines[top - 1]!.end - lines[top - 1]!.start <= CLOSER_LINE_MAX
    ) {
      top -= 1;
    }
    // only a whole short paragraph moves into the signature block
    if (top > 0 && !lines[top - 1]!.blank && !breaks.has(top)) top = at;
    breaks.add(top);
    breaks.add(lineAt(lines, signed.end - 1) + 1);
    closer = signed;
  }
  const points = new Map<number, number>();
  record.requests.forEach((r, i) => {
    const span = p[`requests.${i}.number`];
    if (!inText(span, text)) return;
    const at = lineAt(lines, span.start);
    if (POINT_PREFIX.test(text.slice(lines[at]!.start, span.start))) {
      breaks.add(at);
      if (!points.has(at)) points.set(at, r.number);
    }
  });

  const blocks: Block[] = [];
  let current: { first: number; last: number } | null = null;
  const close = () => {
    if (!current) return;
    const start = lines[current.first]!.start;
    const end = lines[current.last]!.end;
    const within = (s: Span | null) =>
      s !== null && s.start >= start && s.end <= end;
    const isOpener = within(opener);
    const isCloser = within(closer);
    const point = points.get(current.first);
    const kind: BlockKind =
      isOpener && !isCloser
        ? 'opener'
        : isCloser && !isOpener
          ? 'closer'
          : point !== undefined && !isOpener
            ? 'item'
            : 'p';
    blocks.push({
      start,
      end,
      kind,
      ...(kind === 'item' ? { n: point } : {}),
    });
    current = null;
  };
  lines.forEach((line, i) => {
    if (line.blank || breaks.has(i)) close();
    if (line.blank) return;
    if (current) current.last = i;
    else current = { first: i, last: i };
  });
  close();
  return blocks;
}

/** Where the letter's blocks are, when they can be a `floatingText`. */
interface LetterLayout {
  first: number;
  last: number;
  /** The letter is the whole page: opener and closer go in the body itself. */
  whole: boolean;
}

/**
 * The letter from its salutation block to its signature block, when that
 * makes a valid TEI text: the opener first, the closer last, and at least
 * one paragraph between. Otherwise null, and the salutation and signature
 * are written as `seg type="salute"` / `seg type="signed"` in place.
 */
function letterLayout(
  record: DocumentRecord,
  text: string,
  blocks: Block[]
): LetterLayout | null {
  if (!record.letter) return null;
  const opener = blocks.findIndex((b) => b.kind === 'opener');
  const closer = blocks.findIndex((b) => b.kind === 'closer');
  const body = record.provenance['letter.body'];
  const bodyBlocks = inText(body, text)
    ? blocks
        .map((b, i) => (b.end > body.start && b.start < body.end ? i : -1))
        .filter((i) => i >= 0)
    : [];
  // without a salutation or signature block there is nothing to structure
  if (opener < 0 && closer < 0) return null;
  const first = opener >= 0 ? opener : (bodyBlocks[0] ?? -1);
  const last = closer >= 0 ? closer : (bodyBlocks.at(-1) ?? -1);
  if (first < 0 || last < first) return null;
  const inner = blocks
    .slice(first, last + 1)
    .filter((b) => b.kind !== 'opener' && b.kind !== 'closer').length;
  if (inner === 0) return null;
  return { first, last, whole: first === 0 && last === blocks.length - 1 };
}

// ---- marks ----------------------------------------------------------------

/** One element to write over a span (before nesting splits it). */
interface Mark {
  /** Identity shared by the parts of a split element. */
  id: number;
  start: number;
  end: number;
  name: string;
  attrs: Attrs;
  /** Name roles, merged when several fields name the same span. */
  roles?: string[];
  /** List before item before everything else at the same offset. */
  rank: number;
  /** Outer first among marks on the same span. */
  order: number;
}

/** Outer to inner, for marks on the same span. */
const ELEMENT_ORDER: Readonly<Record<string, number>> = {
  list: 0,
  item: 1,
  salute: 2,
  signed: 2,
  seg: 3,
  bibl: 4,
  title: 5,
  date: 6,
  persName: 7,
  orgName: 7,
  placeName: 7,
  name: 7,
  measure: 8,
  num: 9,
  idno: 10,
};

/** `type` of the `date` each record date is written as. */
const DATE_TYPES: Readonly<Record<string, string>> = {
  date: 'document',
  uploadedDate: 'uploaded',
  'telegram.sentAt': 'sent',
  'telegram.receivedAt': 'received',
  'telegram.arrivedAt': 'arrived',
  'telegram.decipheredAt': 'deciphered',
};

/** `type` of the `idno` each identifier is written as. */
const IDNO_TYPES: Readonly<Record<string, string>> = {
  'telegram.number': 'telegram-number',
  'telegram.outgoingNumber': 'outgoing-number',
  archiveRecordId: 'archive-record',
};

/** `type` of the `seg` each passage is written as (by path, `.N` for indexes). */
const SEG_TYPES: Readonly<Record<string, string>> = {
  summary: 'summary',
  rights: 'rights',
  'endorsements.N': 'endorsement',
  'review.N.text': 'review',
  'letter.body': 'letter-body',
};

/**
 * A record date for `when` (W3C datatypes): `1950-10-09T07:05` needs its
 * seconds (`xsd:dateTime` has no minute precision), so `:00` is added;
 * `YYYY`, `YYYY-MM`, `YYYY-MM-DD` stay as they are. Null for anything else.
 */
export function teiWhen(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return value;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00`;
  return null;
}

function valueAt(record: DocumentRecord, path: string): unknown {
  let v: unknown = record;
  for (const part of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Locates the parts of a citation inside its span (`fond 45` → `45`). */
function citationParts(
  record: DocumentRecord,
  text: string,
  index: number,
  span: Span,
  push: (start: number, end: number, name: string, attrs: Attrs) => void
): void {
  const citation = record.sources[index];
  if (!citation) return;
  const written = text.slice(span.start, span.end);
  // the archive as written: `AVP RF` for `AVPRF`
  let seen = '';
  for (
    let i = 0;
    i < written.length && seen.length < citation.archive.length;
    i++
  ) {
    const c = written[i]!;
    if (/\s/.test(c)) continue;
    seen += c;
    if (seen === citation.archive) {
      push(span.start, span.start + i + 1, 'idno', { type: 'archive' });
    }
  }
  for (const part of ['fond', 'opis', 'delo', 'papka', 'listy'] as const) {
    const value = citation[part];
    if (!value) continue;
    // the value after a word that starts like the part's name: `f.`,
    // `fond`, `op.`, `Opis`, `d.`, `p.`, `l.`, `ll.`, `list`, `listy`
    const re = new RegExp(
      `(?<![\\p{L}\\p{N}])${part[0]}\\p{L}*\\.?\\s*(${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![\\p{L}\\p{N}])`,
      'iud'
    );
    const m = re.exec(written);
    const at = m?.indices?.[1];
    if (at)
      push(span.start + at[0], span.start + at[1], 'idno', { type: part });
  }
}

/**
 * Every mark of the record: one or more per provenance span (the table in
 * docs/TEI.md, "The body", lists them), plus the distribution list's
 * `list`/`item` structure and the parts found inside a value's span (a
 * citation's `fond`, a quantity's number, a recipient's copies).
 */
function readMarks(
  record: DocumentRecord,
  text: string,
  blocks: readonly Block[],
  entities: EntityIndex,
  letter: LetterLayout | null
): Mark[] {
  const marks: Mark[] = [];
  let counter = 0;
  const push = (
    start: number,
    end: number,
    name: string,
    attrs: Attrs = {},
    roles?: string[]
  ) => {
    if (end <= start) return;
    marks.push({
      id: counter++,
      start,
      end,
      name,
      attrs,
      ...(roles ? { roles } : {}),
      rank: name === 'list' ? 0 : name === 'item' ? 1 : 2,
      order: ELEMENT_ORDER[name] ?? 3,
    });
  };
  const nameMark = (path: string, span: Span) => {
    const entity = entities.byPath.get(path);
    const use = entities.uses.find((u) => u.path === path);
    if (!entity || !use) return;
    push(
      span.start,
      span.end,
      NAME_ELEMENT[entity.kind],
      entity.id ? { ref: `#${entity.id}` } : {},
      [use.role]
    );
  };

  for (const [path, span] of Object.entries(record.provenance)) {
    if (!inText(span, text)) continue;
    const pattern = path.replace(/\.\d+/g, '.N');
    const indexes = [...path.matchAll(/\.(\d+)/g)].map((m) => Number(m[1]));
    const value = valueAt(record, path);
    if (entities.byPath.has(path)) {
      if (path === 'letter.signedBy') push(span.start, span.end, 'signed');
      nameMark(path, span);
      continue;
    }
    switch (pattern) {
      case 'title':
        push(span.start, span.end, 'title');
        continue;
      case 'letter.salutation':
        push(span.start, span.end, 'salute');
        continue;
      case 'letter.body':
        // a structured letter is its floatingText; else a passage
        if (!letter) push(span.start, span.end, 'seg', { type: 'letter-body' });
        continue;
      case 'telegram.distribution.copies':
        push(span.start, span.end, 'num', {
          type: 'total-copies',
          value: typeof value === 'number' ? value : null,
        });
        continue;
      case 'requests.N.number':
        push(span.start, span.end, 'num', {
          type: 'point',
          value: typeof value === 'number' ? value : null,
        });
        continue;
      case 'requests.N.text':
        push(span.start, span.end, 'seg', {
          type: 'request',
          n: record.requests[indexes[0] ?? -1]?.number ?? null,
        });
        continue;
      case 'requests.N.quantities.N': {
        const q =
          record.requests[indexes[0] ?? -1]?.quantities[indexes[1] ?? -1];
        if (!q) {
          push(span.start, span.end, 'measure');
          continue;
        }
        const single = q.min === q.max;
        push(span.start, span.end, 'measure', {
          quantity: single ? q.min : null,
          unit: 'count',
          commodity: q.unit,
        });
        // the number as written before the counted noun: `200-300` of `200-300 pilots`
        const written = text.slice(span.start, span.end);
        const at = q.unit
          ? written.toLowerCase().indexOf(q.unit.toLowerCase())
          : -1;
        const numberEnd =
          at > 0
            ? written.slice(0, at).trimEnd().length
            : single
              ? 0
              : written.length;
        push(
          span.start,
          span.start + numberEnd,
          'num',
          single ? { value: q.min } : { min: q.min, max: q.max }
        );
        continue;
      }
      case 'sources.N':
        push(span.start, span.end, 'bibl', { type: 'citation' });
        citationParts(record, text, indexes[0] ?? -1, span, push);
        continue;
    }
    if (DATE_TYPES[pattern]) {
      push(span.start, span.end, 'date', {
        when: teiWhen(typeof value === 'string' ? value : null),
        type: DATE_TYPES[pattern],
      });
    } else if (IDNO_TYPES[pattern]) {
      push(span.start, span.end, 'idno', { type: IDNO_TYPES[pattern] });
    } else if (SEG_TYPES[pattern]) {
      const review =
        pattern === 'review.N.text'
          ? record.review[indexes[0] ?? -1]
          : undefined;
      push(span.start, span.end, 'seg', {
        type: SEG_TYPES[pattern],
        subtype: review?.code ?? null,
      });
    } else {
      // a field this module does not know yet: still marked, never dropped
      push(span.start, span.end, 'seg', { type: pattern });
    }
  }
  distributionLists(record, text, blocks, push);
  return mergeNames(marks);
}

/**
 * The distribution list: in each block that holds entries, a `list
 * type="distribution"` from the first name to the end of the last name's
 * line, one `item` per entry (from its name to the next name, white space
 * between items left between them), and each written count as `num
 * type="copies"`.
 */
function distributionLists(
  record: DocumentRecord,
  text: string,
  blocks: readonly Block[],
  push: (start: number, end: number, name: string, attrs?: Attrs) => void
): void {
  const recipients = record.telegram?.distribution?.recipients ?? [];
  const entries = recipients
    .map((r, i) => ({
      r,
      span: record.provenance[`telegram.distribution.recipients.${i}.name`],
    }))
    .filter((e): e is { r: (typeof recipients)[number]; span: Span } =>
      inText(e.span, text)
    )
    .sort((a, b) => a.span.start - b.span.start);
  for (const block of blocks) {
    if (block.kind === 'opener' || block.kind === 'closer') continue;
    const here = entries.filter(
      (e) => e.span.start >= block.start && e.span.end <= block.end
    );
    if (here.length === 0) continue;
    const lineEnd = text.indexOf('\n', here.at(-1)!.span.end);
    const end = trimEnd(
      text,
      here.at(-1)!.span.end,
      lineEnd === -1 || lineEnd > block.end ? block.end : lineEnd
    );
    push(here[0]!.span.start, end, 'list', { type: 'distribution' });
    here.forEach((e, k) => {
      const next = here[k + 1]?.span.start ?? end;
      const itemEnd = trimEnd(text, e.span.end, next);
      push(e.span.start, itemEnd, 'item');
      const count = /^[\s\-–—:(]*(\d+)/d.exec(text.slice(e.span.end, itemEnd));
      const at = count?.indices?.[1];
      if (at && Number(count[1]) === e.r.copies) {
        push(e.span.end + at[0], e.span.end + at[1], 'num', {
          type: 'copies',
          value: e.r.copies,
        });
      }
    });
  }
}

/** `end` moved back over XML white space, not before `min`. */
function trimEnd(text: string, min: number, end: number): number {
  let e = end;
  while (e > min && /[ \t\r\n]/.test(text[e - 1] ?? '')) e -= 1;
  return e;
}

/** One name element per span and element: the roles of its fields merged. */
function mergeNames(marks: Mark[]): Mark[] {
  const out: Mark[] = [];
  const byKey = new Map<string, Mark>();
  for (const m of marks) {
    if (!m.roles) {
      out.push(m);
      continue;
    }
    const key = `${m.start}:${m.end}:${m.name}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.roles = [...new Set([...(seen.roles ?? []), ...m.roles])];
      continue;
    }
    byKey.set(key, m);
    out.push(m);
  }
  for (const m of out) {
    if (!m.roles) continue;
    const roles = NAME_ROLES.filter((r) => m.roles?.includes(r));
    m.attrs = { ...m.attrs, role: roles.join(' ') };
  }
  return out;
}

// ---- nesting --------------------------------------------------------------

interface Node {
  mark: Mark | null;
  start: number;
  end: number;
  children: Node[];
  /** The element written, after the checks of `finalize`. */
  element?: string;
  attrs?: Attrs;
}

function compareMarks(a: Mark, b: Mark): number {
  return (
    a.start - b.start ||
    a.rank - b.rank ||
    b.end - a.end ||
    a.order - b.order ||
    a.id - b.id
  );
}

/**
 * Nests the marks of one block. A mark that runs past the end of the
 * element it starts in is cut there; the rest goes back in the queue and
 * continues as another part of the same element.
 */
function nest(
  start: number,
  end: number,
  marks: readonly Mark[],
  parts: Map<number, Node[]>
): Node {
  const root: Node = { mark: null, start, end, children: [] };
  const queue = marks
    .filter((m) => m.end > start && m.start < end)
    .map((m) => ({
      ...m,
      start: Math.max(m.start, start),
      end: Math.min(m.end, end),
    }))
    .sort(compareMarks);
  const stack: Node[] = [root];
  while (queue.length > 0) {
    const m = queue.shift()!;
    while (stack.length > 1 && stack.at(-1)!.end <= m.start) stack.pop();
    const top = stack.at(-1)!;
    let stop = m.end;
    if (stop > top.end) {
      const rest = { ...m, start: top.end };
      let i = 0;
      while (i < queue.length && compareMarks(queue[i]!, rest) <= 0) i++;
      queue.splice(i, 0, rest);
      stop = top.end;
    }
    const node: Node = { mark: m, start: m.start, end: stop, children: [] };
    top.children.push(node);
    stack.push(node);
    parts.set(m.id, [...(parts.get(m.id) ?? []), node]);
  }
  return root;
}

/** Elements whose content is phrases only (no `list`, no `bibl`). */
const PHRASE_ONLY = new Set([
  'persName',
  'orgName',
  'placeName',
  'name',
  'date',
  'num',
  'measure',
  'bibl',
  'opener',
  'closer',
]);
/** Elements TEI places between paragraphs' phrases (`model.inter`). */
const INTER = new Set(['list', 'bibl']);

/**
 * Settles which element each node is written as: an element that cannot
 * hold what falls inside its span (a name around a list, an `idno` around
 * anything but an `idno`) is written as `seg` with the element's name as
 * its `type`; `salute` and `signed` outside an opener or closer are
 * `seg type="salute"`/`"signed"`.
 */
function finalize(node: Node, parent: string): void {
  const m = node.mark;
  let element = m?.name ?? parent;
  let attrs: Attrs = m?.attrs ?? {};
  if (
    (element === 'salute' || element === 'signed') &&
    parent !== 'opener' &&
    parent !== 'closer'
  ) {
    attrs = { type: element };
    element = 'seg';
  }
  for (const child of node.children) finalize(child, element);
  const names = node.children.map((c) => c.element ?? '');
  const blocked =
    (PHRASE_ONLY.has(element) && names.some((n) => INTER.has(n))) ||
    (element === 'idno' && names.some((n) => n !== 'idno'));
  if (blocked && m) {
    attrs = { type: m.name };
    element = 'seg';
    for (const child of node.children) finalize(child, element);
  }
  node.element = element;
  node.attrs = attrs;
}

// ---- writing ----------------------------------------------------------------

/** Characters escaped in the body, and those XML cannot carry at all. */
const SPECIAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters, written as g elements
  /[&<>\r\n]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Body text: escaped; `\n` followed by `<lb/>` where `lb` is allowed. */
function bodyText(text: string, from: number, to: number, lb: boolean): string {
  return text.slice(from, to).replace(SPECIAL, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '\r':
        return '&#13;';
      case '\n':
        return lb ? '\n<lb/>' : '\n';
      default:
        return `<g type="non-xml-char" n="U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}"/>`;
    }
  });
}

/** White space between blocks (only space, tab, CR, LF by construction). */
function between(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/\r/g, '&#13;');
}

function writeNode(node: Node, text: string, ids: Map<Node, Attrs>): string {
  const name = node.element ?? 'seg';
  const lb = name !== 'idno';
  let out = '';
  let pos = node.start;
  for (const child of node.children) {
    out += bodyText(text, pos, child.start, lb);
    out += writeNode(child, text, ids);
    pos = child.end;
  }
  out += bodyText(text, pos, node.end, lb);
  if (!node.mark) return out;
  const attrs = { ...ids.get(node), ...node.attrs };
  return `<${name}${attrText(attrs)}>${out}</${name}>`;
}

/**
 * `xml:id`, `next` and `prev` for the parts of each split element: the
 * k-th split element in the page has parts `part-k-1`, `part-k-2`...
 */
function linkParts(parts: Map<number, Node[]>): Map<Node, Attrs> {
  const ids = new Map<Node, Attrs>();
  let k = 0;
  // insertion order: each element's first part, in page order
  for (const nodes of parts.values()) {
    if (nodes.length < 2) continue;
    k += 1;
    const xmlId = (i: number) => `part-${k}-${i + 1}`;
    nodes.forEach((node, i) => {
      ids.set(node, {
        'xml:id': xmlId(i),
        prev: i > 0 ? `#${xmlId(i - 1)}` : null,
        next: i < nodes.length - 1 ? `#${xmlId(i + 1)}` : null,
      });
    });
  }
  return ids;
}

/**
 * The `body` element of a record's TEI.
 *
 * @param record the record (its provenance spans point into `text`)
 * @param text the decoded text, whole
 * @param entities the record's people, bodies and places (tei-people.ts)
 */
export function teiBody(
  record: DocumentRecord,
  text: string,
  entities: EntityIndex
): string {
  const blocks = readBlocks(record, text);
  const letter = letterLayout(record, text, blocks);
  for (const [i, b] of blocks.entries()) {
    const inLetter = letter !== null && i >= letter.first && i <= letter.last;
    if (!inLetter && (b.kind === 'opener' || b.kind === 'closer')) b.kind = 'p';
  }
  if (blocks.length === 0)
    blocks.push({ start: 0, end: text.length, kind: 'p' });
  const marks = readMarks(record, text, blocks, entities, letter);
  const parts = new Map<number, Node[]>();
  const roots = blocks.map((b) => {
    const root = nest(b.start, b.end, marks, parts);
    finalize(root, b.kind);
    // an opener or closer cannot hold a list or a bibl: a paragraph then
    if (
      (b.kind === 'opener' || b.kind === 'closer') &&
      root.children.some((c) => INTER.has(c.element ?? ''))
    ) {
      b.kind = 'p';
      finalize(root, 'p');
    }
    return root;
  });
  const ids = linkParts(parts);

  let out = '';
  let pos = 0;
  const writeBlocks = (from: number, to: number) => {
    for (let i = from; i <= to; i++) {
      const b = blocks[i]!;
      const listOpen =
        b.kind === 'item' && (i === from || blocks[i - 1]?.kind !== 'item');
      out += between(text, pos, b.start);
      if (listOpen) out += '<list type="requests">';
      const attrs = b.kind === 'item' ? attrText({ n: b.n ?? null }) : '';
      out += `<${b.kind}${attrs}>${writeNode(roots[i]!, text, ids)}</${b.kind}>`;
      pos = b.end;
      if (b.kind === 'item' && (i === to || blocks[i + 1]?.kind !== 'item'))
        out += '</list>';
    }
  };
  if (letter && !letter.whole) {
    writeBlocks(0, letter.first - 1);
    out += between(text, pos, blocks[letter.first]!.start);
    pos = blocks[letter.first]!.start;
    out += '<floatingText type="letter"><body>';
    writeBlocks(letter.first, letter.last);
    out += '</body></floatingText>';
    writeBlocks(letter.last + 1, blocks.length - 1);
  } else {
    writeBlocks(0, blocks.length - 1);
  }
  out += between(text, pos, text.length);
  return `<body>${out}</body>`;
}
