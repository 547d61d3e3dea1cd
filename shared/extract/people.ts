/**
 * Names as the archive writes them: honorifics and offices dropped
 * (`Soviet Ambassador to Cuba A.I. Alekseev` → `A.I. Alekseev`), code names
 * resolved only through the page's own bracketed identifications
 * (`Filippov [Stalin]` → `Stalin`), editorial insertions left out of names
 * (`Liu [Shaoqi]` → `Liu`, `[Chinese] Embassy in [North] Korea`).
 */
import type { Span } from '#shared/schema/record.ts';
import { MONTH_NAMES } from './dates.ts';
import { normalizeName, withoutDescriptor } from './names.ts';
import { type Found, fold, isAllCaps, titleCase } from './text.ts';
import {
  alternation,
  BODY_ACRONYMS,
  BODY_NAME_WORDS,
  CODE_NAMES,
  DATELINE_PLACES,
  FAMILY_NAME_FIRST,
  HONORIFIC_WORDS,
  LEADING_OFFICE_WORDS,
  NATIONALITY_WORDS,
  NON_PERSON_ENTRY_WORDS,
  OFFICE_DOMAIN_WORDS,
  OFFICE_WORDS,
  ORGANISATION_WORDS,
  PLACE_PREFIX_WORDS,
  RANK_WORDS,
  SUBJECT_WORDS,
  TITLE_ONLY_WORDS,
  VENUE_WORDS,
} from './vocabulary.ts';

const HONORIFIC = new RegExp(
  `^(?:the\\s+)?(?:${alternation(HONORIFIC_WORDS)}|${alternation(RANK_WORDS)})\\s+(?=\\S)`,
  'i'
);

const ROLE_WORD = new RegExp(`\\b(?:${alternation(OFFICE_WORDS)})s?\\b`, 'i');

const ORG_WORD = new RegExp(
  `\\b(?:${alternation(ORGANISATION_WORDS)})\\b`,
  'i'
);

/** An envoy's office: `Soviet Ambassador` is a person's office, not a body. */
const ENVOY = new RegExp(
  `^(?:${alternation(NATIONALITY_WORDS)})?\\s*(?:Ambassador|Representative|Envoy|Diplomat)\\b`,
  'i'
);

/** Leading office words: `Soviet Ambassador`, `General Secretary`, plurals. */
const ROLE_PHRASE = new RegExp(
  `^(?:[\\p{Lu}\\d][\\p{L}\\d.’']*\\s+){0,3}?(?:(?:${alternation(LEADING_OFFICE_WORDS.map(eitherCase))})s?\\b\\s*)+`,
  'u'
);

/**
 * An office word as translations write it in running titles, capitalised
 * or not (`the Harbour ambassador Lind`): its first letter in either case.
 */
function eitherCase(word: string): string {
  const c = word[0] ?? '';
  return /\p{L}/u.test(c)
    ? `[${c.toUpperCase()}${c.toLowerCase()}]${word.slice(1)}`
    : word;
}

/** The place after an office: `to the USA`, `in North Korea`. */
const OFFICE_PLACE = new RegExp(
  `^(?:to|in|at|for)\\s+(?:the\\s+)?(?:(?:${alternation(PLACE_PREFIX_WORDS)})\\s+)?\\S+\\s*`,
  'i'
);

/** An identification read from the page: alias → the person it names. */
export interface AliasFound {
  readonly alias: string;
  readonly name: Found<string>;
}

export interface NameResult {
  readonly name: Found<string>;
  readonly kind: 'person' | 'org' | 'role';
  readonly alias: string | null;
}

/** Names as comparison keys: the one normalizer (names.ts). */
export const nameKey = normalizeName;

/** True when `alias` is one of the archive's known code names. */
export function isCodeName(alias: string): boolean {
  return CODE_NAMES.has(normalizeName(alias));
}

interface Piece {
  text: string;
  start: number; // offset in the page
}

/**
 * Cleans one name segment of a title or a signature. `base` is the page
 * offset of `raw`. Returns null when nothing name-like remains.
 */
