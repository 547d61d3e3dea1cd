/**
 * The title line: document type from its leading words, and the people it
 * names (authors, recipients, intermediaries, participants), plus a
 * telegram number written in it (`Ciphered Telegram No. 100319, ...`).
 */
import type { DocumentType } from '#shared/schema/record.ts';
import { MONTH_NAMES } from './dates.ts';
import {
  cleanName,
  type NameResult,
  nameKey,
  type Segment,
  splitNameList,
} from './people.ts';
import type { Found } from './text.ts';

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

/** Leading words → type; the first match wins. `rest` starts after them. */
const TYPES: ReadonlyArray<readonly [RegExp, DocumentType]> = [
  [
    new RegExp(
      `^${ORDINAL}(?:Record|Memorandum|Memo|Minutes|Notes?|Summary|Report|Transcript)\\s+(?:of|on)\\s+(?:an?\\s+|the\\s+)?${ORDINAL}(?:Conversations?|Talks?|Meetings?|Discussions?)\\b`,
      'i'
    ),
    'conversation',
  ],
  [
    /^Record\s+of\s+(?=.{1,80}?['’]s\s+(?:Talks?|Conversations?|Meetings?)\b)/i,
    'conversation',
  ],
  [new RegExp(`^${ORDINAL}(?:Conversations?|Talks?)\\b`, 'i'), 'conversation'],
  [/^Telephone\s+Message(?:\s+via\s+\S+?(?=,|\s|$))?/i, 'other'],
  [
    /^(?:(?:Ciphered|Coded|Outgoing|Incoming|Urgent)\s+){0,3}(?:Cable\s+Telegram|Telegram|Cable|Cablegram|Radiogram|Code\s+Message)\b/i,
    'telegram',
  ],
  [/^(?:Untitled\s+)?(?:Report|Information)\b/i, 'report'],
  [
    /^(?:Working\s+Notes|Minutes|Protocol|Session|Resolution|Decision)\b/i,
    'minutes',
  ],
  [/^(?:Journal|Diary)\b/i, 'diary'],
  [/^(?:Untitled\s+)?(?:Memorandum|Memo|Notes?|Comments?)\b/i, 'memorandum'],
  [/^Letter\b/i, 'letter'],
  [/^Speech\b/i, 'speech'],
];

const TITLE_NUMBER = /(?:\bNo\.?|\bNº|N°|#)\s*:?\s*(\d[\w./-]*\w)/i;

/** The document type a title's leading words give. */
export function titleType(title: string): DocumentType {
  const t = title.trimStart();
  return TYPES.find(([re]) => re.test(t))?.[1] ?? 'other';
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
  for (const m of title.matchAll(/[[(]via\s+([^\])]+)[\])]/gi)) {
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
  if (quoted && !TYPES.some(([re]) => re.test(s.trimStart()))) {
    authorLead = cleanName(quoted[1] ?? '', base);
    s = blank(s, 0, quoted[0].length - 1);
    s = s.replace(/^\s*['‘"“]/u, (m) => ' '.repeat(m.length));
  }
  const lead =
    /^\s*(?:(?:Excerpts?|Extract)\s+(?:from|of)\s+(?:the\s+)?)?/i.exec(s)?.[0]
      .length ?? 0;
  let documentType: DocumentType = 'other';
  let restAt = lead;
  for (const [re, type] of TYPES) {
    const m = re.exec(s.slice(lead));
    if (m) {
      documentType = type;
      restAt = lead + m[0].length;
      break;
    }
  }
  const rest = s.slice(restAt);
  const restBase = base + restAt;
  const people = emptyPeople();
  if (authorLead) {
    people.authors.push(authorLead.name);
  } else if (documentType === 'conversation') {
    readParticipants(rest, restBase, people, signatures);
  } else if (documentType === 'minutes') {
    readSession(rest, restBase, people, signatures);
  } else if (restAt === lead) {
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

/** Separating ` to `: not the one in an office (`Ambassador to Cuba`). */
function findTo(s: string): number {
  for (const m of s.matchAll(/\s+to\s+/gi)) {
    const before = s.slice(0, m.index);
    if (
      /\b(?:Ambassador|Representative|Envoy|Delegate|Consul|Minister|Advis[eo]rs?|Attach[eé])$/i.test(
        before
      )
    )
      continue;
    if (/^\S*$/.test(before.trim())) {
      // `from X to Y` where X is one word is fine; nothing to skip.
    }
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
  const intro = /^\s*(?:,\s*|(?:from|of|by)\s+)/i.exec(rest);
  if (!intro) return;
  let body = rest.slice(intro[0].length);
  let at = base + intro[0].length;
  // Diaries: `Journal of X for 7 February 1960`; messages: `from X on ...`
  const cut = new RegExp(
    `\\s+(?:for|on)\\s+(?:the\\s+)?(?:\\d|(?:${MONTH_NAMES})\\b|period\\b).*$|\\s+on\\s+\\p{Lu}.*$|\\s+at\\s+(?:the|a|an)\\s.*$`,
    'iu'
  ).exec(body);
  if (cut) body = body.slice(0, cut.index);
  const lead = /^\s*/.exec(body)?.[0].length ?? 0;
  body = body.slice(lead);
  at += lead;
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

function readParticipants(
  rest: string,
  base: number,
  people: People,
  signatures: ReadonlySet<string>
): void {
  const possessive =
    /^\s*(.{1,60}?)['’]s\s+(?:Talks?|Conversations?|Meetings?)\s+with\s+/iu.exec(
      rest
    );
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
  if (!withAt) return;
  const left = /^\s*(?:,\s*|of\s+|by\s+)(.+)$/i.exec(
    rest.slice(0, withAt.index)
  );
  if (left?.[1]) {
    const at = rest.indexOf(left[1]);
    addNames(
      [{ text: left[1], start: base + at }],
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

function readSession(
  rest: string,
  base: number,
  people: People,
  signatures: ReadonlySet<string>
): void {
  const body =
    /^\s*(?:from\s+|of\s+)?(?:the\s+)?(?:(?:Session|Meeting|Plenum|Sitting|Conference)\s+)?(?:of\s+)?(?:the\s+)?/i.exec(
      rest
    );
  const start = body ? body[0].length : 0;
  const session =
    /^(.+?)(?=\s+(?:on|about|concerning|regarding|at)\s|,|\s+\(|$)/.exec(
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
    if (into.some((f) => nameKey(f.value) === nameKey(r.name.value))) continue;
    into.push(r.name);
    if (r.alias) people.aliases.push({ alias: r.alias, name: r.name });
  }
}
