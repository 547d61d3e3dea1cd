/**
 * The title line: document type from its leading words, and the people it
 * names (authors, recipients, intermediaries, participants), plus a
 * telegram number written in it (`Ciphered Telegram No. 100319, ...`).
 * On a page without the archive's frame, `readHeading` reads the document's
 * own heading by the same rules, with its `From:` / `To:` and address lines.
 * The words the rules read with are in vocabulary.ts.
 */
import type { DocumentType } from '#shared/schema/record.ts';
import { MONTH_NAMES } from './dates.ts';
import { HEADER_KINDS, lineKind } from './forms.ts';
import { normalizeName } from './names.ts';
import {
  cleanName,
  givenNameFirst,
  isOrganisation,
  isRoleOnly,
  type NameResult,
  type Segment,
  splitNameList,
} from './people.ts';
import { type Found, fold, isBlank, type Line, wordCount } from './text.ts';
import {
  alternation,
  CABLE_ADDRESS_WORDS,
  CABLE_PRECEDENCE_WORDS,
  CONVERSATION_WORDS,
  DATELINE_PLACES,
  DOCUMENT_QUALIFIERS,
  DOCUMENT_VERBS,
  HONORIFIC_WORDS,
  LEADING_OFFICE_WORDS,
  OFFICE_TO_WORDS,
  ORGANISATION_WORDS,
  SUBJECT_WORDS,
  TELEGRAM_WORDS,
} from './vocabulary.ts';

export interface TitleInfo {
  readonly documentType: DocumentType;
  readonly authors: Found<string>[];
  readonly recipients: Found<string>[];
  readonly via: Found<string>[];
  readonly participants: Found<string>[];
  readonly number: Found<string> | null;
  /** Code names the title resolves: `Filippov [Stalin]`. */
  readonly aliases: { alias: string; name: Found<string> }[];
}

const ORDINAL = '(?:(?:First|Second|Third|Fourth|Fifth|Sixth|Final)\\s+)?';
/** `Secret`, `Special`, `Ciphered`: words that do not change the type. */
const QUALIFIED = `(?:(?:${alternation(DOCUMENT_QUALIFIERS)})\\s+){0,3}`;
const EVENT = `(?:${alternation(CONVERSATION_WORDS)})`;

/** Leading words → type; the first match wins. `rest` starts after them. */
const TYPES: ReadonlyArray<readonly [RegExp, DocumentType]> = [
  // `Record of a Conversation`, `Secret Memorandum of Conversation`,
  // `Record of Conversation from X's Reception of Y`; an `Information Note
  // on the talks ...` stays a memorandum (RECORD.md), below
  [
    new RegExp(
      `^${QUALIFIED}${ORDINAL}(?:Record|Memorandum|Memo|Minutes|Notes?|Summary|Report|Transcript|Information(?!\\s+Note\\b))\\s+(?:of|on|from|about)\\s+(?:an?\\s+|the\\s+)?${ORDINAL}${EVENT}\\b`,
      'i'
    ),
    'conversation',
  ],
  [
    new RegExp(
      `^${QUALIFIED}(?:Record|Minutes|Memorandum|Summary|Transcript|Notes?)\\s+(?:of|from|on)\\s+(?=[^,;:]{1,80}?['’]s\\s+${EVENT}\\b)`,
      'i'
    ),
    'conversation',
  ],
  // led by the event itself: `Conversation of A with B`, `Interview with X`
  [new RegExp(`^${QUALIFIED}${ORDINAL}${EVENT}\\b`, 'i'), 'conversation'],
  [/^Telephone\s+Message(?:\s+via\s+\S+?(?=,|\s|$))?/i, 'other'],
  [
    new RegExp(`^${QUALIFIED}(?:${alternation(TELEGRAM_WORDS)})\\b`, 'i'),
    'telegram',
  ],
  // `Information Note` is a note (Clarifications), not an information report
  [new RegExp(`^${QUALIFIED}Information\\s+Note\\b`, 'i'), 'memorandum'],
  [
    new RegExp(`^${QUALIFIED}(?:Untitled\\s+)?(?:Report|Information)\\b`, 'i'),
    'report',
  ],
  // a body's session: `Transcript of the Plenum Session of the CC ...`
  [
    new RegExp(
      `^${QUALIFIED}(?:Working\\s+Notes|Minutes|Protocol|Session|Resolution|Decision|Transcript(?=\\s+of\\s+(?:the\\s+|an?\\s+)?(?:\\S+\\s+){0,3}?(?:Session|Plenum|Sitting|Congress|Conference|Meeting)\\b))\\b`,
      'i'
    ),
    'minutes',
  ],
  [new RegExp(`^${QUALIFIED}(?:Journal|Diary)\\b`, 'i'), 'diary'],
  [
    new RegExp(
      `^${QUALIFIED}(?:Untitled\\s+)?(?:Memorandum|Memo|Notes?|Comments?)\\b`,
      'i'
    ),
    'memorandum',
  ],
  [new RegExp(`^${QUALIFIED}Letter\\b`, 'i'), 'letter'],
  [/^Speech\b/i, 'speech'],
  // a statement is `other` (Clarifications); its maker is read as an author
  [/^Statement\b/i, 'other'],
];

/** `From the Journal of`, `Excerpts from`: words before the type. */
const LEAD_IN =
  /^\s*(?:(?:Excerpts?|Extracts?|Fragments?)\s+(?:from|of)\s+(?:the\s+)?|From\s+the\s+)/i;