export function cleanName(
  raw: string,
  base: number,
  signatures: ReadonlySet<string> = new Set()
): NameResult | null {
  let piece: Piece = trim({ text: raw, start: base });
  piece = stripTrailing(piece, /[\s.,;:!]+$/);
  if (piece.text === '') return null;

  // Identification in brackets: `X [Y]`, `X (Y)`, `X [A; Y]`.
  const ident = /^([^[\]()]*?)\s*[[(]([^[\]()]+)[\])]\s*\.?$/u.exec(piece.text);
  if (ident) {
    const outside = ident[1] ?? '';
    const inside = ident[2] ?? '';
    const outsideName = stripHonorifics(outside).trim();
    const parts = inside.split(';');
    // `[i.e. Stalin]`: the words that say it is an identification
    const last = (parts[parts.length - 1] ?? '')
      .trim()
      .replace(/^(?:i\.\s?e\.|that\s+is),?\s+/i, '');
    // `[signed by X]`, `[sic]`: an editorial note, not an identification
    const note = /^\s*\p{Ll}/u.test(inside) && !/^\s*i\.\s?e\./i.test(inside);
    // `the Brazilian Embassy in Washington (Campos)`: the body's envoy
    const envoy = isOrganisation(outsideName) && isPersonName(last);
    const insideStart =
      piece.start + piece.text.lastIndexOf(last, piece.text.length);
    // A bracket naming the page's own signer is the alias the document was
    // signed with (`Stalin [Kuznetsov]` signed `Kuznetsov`).
    const identifies =
      !note &&
      !/^\d+$/.test(inside.trim()) &&
      /\p{Lu}/u.test(last) &&
      !signatures.has(normalizeName(last)) &&
      (outsideName === '' ||
        parts.length > 1 ||
        isCodeName(outsideName) ||
        envoy ||
        TITLE_ONLY_WORDS.has(normalizeName(outsideName)) ||
        last.split(/\s+/).length > 1);
    if (identifies) {
      return {
        name: {
          value: fold(last),
          span: { start: insideStart, end: insideStart + last.length },
        },
        kind: 'person',
        alias: outsideName === '' || envoy ? null : fold(outsideName),
      };
    }
  }

  // Editorial insertions `[...]` and numbered notes `(1)` are not part of names.
  const leading = /^\s*\[[^\]]*\]\s*/.exec(piece.text);
  if (leading)
    piece = {
      text: piece.text.slice(leading[0].length),
      start: piece.start + leading[0].length,
    };
  // `Spasowski (Warsaw) [Ciphergram No. ...]`: each closing bracket in turn
  // (a lower-case letter in brackets glued to an acronym is the name's own:
  // the party `VKP(b)`, `KP(b)U`, no insertion nor identification)
  for (let i = 0; i < 3 && !PARTY_ACRONYM_END.test(piece.text); i++)
    piece = stripTrailing(piece, /\s*(?:\[[^\]]*\]|\([^)]*\))\s*\.?$/);
  piece = stripTrailing(piece, /[\s.,;:!]+$/);
  if (piece.text === '') return null;
  piece = stripVenue(piece);

  // `Minister of National Defense Choe Hyon Gun` → `Choe Hyon Gun`
  const named = nameAfterOffice(piece);
  if (named) return result(stripLeading(named, HONORIFIC), 'person');

  const org = ORG_WORD.test(piece.text);
  // `the Romanian Embassy` → `Romanian Embassy`
  const the = /^the\s+/i.exec(piece.text);
  if (the)
    piece = {
      text: piece.text.slice(the[0].length),
      start: piece.start + the[0].length,
    };
  if (org && !ENVOY.test(piece.text)) {
    return result(piece, 'org');
  }

  // `Soviet Ambassador to the USA Dobrynin` → `Dobrynin`; a line in
  // capitals is read in its words' usual case (`MINISTER OF TRADE`)
  const role = ROLE_PHRASE.exec(
    /\p{Ll}/u.test(piece.text) ? piece.text : usualCase(piece.text)
  );
  if (role) {
    let rest = piece.text.slice(role[0].length);
    let offset = role[0].length;
    const prep = OFFICE_PLACE.exec(rest);
    if (prep) {
      rest = rest.slice(prep[0].length);
      offset += prep[0].length;
    }
    if (/^\p{Lu}/u.test(rest) && !/^of\b/i.test(rest)) {
      piece = { text: rest, start: piece.start + offset };
    } else if (rest === '' || /^of\b/i.test(rest)) {
      return result(piece, 'role');
    }
  }

  piece = stripLeading(piece, HONORIFIC);
  // `Aleksei Ignatieff in Pyongyang` → `Aleksei Ignatieff`
  piece = stripTrailing(piece, /\s+(?:in|at|from|for|on)\s+.*$/);
  piece = stripTrailing(piece, /[\s.,;:!]+$/);
  if (piece.text === '' || !/\p{Lu}/u.test(piece.text)) return null;
  return result(piece, 'person');
}

