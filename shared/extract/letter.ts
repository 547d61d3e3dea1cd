/**
 * Letters and signatures. A letter is the document itself (a `letter`
 * title) or a letter quoted inside it with its own salutation (`I herewith
 * transmit a letter...` / `"Comrade STALIN Iosif Vissarionovich,`). Its
 * signature goes to `letter.signedBy`; the document's own closing
 * signature goes to `signatories`.
 */
import { findDate } from './dates.ts';
import { isClosingLine, isDateline, isDateOnly } from './frame.ts';
import { isRoleOnly, signatureName } from './people.ts';
import {
  type Found,
  fold,
  isBlank,
  type Line,
  nextNonBlank,
  prevNonBlank,
  spanIn,
  trimmedSpan,
  wordCount,
} from './text.ts';
import { DATELINE_PLACES } from './vocabulary.ts';

export interface LetterFound {
  readonly salutation: Found<string>;
  readonly signedBy: Found<string> | null;
  readonly body: Found<string> | null;
  /** Line range of the letter `[from, to]`, inclusive. */
  readonly from: number;
  readonly to: number;
  /** A letter quoted inside the document (its signature is not the document's). */
  readonly quoted: boolean;
}

const OPEN_QUOTE = /^\s*["“«„]/u;
const CLOSE_QUOTE = /["”»]\s*[.,]?\s*$/u;
const ADDRESS =
  /^(?:To\s+)?(?:(?:Dear|Respected|Esteemed|Deeply\s+respected)\s+)?(?:(?:Comrades?|Cdes?\.|Cdes|Com\.|Comr\.|Mr\.|Mrs\.|Madam|Товарищ|Уважаемый)\s+|Your\s+(?:Excellency|Majesty|Highness)\b|(?:Dear|Respected|Esteemed|(?:Deeply|Highly|Much|Most)\s+(?:respected|esteemed|honou?red))\s+)/iu;
/** A salutation standing after an address on the same line. */
const INNER_DEAR =
  /^\s*To\b[^\n]{3,160}?(?:[.,;]\s+|\s{2,})(?=(?:Dear|Respected|Esteemed|(?:Deeply|Highly|Much|Most)\s+(?:respected|esteemed|honou?red))\b)/iu;
/** A salutation proper, which wins over an address line above it. */
const DEAR =
  /^\s*["“«„]?\s*(?:Dear|Respected|Esteemed|(?:Deeply|Highly|Much|Most)\s+(?:respected|esteemed|honou?red))\b/iu;
/**
 * In a letter, an office and a name addressed with a colon or an
 * exclamation mark: `Chairman [Mao Zedong]:`, `Premier Zhou!`.
 */
const OFFICE_ADDRESS =
  /^(?:Chairman|President|Premier|Ambassador|Minister|Secretary|General|Marshal|Comrades?)\b[^:!,]{0,60}[:!]\s*$/iu;
const ABBREVIATION = /(?:\b(?:Cdes?|Com|Comr|Mr|Dr|Gen|Lt|Col)|\b\p{Lu})$/u;

/**
 * Finds the letter in body lines `[from, to)`. Unquoted address lines
 * count only for a `letter` document: a telegram that opens with an
 * address line (`Com[rade] Filippov:`) carries no letter.
 */
export function readLetter(
  text: string,
  lines: readonly Line[],
  from: number,
  to: number,
  isLetterDocument: boolean
): LetterFound | null {
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || isBlank(line) || line.text.length > 2000) continue;
    const quoted = OPEN_QUOTE.test(line.text);
    const prev = prevNonBlank(lines, i);
    const quoteAbove =
      prev !== undefined &&
      prev.index >= from &&
      OPEN_QUOTE.test(prev.text) &&
      !CLOSE_QUOTE.test(prev.text) &&
      wordCount(prev.text) <= 12;
    // A letter enclosed after the document's own close (`[handwritten:]`,
    // `* * *`, a date or number line above its `Dear ...`).
    const enclosed =
      !quoted &&
      !quoteAbove &&
      !isLetterDocument &&
      DEAR.test(line.text) &&
      enclosureStart(lines, i, from) >= 0;
    if (!quoted && !quoteAbove && !isLetterDocument && !enclosed) continue;
    // an address and its salutation on one line: `To Comrade X, Moscow.
    // Dear Iosif Vissarionovich!` (the salutation wins)
    const inner = INNER_DEAR.exec(line.text);
    let salutation = readSalutation(
      inner
        ? {
            ...line,
            text:
              ' '.repeat(inner.index + inner[0].length) +
              line.text.slice(inner.index + inner[0].length),
          }
        : line
    );
    if (!salutation) continue;
    // an enclosed letter starts with its address line (`Moscow, Kremlin.`)
    const firstLine = enclosed ? enclosureStart(lines, i, from) : i;
    // `Dear Cde.` / `I. V. Stalin`: an address cut after its honorific
    // goes on with the name on the next line.
    // So does an address with no closing mark whose name ends on the next
    // line (`DEEPLY RESPECTED Iosif` / `Vissarionovich STALIN.`).
    const cutAddress =
      /(?:\b(?:Cdes?|Com|Comr|Mr|Dr)\.|Comrades?)\s*$/i.test(line.text) ||
      (!/[,!:.]["”»]?\s*$/u.test(line.text) && DEAR.test(line.text));
    if (cutAddress) {
      const next = nextNonBlank(lines, i, 1);
      if (
        next &&
        next.index < to &&
        wordCount(next.text) <= 4 &&
        isNameLike(next.text.replace(/[,!:.]\s*$/, ''))
      ) {
        const span = {
          start: salutation.span.start,
          end: trimmedSpan(next).end,
        };
        salutation = {
          value: fold(text.slice(span.start, span.end)).replace(/[,!:.]$/, ''),
          span,
        };
        i = next.index;
      }
    }
    // An address block (`To the Ambassador ...` / `Comrade T. F. SHTYKOV`)
    // may be followed by the salutation proper (`Dear Terenty Fomich,`).
    // Or an address block of several lines (name, office, city) before
    // it: a `Dear ...` line in the block wins (RECORD.md).
    // (an address line may end with an initial's dot: `Comrade STALIN I.V.`)
    if (!/[,!:]["”»]?\s*$/u.test(line.text)) {
      let next = nextNonBlank(lines, i, 2);
      for (let k = 0; next && next.index < to && k < 4; k++) {
        const ends = /[,!:]["”»]?\s*$/u.test(next.text);
        const better =
          ends || DEAR.test(next.text) ? readSalutation(next) : null;
        if (better) {
          salutation = better;
          i = next.index;
          break;
        }
        // the block is short lines without a sentence in them
        if (wordCount(next.text) > 6 || /\p{Ll}{3,}[.!?]\s*$/u.test(next.text))
          break;
        next = nextNonBlank(lines, next.index, 4);
      }
    }
    const salutationLine = lines[i] ?? line;
    const close = enclosed
      ? findValediction(lines, i, to)
      : findClose(lines, i, to);
    const signedBy = close >= 0 ? readLetterSignature(lines, close) : null;
    const bodyFrom = salutationLine.end;
    // The body ends where the signature's line starts (valediction and all).
    const signedLine = signedBy
      ? lines.find(
          (l) => l.start <= signedBy.span.start && signedBy.span.start <= l.end
        )
      : undefined;
    const bodyTo = signedLine
      ? signedLine.start
      : close >= 0
        ? (lines[close]?.end ?? bodyFrom)
        : (lines[to - 1]?.end ?? bodyFrom);
    const raw = text.slice(bodyFrom, Math.max(bodyFrom, bodyTo));
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    return {
      salutation,
      signedBy,
      body:
        body === ''
          ? null
          : {
              value: body.slice(0, 20_000),
              span: {
                start: bodyFrom + lead,
                end: bodyFrom + lead + body.length,
              },
            },
      from: firstLine,
      to: close >= 0 ? close : to - 1,
      quoted: quoted || quoteAbove || enclosed,
    };
  }
  return null;
}

/**
 * An unquoted letter (the document itself) is signed by the document's
 * signature: it becomes `signedBy`, and the body stops above it.
 */
export function signedWith(
  text: string,
  lines: readonly Line[],
  letter: LetterFound,
  signature: Found<string>
): LetterFound {
  const line = lines.find(
    (l) => l.start <= signature.span.start && signature.span.start <= l.end
  );
  if (!line || !letter.body || line.start < letter.body.span.start)
    return letter;
  const raw = text.slice(letter.body.span.start, line.start);
  const body = raw.trimEnd();
  const valediction =
    /\n[^\n]*(?:respect|regards|sincerely|yours|greetings|submitted)[^\n]*,?\s*$/i.exec(
      body
    );
  const kept = (
    valediction ? body.slice(0, valediction.index) : body
  ).trimEnd();
  return {
    ...letter,
    signedBy: signature,
    body:
      kept === ''
        ? null
        : {
            value: kept,
            span: {
              start: letter.body.span.start,
              end: letter.body.span.start + kept.length,
            },
          },
  };
}

/** The salutation at the start of a line, without its `,` `!` `:` `.`. */
function readSalutation(line: Line): Found<string> | null {
  const t = line.text;
  const q = /^\s*["“«„]?\s*/u.exec(t);
  const start = q ? q[0].length : 0;
  const rest = t.slice(start);
  if (!ADDRESS.test(rest) && !OFFICE_ADDRESS.test(rest)) return null;
  for (let k = 0; k < rest.length && k < 120; k++) {
    const c = rest[k];
    if (c === ',' || c === '!' || c === ':') {
      // a comma-ended address must end the line
      if (c === ',' && rest.slice(k + 1).trim() !== '') return null;
      return sal(line, start, k);
    }
    if (c === '.') {
      const before = rest.slice(0, k);
      const after = rest.slice(k + 1);
      if (after.trim() === '') return sal(line, start, k);
      if (ABBREVIATION.test(before)) continue;
      if (/^\s+\p{Lu}/u.test(after)) return sal(line, start, k);
    }
  }
  if (rest.trim().length <= 80 && wordCount(rest) <= 8) {
    return sal(line, start, rest.replace(/[\s"”]+$/u, '').length);
  }
  return null;
}

function sal(line: Line, start: number, length: number): Found<string> {
  const raw = line.text.slice(start, start + length);
  const value = fold(raw);
  return { value, span: trimmedSpan(line, start, start + length) };
}

/** The line where the quoted letter closes: its signature or date line. */
function findClose(lines: readonly Line[], from: number, to: number): number {
  for (let i = from + 1; i < to; i++) {
    const line = lines[i];
    if (!line || isBlank(line)) continue;
    const t = line.folded;
    if (!CLOSE_QUOTE.test(t) || (OPEN_QUOTE.test(t) && wordCount(t) > 3))
      continue;
    if (wordCount(t) <= 8 || isDateOnly(t)) return i;
  }
  return -1;
}

/** A separator between the document and what it encloses: `* * *`. */
const SEPARATOR = /^\*(?: ?\*){2,}$/;

/**
 * Where a letter enclosed after the document's close starts, when the
 * line at `i` opens one: above it (past one short address line such as
 * `Moscow, Kremlin.`) stands a closing line, a bracketed note
 * (`[handwritten:]`) or a separator (`* * *`). Else -1.
 */
function enclosureStart(
  lines: readonly Line[],
  i: number,
  from: number
): number {
  let start = i;
  let prev = prevNonBlank(lines, i);
  for (let k = 0; prev && prev.index >= from && k < 2; k++) {
    const t = prev.folded;
    if (isClosingLine(t) || /^\[[^\]]*\]?:?$/.test(t) || SEPARATOR.test(t))
      return start;
    if (wordCount(t) > 4) return -1;
    start = prev.index;
    prev = prevNonBlank(lines, prev.index);
  }
  return -1;
}

/**
 * The signature line of an unquoted enclosed letter: the name line under
 * its valediction (`Devotedly yours,` / `Kim Il Sung`), or -1.
 */
function findValediction(
  lines: readonly Line[],
  from: number,
  to: number
): number {
  for (let i = from + 1; i < to; i++) {
    const line = lines[i];
    if (!line || isBlank(line) || !VALEDICTION.test(line.folded)) continue;
    if (line.folded.replace(VALEDICTION, '').trim() !== '') return i;
    const next = nextNonBlank(lines, i, 3);
    return next && next.index < to && isNameLike(next.folded) ? next.index : -1;
  }
  return -1;
}

const VALEDICTION =
  /^(?:Respectfully(?:\s+yours)?|(?:Devotedly|Faithfully|Sincerely|Truly|Cordially)\s+yours|With\s+(?:deep\s+|sincere\s+|best\s+)?(?:respect|regards|wishes|greetings|communist greetings|comradely greetings|fraternal greetings|socialist greetings)|(?:Best|Kind|Warm)\s+regards|Yours(?:\s+\w+)?|Sincerely|Humbly submitted)[,.]?\s*/i;

function readLetterSignature(
  lines: readonly Line[],
  close: number
): Found<string> | null {
  let line = lines[close];
  if (!line) return null;
  if (isDateOnly(line.folded)) {
    line = prevNonBlank(lines, close);
    if (!line) return null;
  }
  return signatureOf(line);
}

/**
 * A signature line's name: valediction, number and date around it dropped
 * (`Respectfully, KIM IL SUNG"`, `Nº 274 KOVALEV, 11 November`,
 * `5.XI.62 A. DOBRYNIN`, `/signature/ KALASHNIKOV`).
 */
export function signatureOf(
  line: Line
): (Found<string> & { written: string }) | null {
  let t = line.text;
  let at = 0;
  const cut = (re: RegExp) => {
    const m = re.exec(t.slice(at));
    if (m) at += m[0].length;
  };
  cut(/^\s*/);
  cut(VALEDICTION);
  cut(SIGNED_MARK);
  // an office before the signature mark or a dash: `Ambassador [signature]
  // (V. Ivanov)`, `General-Major - YEGNAROV`
  const office =
    /^(.{2,80}?)\s*(?:\[signature\]|\s[-–]\s|\s{3,}|\t|:|\s(?=\/[^/]+\/\s*$))\s*/iu.exec(
      t.slice(at)
    );
  if (office?.[1] && (isRoleOnly(office[1]) || RANK_ONLY.test(office[1])))
    at += office[0].length;
  cut(/^\[signature\]\s*/i);
  cut(/^(?:No\.?|Nº|N°)\s*\d[\w/.-]*\s+/);
  const d = findDate(t.slice(at), { year: 1950, month: 6, day: 15 });
  if (d && d.index === 0 && /^\S+\s+\p{Lu}/u.test(t.slice(at))) at += d.length;
  cut(/^\s*/);
  t = t.slice(0, line.text.length);
  let end = t.length;
  // a date after the name: `KOVALEV, 11 November`, `V. Molotov 12.III.53`
  const tailDate =
    /,\s*\d{1,2}\s+\p{L}+\.?\s*$/u.exec(t.slice(at)) ??
    /,?\s+\d{1,2}\s?[./]\s?(?:[IVX]{1,4}|\d{1,2})\s?[./]\s?(?:\d{4}|\d{2})\.?\s*$/u.exec(
      t.slice(at)
    );
  if (tailDate) end = at + tailDate.index;
  let name = t
    .slice(at, end)
    .replace(SIGNED_AFTER, '')
    .replace(/["”»“]+\s*[.,]?\s*$/u, '');
  name = name.replace(/[\s.,]+$/u, '');
  // a name between slashes: `/Ivanov/`
  const slashed = /^\/([^/]+)\/$/u.exec(name);
  if (slashed?.[1]) {
    at += 1;
    name = slashed[1];
  }
  // a name in parentheses under or after an office: `(A. Gromyko)`
  const paren = /^\(([^()]+)\)$/u.exec(name);
  if (paren?.[1]) {
    at += 1;
    name = paren[1];
  }
  if (!isNameLike(name)) return null;
  const found = signatureName(name, line.start + at);
  if (!found) return null;
  return { ...found, written: name.replace(/\s*\[[^\]]*\]\s*/g, ' ').trim() };
}

const NOT_NAME = new Set([
  'secret',
  'top',
  'urgent',
  'priority',
  'special',
  'copy',
  'cable',
  'telegram',
  'memorandum',
  'strictly',
  'extremely',
  'molniya',
  'document',
  'information',
  'source',
  'rights',
  'ciphered',
  'note',
  'record',
  'attachment',
  'decision',
  'file',
  'report',
  'minutes',
]);

/** Military and police ranks alone (`General-Major`, `Lt. Col.`). */
const RANK_ONLY =
  /^(?:General|Lieutenant|Lt\.?|Major|Colonel|Col\.?|Captain|Marshal|Admiral|Commissar|Rear|Vice|Senior|Junior)(?:[ .-]{1,3}(?:General|Lieutenant|Lt\.?|Major|Colonel|Col\.?|Captain|Marshal|Admiral|Commissar|Rear|Vice|Senior|Junior)){0,3}\.?$/i;

/**
 * Marks that say the line is a signature: `/signature/`, `Signed:`, `/-/`
 * (Polish and Hungarian copies: the signature stood here), `/s/`.
 */
const SIGNED_MARK =
  /^(?:(?:Original\s+)?signed\s+by:?|\/signature\/|\/-\/|\(-\)|\/s\/|\[signed\]|\(signed\)|\(signature\)|Signed:?|Sgd\.|Signature:|gez\.|ss[./])\s*/i;
/**
 * A telegram's closing line of sender and number between dashes (Hungarian
 * cables: `– Monori – 423 –`): the name is the signature.
 */
const DASHED_SIGNATURE =
  /^\s*[–-]\s*(\p{Lu}[\p{L}'’.-]*(?:\s\p{Lu}[\p{L}'’.-]*)?)\s*[–-]\s*\d{1,6}(?:\s?\p{Lu}\.)?\s*[–-]\s*$/u;

/**
 * Marks after a signed name, by the languages of the copies: `s.k.`
 * (Hungarian saját kezűleg, in his own hand), `v.r.` (Czech and Slovak
 * vlastní rukou), `m.p.` (Latin manu propria), `/signature/`, `[signature]`.
 */
const SIGNED_AFTER =
  /\s*(?:\bs\.\s?k\.?|\bsk\.|\bv\.\s?r\.?|\bm\.\s?p\.?|\/signature\/|\[signature\])\s*$/i;

/** A short line of capitalised words (with initials, brackets). */
export function isNameLike(s: string): boolean {
  const t = fold(s);
  if (/^(?:\p{Lu}\. ?){0,2}(?:\p{Lu} ){2,}\p{Lu}$/u.test(t)) return true;
  // a name is more than a letter or two (`Au` is a word cut off by the page end)
  if ((t.match(/\p{L}/gu) ?? []).length < 3) return false;
  if (
    t === '' ||
    t.length > 60 ||
    t.includes(':') ||
    /\d/.test(t.replace(/\[[^\]]*\]/g, ''))
  )
    return false;
  if (/[:;!?]$/.test(t) || /^(?:To|to)\s/.test(t)) return false;
  const words = t
    .replace(/\[[^\]]*\]/g, ' ')
    .trim()
    .split(/\s+/);
  if (words.length === 0 || words.length > 6) return false;
  if (/^(?:Cdes?\.|Comrade)/i.test(t)) return false;
  let capitalised = 0;
  for (const w of words) {
    if (w === '') continue;
    if (NOT_NAME.has(w.toLowerCase().replace(/[^\p{L}]/gu, ''))) return false;
    if (/^\p{Lu}/u.test(w)) capitalised++;
    else if (!/^(?:in|of|de|van|von|al|el)$/.test(w)) return false;
  }
  return capitalised > 0;
}

/**
 * The document's own signatures in body lines `[from, to)`: a name line
 * followed by the closing block (number, date, copies, summary), after the
 * first paragraph of prose, outside the quoted letter.
 */
export function readSignatures(
  lines: readonly Line[],
  from: number,
  to: number,
  firstProse: number,
  exclude: (i: number) => boolean,
  /** The page was cut off: its last line may be a word cut in two (`Discre`). */
  cutOff = false
): (Found<string> & { written: string })[] {
  const out: (Found<string> & { written: string })[] = [];
  const last = prevNonBlank(lines, lines.length)?.index ?? -1;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || isBlank(line) || exclude(i) || line.text.length > 200)
      continue;
    const t = line.folded;
    const add = (s: (Found<string> & { written: string }) | null) => {
      if (s && !out.some((o) => o.value === s.value)) out.push(s);
    };
    const dashed = DASHED_SIGNATURE.exec(line.text);
    if (dashed?.[1]) {
      const at = line.text.indexOf(dashed[1]);
      add(signatureOf({ ...line, text: ' '.repeat(at) + dashed[1] }));
      continue;
    }
    // two signers on one line: `A. Gromyko / V. Zorin`, `SHTYKOV, VASILIEV`
    const signAll = () => {
      const parts = signerParts(line);
      if (parts.length === 1) {
        add(signatureOf(line));
        return;
      }
      for (const p of parts) if (!isOfficeLine(p.text)) add(signatureOf(p));
    };
    if (SIGNED_MARK.test(t) || SIGNED_AFTER.test(t)) {
      signAll();
      continue;
    }
    if (i <= firstProse || isPlace(t) || isDateline(t) || isDateOnly(t))
      continue;
    // a section heading (`II. Agriculture.`) is no signer
    if (/^[IVXL]{2,5}\.\s/.test(t)) continue;
    // an office alone is not a signature (`Head of Department` under one)
    if (isOfficeLine(t) && !/\[signature\]|\(|\/\S/i.test(t)) continue;
    if (cutOff && i === last) continue;
    // a name in parentheses under the signer's office: `Ambassador of the
    // USSR in the DPRK` / `(V. Ivanov)`
    const above = prevNonBlank(lines, i);
    const underOffice =
      /^\([^()]+\)$/.test(t) &&
      above !== undefined &&
      above.index > firstProse &&
      isRoleOnly(above.folded);
    if (!underOffice && !closesBelow(lines, i, to, exclude)) continue;
    signAll();
  }
  return out;
}

/**
 * A line of offices only: `Head of Department`, `Chargé d'Affaires a.i. /
 * Second Secretary` (two signers' offices; `a.i.`, ad interim, is part of
 * an office).
 */
function isOfficeLine(t: string): boolean {
  return t
    .split(/\s+\/\s+/)
    .every((o) =>
      isRoleOnly(o.replace(/\s*\ba\.\s?i\.|\s*\bad interim\b/gi, '').trim())
    );
}

/**
 * The parts of a line that names two signers, each as a line of its own
 * (same offsets): split at ` / `, or at `, ` between two names in capitals
 * (`SHTYKOV, VASILIEV`). One part when the line names one signer.
 */
function signerParts(line: Line): Line[] {
  const t = line.text;
  const slash = /\s+\/\s+/g;
  const comma =
    /^\s*(\p{Lu}{2,}(?:\s\p{Lu}{2,})?),\s*(\p{Lu}{2,}(?:\s\p{Lu}{2,})?)\s*$/u;
  const cuts: number[] = [];
  for (const m of t.matchAll(slash)) cuts.push(m.index, m.index + m[0].length);
  const c = comma.exec(t);
  if (cuts.length === 0 && c?.[1] && c[2]) {
    const at = t.indexOf(',');
    cuts.push(at, at + 1);
  }
  if (cuts.length === 0) return [line];
  const out: Line[] = [];
  const bounds = [0, ...cuts, t.length];
  for (let k = 0; k + 1 < bounds.length; k += 2) {
    const a = bounds[k] ?? 0;
    const b = bounds[k + 1] ?? t.length;
    out.push({ ...line, text: ' '.repeat(a) + t.slice(a, b) });
  }
  return out;
}

/**
 * True when what follows line `i` closes the document: the end of the
 * body, a closing line (number, date, copies, typist), or the signer's
 * office on its own line above one (`Szabó Ferenc` / `Head of Department`).
 */
function closesBelow(
  lines: readonly Line[],
  i: number,
  to: number,
  exclude: (i: number) => boolean
): boolean {
  let next = nextNonBlank(lines, i);
  for (let k = 0; k < 3; k++) {
    if (!next || next.index >= to || exclude(next.index)) return true;
    if (isClosingLine(next.folded)) return true;
    // the signer's office, maybe over two lines (`Chairman of the Cabinet
    // of Ministers` / `of the Democratic People's Republic of Korea`)
    const office =
      isOfficeLine(next.folded) ||
      (k > 0 && /^of\s+(?:the\s+)?\p{Lu}/u.test(next.folded));
    if (!office || next.text.length > 120) return false;
    next = nextNonBlank(lines, next.index);
  }
  return false;
}

/** A line that is only a place written as a dateline (`Pyongyang`). */
function isPlace(t: string): boolean {
  return DATELINE_PLACES.has(
    t
      .replace(/[.,]+$/, '')
      .trim()
      .toLowerCase()
  );
}

/** `I support KIM IL SUNG'S request.` */
export function readEndorsements(
  lines: readonly Line[],
  from: number,
  to: number
): Found<string>[] {
  const out: Found<string>[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 500) continue;
    const m =
      /^\s*I\s+(?:fully\s+|also\s+)?(?:support|endorse|concur\s+with)\b.*$/i.exec(
        line.text
      );
    if (m) out.push({ value: fold(m[0]), span: trimmedSpan(line) });
  }
  return out;
}

/** Index of the first prose line: a sentence of several lower-case words. */
export function firstProseLine(
  lines: readonly Line[],
  from: number,
  to: number
): number {
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 20_000) continue;
    const words = line.folded.split(' ');
    // a cable typed in capitals has no lower-case words: count its words
    const capitals = !/\p{Ll}/u.test(line.folded);
    const lower = capitals
      ? words.length
      : words.filter((w) => /^\p{Ll}/u.test(w)).length;
    // a heading's line (`with the First Secretary of the CC SED`) is short
    // and ends without a sentence's mark
    const sentence = words.length >= 12 || /[.!?:;,"”]$/u.test(line.folded);
    if (words.length >= 8 && lower >= 4 && sentence) return i;
  }
  return to;
}

export { spanIn };