/** `Tsedenbal's diary`: a possessive before the diary or journal. */
const POSSESSIVE_DIARY =
  /^\s*([^,'’:;()[\]]{2,60}?)['’]s\s+(?:Diary|Journal)\b/iu;

/** `X’s Conversation with Y`, `X's Talks with Y`: the first party leads. */
const POSSESSIVE_EVENT = new RegExp(
  `^\\s*(?:[^,'’:;()[\\]]{2,60}?)['’]s\\s+${EVENT}\\s+(?:with|of|between)\\s`,
  'iu'
);

/**
 * The body that issued the document, named before its type words: `US State
 * Department Memorandum of Conversation ...`, `Soviet Embassy Record of
 * Conversation`, `Hungarian Foreign Ministry Report`. Capitalised words
 * ending in an organisation word.
 */
const ISSUER = new RegExp(
  `^\\s*(?:the\\s+)?(?:[\\p{Lu}][\\p{L}.’'-]*\\s+){0,4}?(?:${alternation(ORGANISATION_WORDS)})\\s+(?=\\p{Lu})`,
  'u'
);

/**
 * `Telegram Shtykov to Vyshinsky`: a sender without `from`, only where it
 * is a short run of capitalised words before ` to `.
 */
const BARE_SENDER = new RegExp(
  `^\\s+(?!(?:${alternation([...SUBJECT_WORDS, ...DOCUMENT_VERBS])})\\b)(?:\\p{Lu}[\\p{L}.'’-]*\\s+){1,4}?to\\s+\\p{Lu}`,
  'u'
);

/** A bare number after the type words: `TELEGRAM 066.808 from ...`. */
const BARE_NUMBER = /^\s+(\d[\d./-]{1,30}\d)(?=[\s,]|$)/;

const TITLE_NUMBER = /(?:\bNo\.?|\bNº|N°|#)\s*:?\s*(\d(?:[\w./-]*\w)?)/i;

interface LeadingType {
  readonly type: DocumentType;
  /** Offset of the type words (after a lead-in such as `From the`). */
  readonly at: number;
  /** Offset just after them. */
  readonly end: number;
}

/**
 * The type a title's (or heading's) leading words give, after an optional
 * lead-in (`From the Journal of ...`, `Excerpts from the Diary of ...`).
 */
function leadingType(s: string): LeadingType | null {
  const lead = LEAD_IN.exec(s)?.[0].length ?? 0;
  const issuer = ISSUER.exec(s)?.[0].length ?? 0;
  const starts = lead > 0 ? [lead, 0] : [0];
  if (issuer > 0) starts.push(issuer);
  for (const from of starts) {
    const at = from + (/^\s*/.exec(s.slice(from))?.[0].length ?? 0);
    const t = s.slice(at);
    for (const [re, type] of TYPES) {
      const m = re.exec(t);
      if (m) return { type, at, end: at + m[0].length };
    }
    const diary = POSSESSIVE_DIARY.exec(t);
    if (diary) return { type: 'diary', at, end: at + diary[0].length };
    // the possessive is the first party: the people are read from `at`
    if (POSSESSIVE_EVENT.test(t)) return { type: 'conversation', at, end: at };
  }
  return null;
}

/** The document type a title's leading words give. */
export function titleType(title: string): DocumentType {
  return leadingType(title)?.type ?? 'other';
}

/**
 * Reads a title. `base` is its page offset. `signatures` are the page's
 * signature names: a bracket naming the signer is the alias used
 * (`Stalin [Kuznetsov]` signed `Kuznetsov`), not an identification.
 */
export function readTitle(
  title: string,
  base: number,
  signatures: ReadonlySet<string>
): TitleInfo {
  let s = title;
  const via: Found<string>[] = [];
  const vias = [
    ...title.matchAll(/[[(]via\s+([^\])]+)[\])]/gi),
    // `..., via Zakharov` closing the title
    ...title.matchAll(/,\s*via\s+(\p{Lu}[^,;()[\]]*?)\s*$/giu),
  ];
  for (const m of vias) {
    const r = cleanName(m[1] ?? '', base + m.index + m[0].indexOf(m[1] ?? ''));
    if (r) via.push(r.name);
    s = blank(s, m.index, m[0].length);
  }
  let number: Found<string> | null = null;
  const num = TITLE_NUMBER.exec(s);
  if (num?.[1]) {
    const at = num.index + num[0].lastIndexOf(num[1]);
    number = {
      value: num[1],
      span: { start: base + at, end: base + at + num[1].length },
    };
    s = blank(s, num.index, num[0].length);
  }

  // `Mao Zedong, 'Comments on ...'`: a name, then the quoted title.
  let authorLead: NameResult | null = null;
  const quoted = /^([^,'‘"“]{2,60}),\s*['‘"“]/u.exec(s);
  if (quoted && !leadingType(s)) {
    authorLead = cleanName(quoted[1] ?? '', base);
    s = blank(s, 0, quoted[0].length - 1);
    s = s.replace(/^\s*['‘"“]/u, (m) => ' '.repeat(m.length));
  }
  const typed = leadingType(s);
  const documentType: DocumentType = typed?.type ?? 'other';
  const restAt = typed?.end ?? 0;
  if (!number && typed) {
    // `TELEGRAM 066.808 from ...`: a bare number right after the type words
    const bare = BARE_NUMBER.exec(s.slice(restAt));
    if (bare?.[1]) {
      const at = restAt + bare[0].length - bare[1].length;
      number = {
        value: bare[1],
        span: { start: base + at, end: base + at + bare[1].length },
      };
      s = blank(s, restAt, bare[0].length);
    }
  }
  const rest = s.slice(restAt);
  const restBase = base + restAt;
  const people = emptyPeople();
  const possessive = typed ? POSSESSIVE_DIARY.exec(s.slice(typed.at)) : null;
  if (authorLead) {
    people.authors.push(authorLead.name);
  } else if (possessive?.[1] && documentType === 'diary') {
    const at =
      (typed?.at ?? 0) + s.slice(typed?.at ?? 0).indexOf(possessive[1]);
    addNames(
      [{ text: possessive[1], start: base + at }],
      people.authors,
      people,
      signatures
    );
  } else if (documentType === 'conversation') {
    readParticipants(rest, restBase, people, signatures);
  } else if (documentType === 'minutes') {
    readSession(rest, restBase, people, signatures);
  } else if (!typed) {
    // untyped title: `Message from Bagirov on ...`
    const from = /^\s*\p{Lu}\p{L}*(?:\s+\p{L}+){0,2}?\s+(?=from\s)/u.exec(rest);
    if (from)
      readSenderRecipient(
        rest.slice(from[0].length),
        restBase + from[0].length,
        people,
        signatures
      );
  } else {
    readSenderRecipient(rest, restBase, people, signatures);
  }
  return { documentType, via, number, ...people };
}

/** What a frameless page's own heading and address lines give. */
export interface HeadingInfo {
  readonly documentType: DocumentType;
  readonly authors: Found<string>[];
  readonly recipients: Found<string>[];
  readonly participants: Found<string>[];
  readonly aliases: { alias: string; name: Found<string> }[];
  /** The heading (its lines joined as in the page), or null. */
  readonly heading: Found<string> | null;
}

/** Non-blank lines looked at for a heading before giving up. */
const HEADING_ZONE = 15;

/**
 * `From: the Embassy in Havana`, `FROM MOSCOW`, `To: Comrade X`, `TO ...`,
 * and the forms' own labels: `ADDRESSEE:`, `Addressed to:`, `Recipient:`,
 * `Sender:`.
 */
const FROM_TO_LINE =
  /^(?:([Ff]rom|FROM|FM|[Tt]o|TO|[Ff]or|FOR|[Aa]ddressee|ADDRESSEE|[Aa]ddressed\s+to|ADDRESSED\s+TO|[Rr]ecipient|RECIPIENT|[Ss]ender|SENDER)\s*:\s*|(FROM|FM|TO)\s+)(\S.*)$/;

/**
 * A US cable's precedence after its addressee, with the cable's serial
 * number after it (`TO SECSTATE WASHDC IMMEDIATE 4127`): not the address.
 */
const PRECEDENCE = new RegExp(
  `(?:\\s+(?:${alternation(CABLE_PRECEDENCE_WORDS)}))+(?:\\s+\\d+)?\\s*$`
);

/**
 * A US cable's routing indicator before a post (`RUEHC/SECSTATE WASHDC`,
 * `RUEHMO / AMEMBASSY MOSCOW`): the circuit's code, not the address.
 */
const ROUTING = /^R[A-Z]{3,6}\s?\/\s?(?=[A-Z])/;

/**
 * A further action addressee of a US cable on its own line below the `TO`
 * line (`TO SECSTATE WASHDC` / `AMEMBASSY BONN`), until the `INFO` line.
 */
const CABLE_ADDRESS_LINE = new RegExp(
  `^(?:R[A-Z]{3,6}\\s?\\/\\s?)?(?:${alternation(CABLE_ADDRESS_WORDS)})\\s+[A-Z]`
);

/**
 * An address as a cable line writes it, without its precedence and serial
 * number (`SECSTATE WASHDC PRIORITY 4127`, `AMEMBASSY BONN 1234` →
 * the post).
 */
function cableAddress(value: string): string {
  const bare = value.replace(PRECEDENCE, '');
  return CABLE_ADDRESS_LINE.test(bare) ? bare.replace(/\s+\d+\s*$/, '') : bare;
}

/**
 * An address that goes on below its `To` line (`TO THE POLITBURO` / `OF
 * THE CC OF THE BCP`, `To the Embassy` / `in Hanoi`): a short line opening
 * with `of` or `in`.
 */
const ADDRESS_GOES_ON = /^(?:of|in)\s+\S/i;

/**
 * A body named alone on a line, closed by a colon, above the text: the
 * addressee of a cable or instruction written addressee first (`Embassy in
 * Lakeland:`, `Trade Mission in Oslo:`).
 */
const BODY_ADDRESS = /^([^:]{3,80}):\s*$/;

/**
 * Letters set apart by single spaces, as typed headings write them
 * (`R E P O R T`, `S E C R E T`; words apart by wider gaps).
 */
const SPACED_RUN = /(?<![\p{L}\p{N}])\p{Lu}(?: \p{Lu})+(?![\p{L}\p{N}])/gu;

/**
 * A line with its spaced letters joined, each word padded with spaces to
 * its written width so that offsets keep their place (`R E P O R T` →
 * `REPORT     `); null when the line has no run of four spaced letters.
 */
function unspaced(s: string): string | null {
  const runs = s.match(SPACED_RUN);
  if (!runs?.some((r) => r.length >= 7)) return null;
  return s.replace(SPACED_RUN, (run) => {
    const word = run.replace(/ /g, '');
    return word + ' '.repeat(run.length - word.length);
  });
}

/**
 * `To Ministry of Foreign Affairs of the USSR`, `To the Minister of Trade`:
 * a `To` with no colon, taken where it names a body, an office or a person
 * by a form of address (group 2 is `To`, group 3 the name).
 */
const TO_BODY_LINE = /^()(To)\s+((?:the\s+)?\p{Lu}.*)$/u;
/** What a `To` line without a colon names: an office or a form of address. */
const ADDRESSED = new RegExp(
  `^(?:the\\s+)?(?:(?:${alternation(HONORIFIC_WORDS)})\\s*|(?:\\p{Lu}[\\p{L}’'-]*\\s+){0,2}?(?:${alternation(LEADING_OFFICE_WORDS)})\\b)`,
  'iu'
);

/** The opening words of an address line: `To`, `Dear`, a form of address. */
const ADDRESS_OPEN = new RegExp(
  `^(To\\s+)?((?:Dear|Respected|Esteemed|Deeply\\s+respected|Highly\\s+esteemed)\\s+)?(?:((?:${alternation(HONORIFIC_WORDS)})\\s*)|((?:${alternation(LEADING_OFFICE_WORDS)})\\s+))?`,
  'iu'
);

/**
 * An address or salutation line opening a letter: `Dear Comrade X!`,
 * `Comrade Filippov [Stalin]:`, `Chairman [Mao Zedong]:`,
 * `To Comrade STALIN, I.V.`; a footnote mark may close it (`:[1]`). An
 * office needs the closing mark (`Minister of Trade` alone is a header).
 */
function isAddressLine(t: string): boolean {
  if (wordCount(t) > 10) return false;
  const m = ADDRESS_OPEN.exec(t);
  if (!m || !/^[\p{Lu}[]/u.test(t.slice(m[0].length))) return false;
  const [, , dear, honorific, office] = m;
  const closed = /[,!:](?:\s*\[\d+\])?$/.test(t);
  if (dear) return true;
  // `Comrade X` alone on a line is an address block's first line
  if (honorific) return true;
  return office !== undefined && closed;
}
const ADDRESS_LEAD =
  /^\s*(?:To\s+)?(?:(?:Dear|Respected|Esteemed|Deeply\s+respected|Highly\s+esteemed)\s+)?/i;
const ADDRESS_END = /\s*[,!:.]?\s*(?:\[\d+\])?\s*$/u;

/**
 * A salutation run on after the address on one line: `To Comrade X,
 * Chairman of ....  Dear Comrade X,` (two spaces or more before it).
 */
const SALUTATION_RUN_ON =
  /[.,;]?\s{2,}(?=(?:Dear|Respected|Esteemed|Deeply\s+respected|Highly\s+esteemed)\s)/iu;

/** An office in apposition after an addressee's name: `, Minister of ...`. */
const OFFICE_APPOSITION = new RegExp(
  `,\\s*(?:the\\s+)?(?:\\p{Lu}[\\p{L}’'-]*\\s+){0,2}?(?:${alternation(LEADING_OFFICE_WORDS)})\\b`,
  'u'
);

/**
 * The address part of an address line: the line up to a salutation run on
 * after it, and, for a person addressed by a form of address, up to and
 * with the comma before an office in apposition and the place after it
 * (`To Comrade X, Minister of Foreign Affairs, Sofia` → `To Comrade X,`).
 */
function addressHead(t: string): string {
  const run = SALUTATION_RUN_ON.exec(t);
  const address = run ? t.slice(0, run.index) : t;
  const open = ADDRESS_OPEN.exec(address);
  if (!open?.[3]) return address;
  // a sentence that opens with a name (`Comrade X, Ambassador of Y,
  // visited the Ministry ...`) is text, not an address
  if (!/^\s*To\b/i.test(address) && wordCount(address) > 12) return address;
  const office = OFFICE_APPOSITION.exec(address);
  return office ? address.slice(0, office.index + 1) : address;
}

/** A line of running text: a sentence of several lower-case words. */
function isProse(t: string): boolean {
  const words = t.split(' ');
  const lower = words.filter((w) => /^\p{Ll}/u.test(w)).length;
  return words.length >= 8 && lower >= 4;
}

/**
 * Reads the heading of a page without the archive's frame (RECORD.md,
 * "Pages without the archive's frame"): its type by the title rules
 * (`CIPHERED TELEGRAM`, `RECORD OF CONVERSATION with X`, `From the Journal
 * of X`, `MEMORANDUM`; a type word alone goes on in lower case below:
 * `RECORD` / `of conversation with X`), the people it names, `From:` /
 * `To:` / `ADDRESSEE:` lines, and the address block: the `To` and address
 * lines standing one under the other (`To Ministry of ...` / `Comrade X`),
 * each body or person in it an addressee, an office alone left out; a
 * `Dear X` line only where no such line names the addressee. An address or
 * salutation line makes the page a letter when no heading names another
 * type and no telegram header lines (sent, received, copies) stand above
 * it. Only the lines above the first paragraph of text, or a memorandum's
 * labelled part (`PARTICIPANTS:`, `SUBJECT:`), are read. Authors the heading
 * does not name are the caller's to take from the document's signature.
 */
export function readHeading(
  text: string,
  lines: readonly Line[],
  from: number,
  to: number,
  signatures: ReadonlySet<string> = new Set()
): HeadingInfo {
  let heading: Found<string> | null = null;
  let title: TitleInfo | null = null;
  let fromLine: Found<string> | null = null;
  // the address block: `To` lines and address lines, one under the other
  const addressees: Found<string>[] = [];
  const addressBlock: { state: 'none' | 'open' | 'done' } = { state: 'none' };
  let dear: Found<string> | null = null;
  let letter = false;
  // a US cable's `FM` line: the page is a telegram even with no heading
  let cable = false;
  let sawHeader = false;
  const address = (r: NameResult | null) => {
    if (addressBlock.state === 'done') return;
    addressBlock.state = 'open';
    if (!r || r.kind === 'role' || isRoleOnly(r.name.value)) return;
    const key = normalizeName(r.name.value);
    if (!addressees.some((f) => normalizeName(f.value) === key))
      addressees.push(r.name);
  };
  let seen = 0;
  for (let i = from; i < to && seen < HEADING_ZONE; i++) {
    const line = lines[i];
    if (!line || isBlank(line) || line.text.length > 600) {
      if (line && !isBlank(line)) break;
      continue;
    }
    seen++;
    const spaced = unspaced(line.text);
    const t = spaced ? fold(spaced) : line.folded;
    // an editorial note or stamp in brackets is neither heading nor text
    if (/^\[.*\]$/.test(t)) continue;
    const next = nextLine(lines, i, to);
    // `RECORD` / `of conversation with X`: a type word alone, its heading
    // going on in lower case below
    // (not a header line in lower case: `from Moscow, dispatched ...`)
    const goesOn =
      next !== undefined &&
      /^\p{Ll}/u.test(next.folded) &&
      (lineKind(next.text) === null || WRITER_WITH_OFFICE.test(next.folded));
    const typed = title
      ? null
      : (leadingType(t) ??
        (goesOn && TYPE_WORD_ALONE.test(t)
          ? leadingType(`${t} ${next?.folded ?? ''}`)
          : null));
    // a heading is no sentence: a long line ending in a full stop is text
    if (typed && !(/\.$/.test(t) && wordCount(t) > 12)) {
      let end = line.end;
      // `JOURNAL` / `of Cde. V. I. IVANOV, ...`: the heading goes on below
      // (a number may stand beside the type words: `PROTOCOL No. 12`)
      const after = t.slice(typed.end).trim();
      if (next && goesOn && (after === '' || NUMBER_ONLY.test(after))) {
        end = next.end;
        i = next.index;
      }
      const raw = spaced
        ? spaced + text.slice(line.end, end)
        : text.slice(line.start, end);
      title = readTitle(raw, line.start, signatures);
      heading = {
        value: raw.replace(/\s+/g, ' ').trim(),
        span: { start: line.start, end },
      };
      if (addressBlock.state === 'open') addressBlock.state = 'done';
      continue;
    }
    // a telegram's header lines (sent, received, copies) above the text
    const kind = lineKind(line.text);
    if (kind && HEADER_KINDS.has(kind)) {
      sawHeader = true;
      if (addressBlock.state === 'open') addressBlock.state = 'done';
      continue;
    }
    // `PARTICIPANTS:`, `SUBJECT:`: the labelled part of a memorandum
    if (LABEL_LINE.test(t)) {
      // `Subject:`, `Date:`: one line of the header, the address may follow;
      // `PARTICIPANTS:`, `Present:` open the memorandum's own part
      if (/^(?:SUBJECT|Subject|DATE|Date|PLACE|Place|TIME|Time)\b/.test(t)) {
        // an address below a form's labels is a report's, not a letter's
        sawHeader = true;
        continue;
      }
      break;
    }
    const head = addressHead(line.text);
    if (isAddressLine(head.trim())) {
      const lead = ADDRESS_LEAD.exec(head)?.[0].length ?? 0;
      const tail = ADDRESS_END.exec(head)?.index ?? head.length;
      const r = cleanName(
        line.text.slice(lead, Math.max(lead, tail)),
        line.start + lead,
        signatures
      );
      // `Dear Comrade Ambassador,`: a salutation naming no one
      if (r?.kind === 'role' && /[,!:]$/.test(t)) {
        letter ||= !sawHeader && addressBlock.state === 'none';
        continue;
      }
      if (r && r.kind !== 'role') {
        // `Dear X` salutes the addressee a `To` line names
        if (
          /^(?:To\s+)?(?:Dear|Respected|Esteemed)\b/i.test(t) &&
          !/^To\s/i.test(t)
        ) {
          dear ??= r.name;
          if (addressBlock.state === 'open') addressBlock.state = 'done';
        } else address(r);
        letter ||= !sawHeader;
        continue;
      }
    }
    // `Embassy in Lakeland:` above the text: the addressee first
    const body = BODY_ADDRESS.exec(line.text);
    if (body?.[1] && wordCount(t) <= 8 && !/^(?:from|by|for|to)\b/i.test(t)) {
      const r = cleanName(body[1], line.start, signatures);
      if (r?.kind === 'org') {
        address(r);
        continue;
      }
    }
    const ft = FROM_TO_LINE.exec(line.text) ?? TO_BODY_LINE.exec(line.text);
    if (ft && wordCount(t) <= 14) {
      let at = line.start + line.text.length - (ft[3] ?? '').length;
      at += ROUTING.exec(ft[3] ?? '')?.[0].length ?? 0;
      let end = line.end;
      // the address going on below: `TO THE POLITBURO` / `OF THE CC ...`
      for (let j = i + 1; j < to; j++) {
        const below = lines[j];
        if (!below || !ADDRESS_GOES_ON.test(below.folded)) break;
        if (wordCount(below.folded) > 10 || below.folded.includes(':')) break;
        end = below.end;
        i = j;
      }
      const value = cableAddress(text.slice(at, end));
      const r = cleanName(value, at, signatures);
      const isFrom = /^(?:from|fm|sender)$/i.test(ft[1] ?? ft[2] ?? '');
      if (isFrom) {
        if (r && !fromLine && namesSender(r, value)) fromLine = r.name;
        cable ||= /^fm$/i.test(ft[1] ?? ft[2] ?? '');
      } else if (ft[2] !== 'To' || r?.kind === 'org' || ADDRESSED.test(value)) {
        address(r);
        // `To the Central Committee ...`, `TO COMRADE X`: a letter's address;
        // a labelled `TO:` is a form's
        if (!line.text.slice(0, at - line.start).includes(':'))
          letter ||= !sawHeader;
        // a US cable's further action addressees, one a line
        for (let j = i + 1; j < to && /^to$/i.test(ft[1] ?? ft[2] ?? ''); j++) {
          const below = lines[j];
          if (!below || !CABLE_ADDRESS_LINE.test(below.text)) break;
          const from = ROUTING.exec(below.text)?.[0].length ?? 0;
          const more = cableAddress(below.text.slice(from));
          address(cleanName(more, below.start + from, signatures));
          i = j;
        }
      }
      continue;
    }
    if (addressBlock.state === 'open') addressBlock.state = 'done';
    if (isProse(t)) break;
  }
  const recipients = addressees.length ? addressees : dear ? [dear] : [];
  if (title) {
    return {
      heading,
      documentType: title.documentType,
      authors: title.authors.length
        ? title.authors.map(givenNameFirst)
        : fromLine
          ? [givenNameFirst(fromLine)]
          : [],
      recipients: title.recipients.length
        ? title.recipients.map(givenNameFirst)
        : recipients.map(givenNameFirst),
      participants: title.participants,
      aliases: title.aliases,
    };
  }
  return {
    heading,
    documentType: cable ? 'telegram' : letter ? 'letter' : 'other',
    authors: fromLine ? [givenNameFirst(fromLine)] : [],
    recipients: recipients.map(givenNameFirst),
    participants: [],
    aliases: [],
  };
}

/** A document number alone after the type words: `No. 12`, `Nº 4/61`. */
const NUMBER_ONLY = /^(?:No\.?|Nº|N°|#)\s*\d[\w./-]*$/i;

/**
 * A heading's writer below its type word, with the writer's office after a
 * comma (`from A. Lind, Minister of Trade`): a person, where the same form
 * with a place (`from Oslo, 3 May`) is a telegram's from-line.
 */
const WRITER_WITH_OFFICE = new RegExp(
  `^(?:from|by)\\s+[^,]{2,60},\\s+(?:the\\s+)?(?:\\p{Lu}[\\p{L}.’'-]*\\s+){0,2}?(?:${alternation(LEADING_OFFICE_WORDS)})\\b`,
  'u'
);

/** A type word alone on a line, whose heading may go on below. */
const TYPE_WORD_ALONE =
  /^(?:Record|Transcript|Summary|Protocol|Notes?|Minutes|Memorandum|Report|Information)$/i;

/**
 * The labels of a memorandum's parts below its heading (`PARTICIPANTS:`,
 * `SUBJECT:`, `DATE AND PLACE:`, `Present:`): the heading and address
 * block are over; the names listed there are no addressees.
 */
const LABEL_LINE =
  /^(?:PARTICIPANTS|Participants|PRESENT|Present|SUBJECT|Subject|DATE(?:\s+AND\s+PLACE)?|Date(?:\s+and\s+place)?|PLACE|Place|TIME|Time)\s*:/;

/**
 * A from-line names a sender when it names a body or a person: a bare
 * place (`FROM: PYONGYANG`) is where the document came from, not its author.
 */
function namesSender(r: NameResult, raw: string): boolean {
  if (r.kind === 'org' || isOrganisation(raw)) return true;
  if (r.kind !== 'person') return false;
  return (
    /\s/.test(r.name.value) ||
    r.name.value !== raw.trim().replace(/[.,;:]+$/, '')
  );
}

function nextLine(
  lines: readonly Line[],
  i: number,
  to: number
): Line | undefined {
  // blank and no-break-space lines between a heading's parts do not count
  for (let j = i + 1; j < to && j <= i + 8; j++) {
    const line = lines[j];
    if (line && !isBlank(line)) return line;
  }
  return undefined;
}

function emptyPeople() {
  return {
    authors: [] as Found<string>[],
    recipients: [] as Found<string>[],
    participants: [] as Found<string>[],
    aliases: [] as { alias: string; name: Found<string> }[],
  };
}

type People = ReturnType<typeof emptyPeople>;

function blank(s: string, at: number, length: number): string {
  return s.slice(0, at) + ' '.repeat(length) + s.slice(at + length);
}

/** An office that takes ` to ` (`Ambassador to Cuba`). */
const OFFICE_TO = new RegExp(`\\b(?:${alternation(OFFICE_TO_WORDS)})$`, 'i');
/** An apposition with such an office (`X, Ambassador of Bulgaria`). */
const OFFICE_TO_APPOSITION = new RegExp(
  `,\\s*(?:the\\s+)?(?:\\p{Lu}[\\p{L}’'-]*\\s+){0,2}?(?:${alternation(OFFICE_TO_WORDS)})\\s+(?:of|in)\\s[^,]*$`,
  'iu'
);

/**
 * Separating ` to `: not the one in an office (`Ambassador to Cuba`,
 * `X, Ambassador of Bulgaria to Pyongyang`).
 */
function findTo(s: string): number {
  for (const m of s.matchAll(/\s+to\s+/gi)) {
    const before = s.slice(0, m.index);
    if (OFFICE_TO.test(before) || OFFICE_TO_APPOSITION.test(before)) continue;
    return m.index;
  }
  return -1;
}

function readSenderRecipient(
  rest: string,
  base: number,
  people: People,
  signatures: ReadonlySet<string>
): void {
  // `, A to B`, `from A to B`, `- From A to B`, `of A`; or a bare `A to B`
  // `Report for Comrade X on ...`, `MEMORANDUM FOR: X`: the addressee
  const forX =
    /^\s*(?:[-–—]\s*)?(?:[Ff]or|FOR)\s*:?\s+(?=(?:[Tt]he\s+)?\p{Lu})/u.exec(
      rest
    );
  // `Telegram to Comrade X from Y`: the addressee first
  const toX =
    forX ?? /^\s*(?:[-–—,]\s*)?[Tt]o\s+(?=(?:the\s+)?\p{Lu})/u.exec(rest);
  if (toX) {
    readFor(
      rest.slice(toX[0].length),
      base + toX[0].length,
      people,
      signatures
    );
    return;
  }
  const intro =
    /^\s*(?:[-–—:]\s*)?(?:,\s*|(?:from|of|by)\s+)/i.exec(rest) ??
    (BARE_SENDER.test(rest) ? /^\s+/.exec(rest) : null);
  if (!intro) return;
  let body = rest.slice(intro[0].length);
  let at = base + intro[0].length;
  // Diaries: `Journal of X for 7 February 1960`; messages: `from X on ...`
  const cut = new RegExp(
    `\\s+(?:for|on)\\s+(?:the\\s+)?(?:\\d|(?:${MONTH_NAMES})\\b|period\\b).*$|\\s+on\\s+(?:\\p{Lu}|(?:a|an)\\s).*$|\\s+at\\s+(?:the|a|an)\\s.*$|(?:^|\\s+)(?:${alternation(SUBJECT_WORDS)})\\b.*$|\\s*:\\s.*$|,\\s*['‘"“].*$`,
    'iu'
  ).exec(body);
  if (cut) body = body.slice(0, cut.index);
  const lead = /^\s*/.exec(body)?.[0].length ?? 0;
  body = body.slice(lead);
  at += lead;
  // `Report of visits to ...`: a subject in lower case, not a sender
  if (/^\p{Ll}/u.test(body) && !/^the\s/i.test(body)) return;
  const to = findTo(body);
  const sender = to >= 0 ? body.slice(0, to) : body;
  let senders = splitNameList(sender, at);
  // `from Beijing, Zhou Enlai to ...`: the place sent from, then the sender
  if (
    /^\s*from\s/i.test(intro[0]) &&
    senders.length > 1 &&
    /^[^,]+,\s/.test(sender)
  )
    senders = senders.slice(1);
  addNames(senders, people.authors, people, signatures);
  if (to >= 0) {
    const sep = /^\s+to\s+/i.exec(body.slice(to))?.[0].length ?? 0;
    addNames(
      splitNameList(body.slice(to + sep), at + to + sep),
      people.recipients,
      people,
      signatures
    );
  }
}

/**
 * After `for` (or a leading `to`): the addressees, then an optional
 * ` from ` with the writer
 * (`Memorandum for the Secretary from X`); the subject after `on`, `about`,
 * a colon or a date is cut.
 */
function readFor(
  body: string,
  base: number,
  people: People,
  signatures: ReadonlySet<string>
): void {
  const cut = new RegExp(
    `\\s+(?:on|about|for)\\s+(?:the\\s+)?(?:\\d|(?:${MONTH_NAMES})\\b|period\\b|\\p{Lu}|(?:a|an)\\s).*$|(?:^|\\s+)(?:${alternation(SUBJECT_WORDS)})\\b.*$|\\s*:\\s.*$`,
    'iu'
  ).exec(body);
  const text = cut ? body.slice(0, cut.index) : body;
  const fromAt = /\s+from\s+/i.exec(text);
  const to = fromAt ? text.slice(0, fromAt.index) : text;
  addNames(splitNameList(to, base), people.recipients, people, signatures);
  if (fromAt) {
    const at = fromAt.index + fromAt[0].length;
    addNames(
      splitNameList(text.slice(at), base + at),
      people.authors,
      people,
      signatures
    );
  }
}

function readParticipants(
  rest: string,
  base: number,
  people: People,
  signatures: ReadonlySet<string>
): void {
  // `Memorandum of Conversation with X, by Y`: Y wrote the record
  const by =
    /,\s*(?:(?:prepared|written|drafted|recorded)\s+)?[Bb]y\s+(?=(?:the\s+)?\p{Lu})/u.exec(
      rest
    );
  if (by) {
    const after = by.index + by[0].length;
    addNames(
      splitNameList(rest.slice(after), base + after),
      people.authors,
      people,
      signatures
    );
    readParticipants(rest.slice(0, by.index), base, people, signatures);
    return;
  }
  // `X's Talks with Y`, `from X's Reception of Y`
  const possessive = new RegExp(
    `^\\s*(?:(?:from|of|at|during)\\s+)?(.{1,60}?)['’]s\\s+${EVENT}\\s+(?:with|of)\\s+`,
    'iu'
  ).exec(rest);
  if (possessive) {
    addNames(
      [
        {
          text: possessive[1] ?? '',
          start: base + possessive[0].indexOf(possessive[1] ?? ''),
        },
      ],
      people.participants,
      people,
      signatures
    );
    const after = possessive[0].length;
    addNames(
      splitNameList(rest.slice(after), base + after),
      people.participants,
      people,
      signatures
    );
    return;
  }
  const between = /\bbetween\s+/i.exec(rest);
  if (!between && readReception(rest, base, people, signatures)) return;
  if (between) {
    const after = between.index + between[0].length;
    addNames(
      splitNameList(rest.slice(after), base + after),
      people.participants,
      people,
      signatures
    );
    return;
  }
  const withAt = /\s+with\s+/i.exec(rest);
  if (!withAt) {
    // `Minutes of Conversation, A and B`, `Memorandum of Conversation: A – B`
    const list = /^\s*[,:]\s*(?=\p{Lu})/u.exec(rest);
    if (list && /\s(?:and|[-–—])\s/.test(rest)) {
      const segments = splitNameList(
        rest.slice(list[0].length),
        base + list[0].length
      ).filter((seg) => !DATELINE_PLACES.has(seg.text.trim().toLowerCase()));
      addNames(segments, people.participants, people, signatures);
    }
    return;
  }
  const left = /^\s*(?:,\s*|:\s*|of\s+|by\s+)(.+)$/i.exec(
    rest.slice(0, withAt.index)
  );
  if (left?.[1]) {
    const at = rest.indexOf(left[1]);
    // `Conversation of Comrades A and B with C`
    addNames(
      splitNameList(left[1], base + at),
      people.participants,
      people,
      signatures
    );
  }
  const after = withAt.index + withAt[0].length;
  addNames(
    splitNameList(rest.slice(after), base + after),
    people.participants,
    people,
    signatures
  );
}

/** A name list ending in a body (`by the Council`): its `of` goes on. */
const ORG_END = new RegExp(`\\b(?:${alternation(ORGANISATION_WORDS)})$`, 'i');

/**
 * `Reception by A of B`, `Reception of B by A`, `Meeting of A and B`: an
 * event word with its parties after `by` / `of` (and no `with`), also deep
 * in a title (`Transcript of the Discussions on the Occasion of the
 * Reception by A of B`). False when the form is not there.
 */
function readReception(
  rest: string,
  base: number,
  people: People,
  signatures: ReadonlySet<string>
): boolean {
  if (/\s+with\s+/i.test(rest)) return false;
  // the last event word's parties (`of the Reception by A of B`), or the
  // title's own (`Meeting of A and B`)
  const ev = [...rest.matchAll(new RegExp(`\\b${EVENT}\\b`, 'giu'))].pop();
  const from = ev ? ev.index + ev[0].length : 0;
  const m = /^\s*(by|of)\s+/i.exec(rest.slice(from));
  if (!m) return false;
  const at = from + m[0].length;
  const body = rest.slice(at);
  // the second party: ` of B` after `by A`, ` by A` after `of B`
  const second = m[1]?.toLowerCase() === 'by' ? 'of' : 'by';
  let split = -1;
  for (const o of body.matchAll(
    new RegExp(`\\s+${second}\\s+(?=(?:the\\s+)?\\p{Lu})`, 'gu')
  )) {
    const left = body.slice(0, o.index);
    // `by the Chairman of the Council X of B`: `of` inside an office
    if (second === 'of' && isRoleOnly(left)) continue;
    if (second === 'of' && ORG_END.test(left)) continue;
    split = o.index;
    break;
  }
  const first = split >= 0 ? body.slice(0, split) : body;
  addNames(
    splitNameList(first, base + at),
    people.participants,
    people,
    signatures
  );
  if (split >= 0) {
    const o = new RegExp(`^\\s+${second}\\s+`, 'i').exec(body.slice(split));
    const at2 = at + split + (o?.[0].length ?? 0);
    addNames(
      splitNameList(rest.slice(at2), base + at2),
      people.participants,
      people,
      signatures
    );
  }
  return people.participants.length > 0;
}

function readSession(
  rest: string,
  base: number,
  people: People,
  signatures: ReadonlySet<string>
): void {
  const body =
    /^\s*(?:from\s+|of\s+)?(?:the\s+)?(?:(?:Session|Meeting|Plenum|Sitting|Conference)\s+){0,2}(?:of\s+)?(?:the\s+)?/i.exec(
      rest
    );
  const start = body ? body[0].length : 0;
  const session =
    /^(.+?)(?=\s+(?:held\s+|convened\s+)?(?:on|about|concerning|regarding|at|in)\s|\s+(?:held|convened)\b|,|\s+\(|\s+['‘"“«„]|\s*:|\s+[-–—]\s|$)/.exec(
      rest.slice(start)
    );
  if (session?.[1] && /\p{Lu}/u.test(session[1])) {
    addNames(
      [{ text: session[1], start: base + start }],
      people.participants,
      people,
      signatures
    );
  }
  const by = /with\s+Participation\s+(?:by|of)\s+/i.exec(rest);
  if (by) {
    const after = by.index + by[0].length;
    addNames(
      splitNameList(rest.slice(after), base + after),
      people.participants,
      people,
      signatures
    );
  }
}

function addNames(
  segments: readonly Segment[],
  into: Found<string>[],
  people: People,
  signatures: ReadonlySet<string>
): void {
  for (const seg of segments) {
    const r = cleanName(seg.text, seg.start, signatures);
    if (!r || r.name.value === '') continue;
    if (
      into.some((f) => normalizeName(f.value) === normalizeName(r.name.value))
    )
      continue;
    into.push(r.name);
    if (r.alias) people.aliases.push({ alias: r.alias, name: r.name });
  }
}