/** A person's bare name: capitalised words or initials, at most four. */
const BARE_NAME =
  /^(?:\p{Lu}[\p{L}'’-]*|(?:\p{Lu}\.\s?){1,3})(?:\s+(?:\p{Lu}[\p{L}'’-]*|(?:\p{Lu}\.\s?){1,3})){0,3}$/u;

/**
 * A person's name with the place of the talk after it (RECORD.md: a body
 * named with `in` is a venue): `Comrade Le Duc in the Central Committee
 * building`, `Mr. Ortiz at the Foreign Ministry` → the name. Only after a
 * bare name (an office or a body goes on with its place: `Soviet
 * Ambassador in Hanoi Puzanov`, `the Embassy in Hanoi`).
 */
function stripVenue(p: Piece): Piece {
  const m = /\s+(?:in|at)\s+(?=the\s|\p{Lu})/u.exec(p.text);
  if (!m) return p;
  const head = stripHonorifics(p.text.slice(0, m.index));
  if (
    !BARE_NAME.test(head) ||
    ORG_WORD.test(head) ||
    ROLE_PHRASE.test(head) ||
    ROLE_WORD.test(head)
  )
    return p;
  return { text: p.text.slice(0, m.index), start: p.start };
}

/** An office with its body before a name: `Minister of Trade of the USSR`. */
const OFFICE_OF = new RegExp(
  `^(?:the\\s+)?(?:[\\p{L}\\d.’'-]+\\s+){0,3}?(?:${alternation(LEADING_OFFICE_WORDS)})s?\\s+of\\s+`,
  'iu'
);
/** An acronym ending a body: `USSR`, `DPRK`, `CC`, `KWP`. */
const ACRONYM = /^[\p{Lu}\d]{2,6}$/u;
/** Words that join an office phrase, in any case (`OF`, `The`). */
const CONNECTOR = /^(?:of|the|and|to|in|for|at)$/i;
/** A capitalised word of a name, or an initial (`A.A.`, `N.`). */
const NAME_WORD = /^(?:\p{Lu}[\p{L}'’-]*|(?:\p{Lu}\.\s?){1,3})$/u;

/**
 * The name after an office phrase that names its body (`Minister of
 * National Defense Choe Hyon Gun`, `First Secretary of the CC of the BCP
 * Todor Zhivkov`, `MINISTER OF FOREIGN AFFAIRS OF THE USSR A.A. GROMYKO`):
 * the run of capitalised words after the last word that ends a body (a
 * portfolio or state word, an organisation word, an acronym). Null when the
 * phrase is only an office (`Minister of Foreign Affairs`) or where the
 * body's end cannot be told (`Minister of Fisheries Pak`).
 */
function nameAfterOffice(p: Piece): Piece | null {
  const m = OFFICE_OF.exec(p.text);
  if (!m) return null;
  const caps = !/\p{Ll}/u.test(p.text);
  const words = [...p.text.slice(m[0].length).matchAll(/\S+/g)];
  // an acronym ends a body where it is a known one, or where the name
  // after it is not in capitals too (`of the KWP CC Kim Il Sung`)
  const endsBody = (w: string, next: string | undefined) => {
    const bare = w.replace(/[’']s$|[,.;:]+$/u, '');
    return (
      OFFICE_DOMAIN_WORDS.has(bare.toLowerCase()) ||
      BODY_ACRONYMS.has(bare) ||
      ORG_WORD.test(bare) ||
      (!caps &&
        ACRONYM.test(bare) &&
        next !== undefined &&
        /\p{Ll}/u.test(next))
    );
  };
  const word = (i: number) => words[i]?.[0];
  let first = words.length;
  while (first > 0) {
    const w = word(first - 1) ?? '';
    if (endsBody(w, word(first)) || !NAME_WORD.test(w) || CONNECTOR.test(w))
      break;
    first--;
  }
  // initials begin a name wherever the body ends (`of Fisheries A. Pak`)
  const initial = words.findIndex(
    (w, i) => i >= first && /^(?:\p{Lu}\.\s?){1,3}$/u.test(w[0])
  );
  if (initial >= 0 && initial > 0) first = initial;
  else {
    const before = word(first - 1) ?? '';
    if (first === words.length || first === 0 || !endsBody(before, word(first)))
      return null;
  }
  if (words.length - first > 4) return null;
  const at = m[0].length + (words[first]?.index ?? 0);
  return trim({ text: p.text.slice(at), start: p.start + at });
}

/** A party's acronym with its bracketed letter at the end: `VKP(b)`. */
const PARTY_ACRONYM_END = /\p{Lu}{2,}\(\p{Ll}{1,2}\)\.?$/u;

/** A person's name in brackets: capitalised words, not a place or body. */
function isPersonName(s: string): boolean {
  return (
    /^\p{Lu}\p{Ll}[\p{L}'’-]*(?:\s+(?:\p{Lu}\.\s?)*\p{Lu}\p{Ll}[\p{L}'’-]*){0,3}$/u.test(
      s
    ) &&
    !DATELINE_PLACES.has(s.toLowerCase()) &&
    !ORG_WORD.test(s)
  );
}

/**
 * A text in capitals in its words' usual case, keeping its length:
 * `MINISTER OF TRADE` → `Minister of Trade`.
 */
function usualCase(s: string): string {
  return s.replace(/\p{L}+/gu, (w) => {
    const lower = w.toLowerCase();
    if (lower.length !== w.length) return w;
    return CONNECTOR.test(w) ? lower : (w[0] ?? '') + lower.slice(1);
  });
}

function result(piece: Piece, kind: NameResult['kind']): NameResult {
  const value = fold(piece.text.replace(/\s*\[[^\]]*\]\s*/g, ' '));
  return {
    name: {
      value,
      span: { start: piece.start, end: piece.start + piece.text.length },
    },
    kind,
    alias: null,
  };
}

function stripHonorifics(s: string): string {
  let t = s.trim();
  for (let i = 0; i < 3; i++) {
    const m = HONORIFIC.exec(t);
    if (!m) break;
    t = t.slice(m[0].length);
  }
  return t;
}

function trim(p: Piece): Piece {
  const lead = /^\s*/.exec(p.text)?.[0].length ?? 0;
  const text = p.text.slice(lead).replace(/\s+$/, '');
  return { text, start: p.start + lead };
}

function stripLeading(p: Piece, re: RegExp): Piece {
  let piece = p;
  for (let i = 0; i < 3; i++) {
    const m = re.exec(piece.text);
    if (!m || m[0].length >= piece.text.length) break;
    piece = {
      text: piece.text.slice(m[0].length),
      start: piece.start + m[0].length,
    };
  }
  return piece;
}

function stripTrailing(p: Piece, re: RegExp): Piece {
  const m = re.exec(p.text);
  if (!m) return p;
  return { text: p.text.slice(0, m.index), start: p.start };
}

/** True when a name is a body (`Romanian Embassy in Pyongyang`). */
export function isOrganisation(name: string): boolean {
  return ORG_WORD.test(name);
}

const BODY_NAME_WORD = new RegExp(
  `(?<![\\p{L}])(?:${alternation(BODY_NAME_WORDS)})(?![\\p{L}])`,
  'u'
);
const OFFICE_NAME_WORD = new RegExp(
  `(?<![\\p{L}])(?:${alternation([...OFFICE_WORDS, ...RANK_WORDS])})s?(?![\\p{L}])`,
  'iu'
);

/**
 * Is a name, as a record writes it in a role, a person's? Not a body
 * (`Foreign Ministry`, `HSWP CC`, `Mongolian People's Republic`), a place
 * (`Pyongyang`), an office alone (`Soviet Ambassador in Beijing`), a
 * distribution entry that names no one (`file`, `Copy`, `10th department`,
 * `on file`). People listings and facet counts keep only these; search
 * finds every name.
 *
 * @example namesAPerson('Ambassador Ivanov') // true
 * @example namesAPerson('the 10th Department') // false
 */
export function namesAPerson(name: string): boolean {
  const written = name.trim();
  // an office with no name after it (`Soviet Ambassador in Beijing`)
  const trimmed = withoutDescriptor(written);
  if (trimmed === written && OFFICE_NAME_WORD.test(written)) return false;
  if (!/\p{Lu}/u.test(trimmed) || /^\d/.test(trimmed)) return false;
  const first = normalizeName(trimmed).split(' ')[0] ?? '';
  if (NON_PERSON_ENTRY_WORDS.has(first)) return false;
  if (isOrganisation(trimmed) || BODY_NAME_WORD.test(trimmed)) return false;
  if (trimmed.split(/\s+/).some((w) => BODY_ACRONYMS.has(w))) {
    // `HSWP CC`; a name in capitals (`KIM IL SUNG`) has no listed acronym
    return false;
  }
  return !DATELINE_PLACES.has(normalizeName(trimmed));
}

/**
 * A person's name as the frameless rules write it: first name or initials
 * first, title case (`STALIN I.V.` → `I.V. Stalin`, `N. S. KHRUSHCHEV` →
 * `N. S. Khrushchev`). A body keeps its case. The span stays on the name as
 * written.
 *
 * @example givenNameFirst({ value: 'STALIN, I.V.', span }) // 'I.V. Stalin'
 */
export function givenNameFirst(name: Found<string>): Found<string> {
  if (isOrganisation(name.value)) return name;
  // `STALIN Iosif Vissarionovich`, `KÁDÁR János`: the family name in
  // capitals before the given names; not where the family name comes first
  // in the language's own order (`KIM Il Sung`, `MAO Zedong`)
  const family =
    /^(\p{Lu}[\p{Lu}'’-]+),?\s+(\p{Lu}\p{Ll}[\p{L}'’-]*(?:\s+\p{Lu}\p{Ll}[\p{L}'’-]*)?)$/u.exec(
      name.value
    );
  if (
    family?.[1] &&
    family[2] &&
    !FAMILY_NAME_FIRST.has(family[1].toLowerCase())
  )
    return {
      value: `${family[2]} ${titleCase(family[1])}`,
      span: name.span,
    };
  // `STALIN I.V.`, `LIND, C. D` (a closing full stop already trimmed)
  const m = /^(\p{Lu}[\p{L}'’-]+),?\s+((?:\p{Lu}\.\s*){0,2}\p{Lu}\.?)$/u.exec(
    name.value
  );
  const initials = (m?.[2] ?? '').trim().replace(/(\p{Lu})$/u, '$1.');
  const value = m ? `${initials} ${m[1] ?? ''}` : name.value;
  return { value: titleCase(value), span: name.span };
}

/** True when a segment is only an office (`General Secretary of the KWP CC`). */
export function isRoleOnly(seg: string): boolean {
  const t = seg.trim().replace(/^the\s+/i, '');
  const role = ROLE_WORD.exec(t);
  if (!role) return false;
  const org = ORG_WORD.exec(t);
  // `1st Secretary of the Soviet Embassy`: an office in an organisation
  if (
    org &&
    org.index > role.index &&
    /\bof\b/i.test(t.slice(role.index, org.index))
  )
    return true;
  const r = cleanName(t, 0);
  return r === null || r.kind === 'role';
}

/**
 * What ends a list of names: a classification, the subject, a date, a
 * second document's type (`From the Diary of X, Record of Conversation
 * with Y`).
 */
const STOP_SEGMENT = new RegExp(
  `^(?:(?:Urgent|Top Secret|Secret|Strictly Secret|Meeting|Excerpt|${alternation(SUBJECT_WORDS)}|${MONTH_NAMES})\\b|(?:Record|Memorandum|Minutes|Notes?|Report|Transcript|Summary)\\s+(?:of|on)\\b|Conversation\\s+with\\b|Re:|No\\.|Nº|\\d|['‘"“])`,
  'i'
);

export interface Segment {
  readonly text: string;
  readonly start: number;
}

/** A venue named after the parties: `..., Voden Residence [Bulgaria]`. */
const VENUE = new RegExp(
  `\\b(?:${alternation(VENUE_WORDS)})\\b\\s*(?:\\[[^\\]]*\\]|\\([^)]*\\))?\\s*\\.?$`
);

/** `, for X`, `, attention X`, `, Attn: X`: one more addressee. */
const FOR_X =
  /^(?:for\s+(?:the\s+)?attention\s+of|attention:?|attn\.?:?|for)\s+/i;

/**
 * Splits a list of names (`A, B, and C`, `Comrades Liu [Shaoqi], Zhu [De]`,
 * `A – B`) into segments, stopping at what is not a name (`, transmitting
 * ...`, `, TOP SECRET`, a date, a venue, a phrase cut off at a line's end).
 * `, for X` and `, attention X` add X. An office is an apposition, not a
 * party, where a comma joins it to a name (`X, Polish Diplomat in ...`,
 * `the 1st Secretary of the Embassy, Comrade X`, `Ambassador to Y, X`), and
 * so are the offices and bodies that go on from it (`X, Vice President,
 * Council of State`, `X, General Secretary of A and Chairman of B`); an
 * office joined by `and` alone is a party (`Foreign Ministers of A and B`).
 */
export function splitNameList(s: string, base: number): Segment[] {
  // `A, B and C`, `A and to B`, `A or B` (either addressee), `A; B`, `A – B`
  const re =
    /\s*,\s*(?:and\s+)?|\s+and\s+(?:to\s+)?|\s+or\s+|\s*;\s*|\s+[-–—]\s+/g;
  let last = 0;
  let sep: Sep = 'start';
  const raw: ListSegment[] = [];
  for (const m of s.matchAll(re)) {
    if (insideBrackets(s, m.index)) continue;
    raw.push({ text: s.slice(last, m.index), start: base + last, sep });
    last = m.index + m[0].length;
    sep = /^\s*[,;]\s*$/.test(m[0]) ? 'comma' : 'and';
  }
  raw.push({ text: s.slice(last), start: base + last, sep });
  const out: ListSegment[] = [];
  for (const seg of raw) {
    let text = seg.text;
    let start = seg.start;
    let segSep = seg.sep;
    if (text.trim() === '') continue;
    const forX = FOR_X.exec(text);
    if (forX && out.length > 0) {
      text = text.slice(forX[0].length);
      start += forX[0].length;
      segSep = 'and';
    } else if (/^\s*\p{Ll}/u.test(text) && !/^\s*the\s/i.test(text)) {
      break;
    }
    if (out.length > 0 && /^\s*D\.?C\.?\s*$/.test(text)) {
      const prev = out.pop();
      if (prev) out.push({ ...prev, text: `${prev.text}, ${text.trim()}` });
      continue;
    }
    if (STOP_SEGMENT.test(text.trim())) break;
    // a venue alone ends the list; after a name (`B in the Party House`)
    // the name is a party and the venue is dropped from it (`cleanName`)
    if (out.length > 0 && VENUE.test(text.trim())) {
      const t = text.trim();
      if (stripVenue({ text: t, start: 0 }).text === t) break;
    }
    // `..., American Ambassador to` cut off at the end of a line
    if (out.length > 0 && /\s(?:to|of|in|and|the)\s*$/i.test(text)) break;
    out.push({ text, start, sep: segSep });
  }
  const roles = out.map((seg) => isRoleOnly(seg.text));
  const drop = out.map(() => false);
  let apposition = false;
  for (let i = 0; i < out.length; i++) {
    const seg = out[i] as ListSegment;
    const next = out[i + 1];
    if (roles[i]) {
      drop[i] =
        seg.sep === 'comma' ||
        next?.sep === 'comma' ||
        (apposition && seg.sep === 'and');
      apposition = drop[i] ?? false;
    } else if (apposition && seg.sep === 'comma' && isOrganisation(seg.text)) {
      // a body right after an office in apposition
      drop[i] = true;
    } else {
      apposition = false;
    }
  }
  const kept = out.some((_seg, i) => !drop[i] && !roles[i])
    ? out.filter((_seg, i) => !drop[i])
    : out;
  return kept.map(({ text, start }) => ({ text, start }));
}

type Sep = 'start' | 'comma' | 'and';
interface ListSegment extends Segment {
  readonly sep: Sep;
}

function insideBrackets(s: string, at: number): boolean {
  let depth = 0;
  for (let i = 0; i < at; i++) {
    const c = s[i];
    if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
  }
  return depth > 0;
}

/**
 * A signature as the contract wants it: title case, spaced letters joined
 * (`S H T Y K O V` → `Shtykov`), code names resolved only by the page's own
 * brackets.
 */
export function signatureName(raw: string, base: number): Found<string> | null {
  // `P. A B R A S I M O V`: initials before a name in spaced letters
  const initials = /^((?:\p{Lu}\.\s?){1,2})\s*((?:\p{Lu}\s){2,}\p{Lu})$/u.exec(
    raw.trim()
  );
  if (initials?.[1] && initials[2]) {
    const lead = raw.length - raw.trimStart().length;
    return {
      value: `${initials[1].replace(/\s+/g, ' ').trim()} ${titleCase(initials[2].replace(/\s+/g, ''))}`,
      span: { start: base + lead, end: base + lead + raw.trim().length },
    };
  }
  const spaced = /^(?:\p{Lu}\s){2,}\p{Lu}$/u.exec(raw.trim());
  if (spaced) {
    const lead = raw.length - raw.trimStart().length;
    const joined = raw.trim().replace(/\s+/g, '');
    return {
      value: titleCase(joined),
      span: { start: base + lead, end: base + lead + raw.trim().length },
    };
  }
  const r = cleanName(raw, base);
  if (!r) return null;
  const v = r.name.value;
  return {
    value: v.split(' ').some(isAllCaps) ? titleCase(v) : v,
    span: r.name.span,
  };
}

/** Collects `Alias [Name]` identifications written anywhere in the page. */
export function findIdentifications(text: string): AliasFound[] {
  const out: AliasFound[] = [];
  const seen = new Set<string>();
  // brackets are rare: look back from each one for the name before it
  const before = /(\p{Lu}[\p{L}]+(?:\s\p{Lu}[\p{L}]+)?)\s*$/u;
  const inside = /^[[(]([^[\]()\n]{2,40})[\])]/;
  for (const b of text.matchAll(/[[(]/g)) {
    const head = before.exec(text.slice(Math.max(0, b.index - 40), b.index));
    const body = head ? inside.exec(text.slice(b.index, b.index + 44)) : null;
    if (!head || !body) continue;
    const m = {
      1: head[1],
      2: body[1],
      index: b.index - head[0].length,
      0: `${head[0]}${body[0]}`,
    };
    const alias = m[1] ?? '';
    if (!isCodeName(alias)) continue;
    const parts = (m[2] ?? '').split(';');
    const last = (parts[parts.length - 1] ?? '').trim();
    if (!/^\p{Lu}/u.test(last)) continue;
    const at = m.index + m[0].lastIndexOf(last);
    const key = `${normalizeName(alias)}→${normalizeName(last)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      alias: titleCase(alias),
      name: {
        value: titleCase(last),
        span: { start: at, end: at + last.length } as Span,
      },
    });
  }
  return out;
}
