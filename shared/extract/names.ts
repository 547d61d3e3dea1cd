/**
 * The one name normalizer and the person key.
 *
 * `normalizeName` is the extractor's comparison key: the extractor
 * (deduplicating names, matching signatures and code names) compares names
 * through it, so `Tov. Stalin`, `Comrades Stalin`, `- Comrade X`, `Cde. X`,
 * `KIM IL SUNG`, `Kim Il-sung` and `Kim  Il Sung.` meet. Its output is
 * pinned by the extractor's digests: it does not change.
 *
 * `personKey` is the person search's key, shared by the store's person
 * index and the query: on top of the same clean-up it reads the spelling
 * systems a person's name comes in, so `Mao Tse-tung` / `MAO ZEDONG`,
 * `Chou En-lai` / `Чжоу Эньлай`, `Kim Il-sung` / `KIM IL SUNG`,
 * `Joseph Stalin` / `STALIN I.V.` / `Iosif Vissarionovich Stalin`,
 * `Вышинский` / `Vyshinskii` meet (see personKey for the rules, and
 * name-variants.ts for every table with its source). `parseNameQuery`,
 * `matchesPersonKey`, `lookupParts` and `personKeyParts` search by any part
 * of a name; `groupPersonKeys` and `displayName` list people. All pure;
 * tables are compiled once at load.
 */
import {
  CHINESE_SURNAMES,
  CYRILLIC_SOFT_SIGN,
  CYRILLIC_TO_LATIN,
  CYRILLIC_YE_AFTER,
  GIVEN_NAME_GROUPS,
  GIVEN_NAMES,
  KOREAN_SURNAMES,
  KOREAN_SYLLABLE,
  LATIN_EXTRA_LETTERS,
  MAX_PERSON_WORDS,
  MULTI_LETTER_INITIALS,
  NON_PERSON_WORDS,
  PALLADIUS_EXCEPTIONS,
  PALLADIUS_FINALS,
  PALLADIUS_INITIALS,
  PALLADIUS_WHOLE,
  PATRONYMIC_ENDINGS,
  PINYIN_SYLLABLES,
  RUSSIAN_FOLDS,
  VIETNAMESE_SURNAMES,
  VIETNAMESE_SYLLABLE,
  WADE_GILES_ASPIRATED_INITIALS,
  WADE_GILES_TO_PINYIN,
  WADE_GILES_VARIANTS,
} from './name-variants.ts';
import {
  alternation,
  HONORIFIC_WORDS,
  OFFICE_WORDS,
  RANK_WORDS,
} from './vocabulary.ts';

/** Leading list marks and forms of address (repeated: `Cdes. Comrade X`). */
const LEADING = new RegExp(
  `^[\\s\\-–—•·*]*(?:(?:${alternation(HONORIFIC_WORDS)})(?:(?<=[.\\]])|(?![\\p{L}]))[\\s\\-–—•·*]*){0,3}`,
  'iu'
);

/**
 * A name as a comparison key: forms of address and list marks dropped,
 * lower case, accents removed, apostrophes dropped, other punctuation
 * turned into spaces, spaces folded. A name that is only a form of address
 * keeps it (`Comrade` → `comrade`).
 *
 * @param name a name as written
 * @example normalizeName('Tov. Stalin') // 'stalin'
 * @example normalizeName("KIM IL SUNG'S") // 'kim il sungs'
 * @example normalizeName('Günter  Schabowski.') // 'gunter schabowski'
 */
export function normalizeName(name: string): string {
  const bare = name.replace(LEADING, '');
  return (bare.trim() === '' ? name : bare)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['\u2019\u02bc`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------------------
// The person key. Tables come from name-variants.ts and are compiled once,
// at module load, into the maps below (bounded: nothing grows per call).
// ---------------------------------------------------------------------------

/** Aspirated Wade–Giles initials, longest first (`ch'` before `k'`). */
const ASPIRATED_INITIALS = [...WADE_GILES_ASPIRATED_INITIALS].sort(
  (a, b) => b.length - a.length
);
/** At most this many readings of one query (ambiguity multiplies them). */
const MAX_READINGS = 16;
/** Chinese and Korean given names: at most this many syllables. */
const MAX_GIVEN_SYLLABLES = 3;

/** `a b, c d` table lines → pairs; a malformed entry is a data error. */
function pairsOf(lines: readonly string[], table: string): [string, string][] {
  return lines
    .flatMap((line) => line.split(', '))
    .map((entry) => {
      const [from, to, extra] = entry.split(' ');
      if (!from || to === undefined || extra !== undefined)
        throw new Error(`name-variants ${table}: bad entry "${entry}"`);
      return [from, to];
    });
}

const words = (s: string) => s.split(' ').filter(Boolean);
/** Drop the ü umlaut and apostrophes: the key's ASCII form of a syllable. */
const plain = (s: string) => s.replace(/ü/g, 'u').replace(/'/g, '');

/** Pinyin syllables, with `ü` and with its plain `u` spelling (`lüe`, `lue`). */
const PINYIN = new Set(PINYIN_SYLLABLES.flatMap((s) => [s, plain(s)]));

/** Wade–Giles syllable (apostrophes, ü) → Pinyin (ASCII). */
const WG = new Map<string, string>();
/** Pinyin syllable → its Wade–Giles spelling (for surnames). */
const WG_OF_PINYIN = new Map<string, string>();
for (const [wg, py] of pairsOf(WADE_GILES_TO_PINYIN, 'WADE_GILES_TO_PINYIN')) {
  WG.set(wg, plain(py));
  WG_OF_PINYIN.set(py, wg);
}
for (const { value } of WADE_GILES_VARIANTS)
  for (const [wg, py] of pairsOf([value], 'WADE_GILES_VARIANTS'))
    WG.set(wg, py);
// ü written u: read as the ü syllable where the u spelling is no syllable
for (const [wg, py] of [...WG])
  if (wg.includes('ü') && !WG.has(wg.replace('ü', 'u')))
    WG.set(wg.replace('ü', 'u'), py);

/** Pinyin → Palladius Cyrillic, by the initial and final rules. */
function palladiusOf(py: string): string | null {
  const exception = PALLADIUS_EXCEPTIONS[py];
  if (exception !== undefined) return exception;
  const whole = PALLADIUS_WHOLE_MAP.get(py);
  if (whole) return whole;
  const initial = ['zh', 'ch', 'sh'].find((i) => py.startsWith(i)) ?? py[0]!;
  let final = py.slice(initial.length);
  if ('jqx'.includes(initial) && final.startsWith('u'))
    final = `ü${final.slice(1)}`;
  const cyrInitial = PALLADIUS_INITIAL_MAP.get(initial);
  const cyrFinal =
    'zcs'.includes(initial) && final === 'i'
      ? 'ы'
      : PALLADIUS_FINAL_MAP.get(final);
  if (!cyrInitial || !cyrFinal)
    throw new Error(`name-variants PALLADIUS: no rule for "${py}"`);
  return cyrInitial + cyrFinal;
}
const PALLADIUS_INITIAL_MAP = new Map(
  pairsOf(PALLADIUS_INITIALS, 'PALLADIUS_INITIALS')
);
const PALLADIUS_FINAL_MAP = new Map(
  pairsOf(PALLADIUS_FINALS, 'PALLADIUS_FINALS')
);
const PALLADIUS_WHOLE_MAP = new Map(
  pairsOf(PALLADIUS_WHOLE, 'PALLADIUS_WHOLE')
);
/** Palladius Cyrillic syllable → Pinyin (ASCII). */
const PALLADIUS = new Map<string, string>();
for (const py of PINYIN_SYLLABLES) {
  const cyr = palladiusOf(py);
  if (cyr && !PALLADIUS.has(cyr)) PALLADIUS.set(cyr, plain(py));
}

const PALLADIUS_LONGEST = Math.max(
  ...[...PALLADIUS.keys()].map((k) => k.length)
);

const CYRILLIC = new Map(pairsOf(CYRILLIC_TO_LATIN, 'CYRILLIC_TO_LATIN'));
const LATIN_EXTRA = new Map(
  pairsOf(LATIN_EXTRA_LETTERS, 'LATIN_EXTRA_LETTERS')
);

/** Chinese surnames in Pinyin (ASCII). */
const CHINESE_PINYIN = new Set(CHINESE_SURNAMES.map(plain));
/**
 * Chinese surnames by their Wade–Giles spellings: with apostrophes and ü,
 * and printed without them; the most frequent surname a spelling can be
 * wins (the list is in frequency order).
 */
const CHINESE_WG = new Map<string, string>();
for (const surname of CHINESE_SURNAMES) {
  const syllables = segment(surname, (s) => WG_OF_PINYIN.has(s), 6);
  if (!syllables) throw new Error(`name-variants: surname "${surname}"`);
  const wg = syllables.map((s) => WG_OF_PINYIN.get(s)!);
  for (const form of [wg.join('-'), wg.join('')])
    for (const spelling of [form, form.replace(/'/g, ''), plain(form)])
      if (!CHINESE_WG.has(spelling)) CHINESE_WG.set(spelling, plain(surname));
}
/** Every spelling of a Chinese surname (for readings of a bare word). */
const CHINESE_WG_ALL = new Map<string, string[]>();
for (const surname of CHINESE_SURNAMES) {
  const syllables = segment(surname, (s) => WG_OF_PINYIN.has(s), 6)!;
  const wg = syllables.map((s) => WG_OF_PINYIN.get(s)!).join('');
  const list = CHINESE_WG_ALL.get(plain(wg)) ?? [];
  list.push(plain(surname));
  CHINESE_WG_ALL.set(plain(wg), list);
}

/** Korean surname spelling → the group's key form. */
const KOREAN = new Map<string, string>();
for (const { value } of KOREAN_SURNAMES) {
  const [first, ...rest] = words(value);
  for (const spelling of [first!, ...rest]) KOREAN.set(spelling, first!);
}
const VIETNAMESE = new Set(VIETNAMESE_SURNAMES);

const alternationOf = (s: string) =>
  words(s)
    .sort((a, b) => b.length - a.length)
    .join('|');
const KOREAN_SHAPE = new RegExp(
  `^(?:${alternationOf(KOREAN_SYLLABLE.onsets)})?(?:${alternationOf(KOREAN_SYLLABLE.vowels)})(?:${alternationOf(KOREAN_SYLLABLE.codas)})?$`
);
const VIETNAMESE_SHAPE = new RegExp(
  `^(?:${alternationOf(VIETNAMESE_SYLLABLE.onsets)})?[aeiouy]{1,3}(?:${alternationOf(VIETNAMESE_SYLLABLE.codas)})?$`
);

/** One Latin token through RUSSIAN_FOLDS, in order. */
function foldRussian(token: string): string {
  let t = token;
  for (const fold of RUSSIAN_FOLDS) t = t.replace(fold.from, fold.to);
  return t;
}

/** Given-name spelling (folded) → the group's key form (folded). */
const GIVEN_CANON = new Map<string, string>();
for (const { value } of GIVEN_NAME_GROUPS) {
  const [first, ...rest] = words(value).map(foldRussian);
  for (const spelling of [first!, ...rest]) GIVEN_CANON.set(spelling, first!);
}
/** Every known given name, folded: marks where the surname is not. */
const GIVEN = new Set([
  ...GIVEN_CANON.keys(),
  ...GIVEN_NAMES.flatMap(({ value }) => words(value).map(foldRussian)),
]);
const MULTI_INITIALS = new Set(
  MULTI_LETTER_INITIALS.flatMap(({ value }) => words(value))
);
const PATRONYMIC = new RegExp(
  `(?<=[a-z]{3})(?:${PATRONYMIC_ENDINGS.join('|')})$`
);
const NON_PERSON = new Set(NON_PERSON_WORDS);

// --- segmentation ---------------------------------------------------------

/**
 * Splits `s` into syllables that `isSyllable` accepts (longest first, with
 * backtracking), or null. Names are short: the search is tiny.
 */
function segment(
  s: string,
  isSyllable: (syllable: string) => boolean,
  maxLength: number,
  limit = MAX_GIVEN_SYLLABLES + 1
): string[] | null {
  if (s === '') return [];
  if (limit === 0) return null;
  for (let n = Math.min(maxLength, s.length); n > 0; n--) {
    const head = s.slice(0, n);
    if (!isSyllable(head)) continue;
    const tail = segment(s.slice(n), isSyllable, maxLength, limit - 1);
    if (tail) return [head, ...tail];
  }
  return null;
}

/** Pinyin syllables of a word part (an apostrophe may separate them: xi'an). */
function pinyinSyllables(part: string): string[] | null {
  const out: string[] = [];
  for (const piece of part.split("'")) {
    const syllables = segment(piece, (s) => PINYIN.has(s), 6);
    if (!syllables || syllables.length === 0) return null;
    out.push(...syllables);
  }
  return out;
}
/** Wade–Giles syllables of a word part (apostrophes mark aspiration). */
const wadeGilesSyllables = (part: string) => segment(part, (s) => WG.has(s), 7);
const koreanSyllables = (part: string) =>
  segment(part, (s) => KOREAN_SHAPE.test(s), 6);

/** An apostrophe after p/t/k/ch/ts/tz: Wade–Giles aspiration. */
const hasAspirate = (s: string) => /(?:p|t|k|h|s|z)'[a-zü]/.test(s);

// --- reading a name into words -----------------------------------------------

/** A word of a name as written: lower case, NFC, apostrophes as `'`. */
interface Written {
  text: string;
  /** Written with a full stop after it (`Iu.`). */
  abbreviated: boolean;
  /** A comma follows it (`Stalin, I.V.`). */
  comma: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}'’‘ʻʼʹ`´-]+\.?/gu;

function writtenWords(name: string): Written[] {
  const bare = name.replace(LEADING, '');
  const text = (bare.trim() === '' ? name : bare).toLowerCase().normalize();
  const out: Written[] = [];
  const matches = [...text.matchAll(WORD)];
  matches.forEach((m, i) => {
    const end = m.index + m[0].length;
    const next = matches[i + 1]?.index ?? text.length;
    const word = m[0]
      .replace(/\.$/, '')
      .replace(/['’‘ʻʼʹ`´]/g, "'")
      .replace(/^[-']+|[-']+$/g, '')
      .replace(/(?<=.{2})'s$/, '');
    if (word === '') return;
    out.push({
      text: word,
      abbreviated: m[0].endsWith('.'),
      comma: text.slice(end, next).includes(','),
    });
  });
  return out;
}

const isCyrillic = (s: string) => /\p{Script=Cyrillic}/u.test(s);

/** Russian Cyrillic → Latin (BGN/PCGN, е/ё as `ye` after vowels and signs). */
function transliterate(word: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (c === 'е' || c === 'ё') {
      const before = word[i - 1];
      out +=
        before === undefined || CYRILLIC_YE_AFTER.includes(before) ? 'ye' : 'e';
    } else if (c === 'ь') out += CYRILLIC_SOFT_SIGN;
    else if (c === 'ъ') out += '';
    else out += CYRILLIC.get(c) ?? c;
  }
  return out;
}

/** Latin letters to ASCII, keeping `ü` (Wade–Giles), `'` and `-`. */
function latin(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/u\u0308/g, 'ü')
    .replace(/\p{M}/gu, '')
    .replace(/./gu, (c) => LATIN_EXTRA.get(c) ?? c);
}

// --- East Asian names ---------------------------------------------------------

type EastAsian = 'chinese' | 'korean' | 'vietnamese';

interface EastAsianName {
  system: EastAsian;
  surname: string;
  /** Given-name word parts (split at hyphens). */
  given: string[];
  /** Chinese only: read as Wade–Giles. */
  wadeGiles: boolean;
}

const parts = (word: string) => word.split('-').filter(Boolean);

function chineseGivenSyllables(part: string): number {
  return (pinyinSyllables(part) ?? wadeGilesSyllables(part) ?? []).length;
}

/** Is `part` only Pinyin (not Wade–Giles)? only Wade–Giles? */
const pinyinOnly = (part: string) =>
  pinyinSyllables(part) !== null && wadeGilesSyllables(part) === null;
const wadeGilesOnly = (part: string) =>
  wadeGilesSyllables(part) !== null && pinyinSyllables(part) === null;

function syllableCountOk(given: string[], count: (p: string) => number) {
  let total = 0;
  for (const part of given) {
    const n = count(part);
    if (n === 0) return false;
    total += n;
  }
  return total >= 1 && total <= MAX_GIVEN_SYLLABLES;
}

/**
 * Reads a name of 2–4 Latin words as East Asian (surname first) when its
 * first word is a listed surname and its other words are syllables of that
 * language; null otherwise. Chinese and Korean share surnames (Kang, Han,
 * Yang): a given name written as one word of several syllables is Pinyin;
 * hyphenated or spaced, it is Korean unless a syllable Korean cannot
 * spell says Chinese (`tso`, `teh`, `lung`, `hsiao`).
 */
function eastAsian(ws: readonly string[]): EastAsianName | null {
  if (ws.length < 2 || ws.length > 4 || ws.some((w) => /\d/.test(w)))
    return null;
  const [first, ...rest] = ws as [string, ...string[]];
  // one letter is an initial (`I. Kadar`), not the Wade–Giles surname I
  if (first.replace(/[^\p{L}]/gu, '').length <= 1) return null;
  const surnameKey = first.replace(/-/g, '');
  const given = rest.flatMap(parts);
  const chineseSurname =
    CHINESE_PINYIN.has(plain(surnameKey)) ||
    CHINESE_WG.has(first) ||
    CHINESE_WG.has(surnameKey);
  const koreanSurname = KOREAN.has(plain(surnameKey));
  const vietSurname = VIETNAMESE.has(surnameKey);
  if (!chineseSurname && !koreanSurname && !vietSurname) return null;

  const chinese =
    chineseSurname && syllableCountOk(given, chineseGivenSyllables);
  const korean =
    koreanSurname &&
    syllableCountOk(given, (p) => koreanSyllables(p)?.length ?? 0);
  const viet =
    vietSurname &&
    rest.every((w) => !w.includes('-') && VIETNAMESE_SHAPE.test(w));

  let system: EastAsian | null = null;
  if (chinese && korean) {
    const pinyinWord = rest.some(
      (w) => !w.includes('-') && (pinyinSyllables(w)?.length ?? 0) > 1
    );
    // (an apostrophe does not tell: McCune–Reischauer marks aspirates too)
    const chineseMark = given.some(
      (p) => wadeGilesSyllables(p) && !koreanSyllables(p)
    );
    system = pinyinWord || chineseMark ? 'chinese' : 'korean';
  } else if (chinese) system = 'chinese';
  else if (korean) system = 'korean';
  else if (viet) system = 'vietnamese';
  else {
    // a listed surname with syllable-shaped given names (Kai-shek)
    const syllabic = given.every(
      (p) =>
        chineseGivenSyllables(p) > 0 ||
        koreanSyllables(p) !== null ||
        VIETNAMESE_SHAPE.test(p)
    );
    if (!syllabic || given.length > MAX_GIVEN_SYLLABLES) return null;
    system = chineseSurname
      ? 'chinese'
      : koreanSurname
        ? 'korean'
        : 'vietnamese';
  }

  if (system === 'vietnamese')
    return { system, surname: first, given: rest, wadeGiles: false };
  if (system === 'korean')
    return { system, surname: surnameKey, given, wadeGiles: false };
  // Wade–Giles when marked (apostrophe, hyphen, a syllable Pinyin lacks) and
  // no syllable is Pinyin only (Zhou En-lai is Pinyin with a hyphen)
  const all = [surnameKey, ...given];
  const marked =
    ws.some(hasAspirate) ||
    rest.some((w) => w.includes('-')) ||
    all.some(wadeGilesOnly) ||
    (!CHINESE_PINYIN.has(plain(surnameKey)) && CHINESE_WG.has(surnameKey));
  const wadeGiles = marked && !all.some(pinyinOnly);
  return { system, surname: first, given, wadeGiles };
}

/** Pinyin of a Wade–Giles part, syllable by syllable; null if not WG. */
function pinyinOfWadeGiles(part: string): string | null {
  const syllables = wadeGilesSyllables(part);
  return syllables ? syllables.map((s) => WG.get(s)!).join('') : null;
}

/** The Pinyin surname a Wade–Giles surname spelling reads as. */
function chineseSurnameOf(word: string): string {
  const joined = word.replace(/-/g, '');
  return (
    CHINESE_WG.get(word) ??
    CHINESE_WG.get(joined) ??
    CHINESE_WG.get(joined.replace(/'/g, '')) ??
    pinyinOfWadeGiles(joined) ??
    plain(joined)
  );
}

/** The key tokens of an East Asian name. */
function eastAsianTokens(name: EastAsianName): string[] {
  switch (name.system) {
    case 'vietnamese':
      return [name.surname, ...name.given].map(plain);
    case 'korean':
      return [
        KOREAN.get(plain(name.surname)) ?? plain(name.surname),
        name.given.map(plain).join(''),
      ];
    case 'chinese': {
      const surname = name.wadeGiles
        ? chineseSurnameOf(name.surname)
        : plain(name.surname.replace(/-/g, ''));
      const given = name.given
        .map((p) => (name.wadeGiles ? pinyinOfWadeGiles(p) : null) ?? plain(p))
        .join('');
      return [surname, given];
    }
  }
}

/**
 * The Pinyin readings of Wade–Giles parts with the apostrophes perhaps
 * dropped: for each syllable, as written and (if it has an unaspirated
 * initial with an aspirated counterpart) aspirated. At most MAX_READINGS.
 */
function aspirationReadings(given: readonly string[]): string[] {
  let readings = [''];
  for (const part of given) {
    const syllables = wadeGilesSyllables(part);
    if (!syllables) return [];
    for (const s of syllables) {
      const options = [WG.get(s)!];
      if (!s.includes("'")) {
        const initial = ASPIRATED_INITIALS.find((a) =>
          s.startsWith(a.slice(0, -1))
        );
        const aspirated =
          initial && WG.get(initial + s.slice(initial.length - 1));
        if (aspirated) options.push(aspirated);
      }
      readings = readings
        .flatMap((r) => options.map((o) => r + o))
        .slice(0, MAX_READINGS);
    }
  }
  return readings;
}

// --- Cyrillic Chinese (Palladius) ----------------------------------------------

/** Pinyin of a Cyrillic word written in Palladius, or null. */
function pinyinOfPalladius(word: string): string | null {
  const syllables = segment(
    word.replace(/-/g, ''),
    (s) => PALLADIUS.has(s),
    PALLADIUS_LONGEST
  );
  return syllables ? syllables.map((s) => PALLADIUS.get(s)!).join('') : null;
}

/** A Cyrillic name read as Chinese in Palladius (Чжоу Эньлай), or null. */
function palladiusTokens(ws: readonly string[]): string[] | null {
  if (ws.length > 3) return null;
  const surname = pinyinOfPalladius(ws[0]!);
  if (!surname || !CHINESE_PINYIN.has(surname)) return null;
  const given = ws.slice(1).map(pinyinOfPalladius);
  if (given.some((g) => g === null)) return null;
  const joined = given.join('');
  if ((pinyinSyllables(joined)?.length ?? 0) > MAX_GIVEN_SYLLABLES) return null;
  return joined ? [surname, joined] : [surname];
}

// --- Western (and Russian) names ------------------------------------------------

interface WesternWord {
  /** Folded tokens (a hyphenated word gives several). */
  tokens: string[];
  /** An initial (`I.`, `V`, `Iu.`): one letter. */
  initial: boolean;
  comma: boolean;
}

function westernWord(w: Written, text: string): WesternWord {
  const ascii = plain(text);
  const letters = ascii.replace(/[^a-z]/g, '');
  const folded = parts(text).map((p) => foldRussian(p.replace(/ü/g, 'u')));
  if (/^[a-z]$/.test(ascii) || (w.abbreviated && MULTI_INITIALS.has(letters))) {
    const letter = foldRussian(letters)[0]!;
    return { tokens: [letter], initial: true, comma: w.comma };
  }
  return { tokens: folded.filter(Boolean), initial: false, comma: w.comma };
}

const isGivenWord = (w: WesternWord) =>
  !w.initial && w.tokens.every((t) => GIVEN.has(t));
const isPatronymic = (w: WesternWord) =>
  w.tokens.length === 1 && PATRONYMIC.test(w.tokens[0]!);
const canonicalGiven = (token: string) => GIVEN_CANON.get(token) ?? token;

/**
 * Initials a canonical given name may be written with: its group's first
 * letters (`ivan`: i, j for János, John, Jan; `iosif`: i, j for Joseph),
 * so `J. Kadar` meets `János Kádár` (key `kadar ivan`).
 */
const GIVEN_INITIALS = new Map<string, Set<string>>();
for (const [spelling, canonical] of GIVEN_CANON) {
  const set = GIVEN_INITIALS.get(canonical) ?? new Set<string>();
  set.add(spelling.charAt(0));
  GIVEN_INITIALS.set(canonical, set);
}

/** Is `initial` a first letter `token` (a key token) may be written with? */
const initialOf = (initial: string, token: string) =>
  token.startsWith(initial) ||
  (GIVEN_INITIALS.get(token)?.has(initial) ?? false);

/**
 * An office or rank, with what describes it, written before a name
 * (`DPRK leader Kim Il Sung`, `South Korean Communist Leader Pak
 * Heon-yeong`, `Chairman Mao Zedong`, `Deputy Minister Gromyko`): the
 * words up to the last office word (RANK_WORDS and OFFICE_WORDS of the
 * vocabulary) go when what follows is a name alone, capitalized and
 * without `of`, `to`, `in`... (`Ambassador to the USA Dobrynin` and
 * `Minister of Foreign Affairs` keep their words).
 *
 * @example withoutDescriptor('DPRK leader Kim Il Sung') // 'Kim Il Sung'
 */
const OFFICE_WORD = new RegExp(
  `(?<![\\p{L}])(?:${alternation([...RANK_WORDS, ...OFFICE_WORDS])})s?(?![\\p{L}])`,
  'giu'
);
const FUNCTION_WORD =
  /(?<![\p{L}])(?:of|to|in|the|for|and|at|on|from|with|by)(?![\p{L}])/iu;

export function withoutDescriptor(name: string): string {
  let end = -1;
  for (const m of name.matchAll(OFFICE_WORD)) end = m.index + m[0].length;
  if (end < 0) return name;
  const rest = name.slice(end).trim();
  return /^\p{Lu}/u.test(rest) && !FUNCTION_WORD.test(rest) ? rest : name;
}

/**
 * Which word is the surname: the one word that is not an initial; the
 * first, before a comma (`Stalin, I.V.`), before a patronymic at the end
 * (`Stalin Iosif Vissarionovich`) or before given names only (`Szabó
 * Ferenc`, `Ivanov Ivan`); else the last word that is not an initial.
 */
function surnameIndex(ws: readonly WesternWord[]): number {
  const full = ws.flatMap((w, i) => (w.initial ? [] : [i]));
  if (full.length === 1) return full[0]!;
  const [first] = ws;
  const last = ws[ws.length - 1]!;
  const after = ws.slice(1);
  if (first!.comma) return 0;
  if (
    ws.length >= 3 &&
    isPatronymic(last) &&
    !isPatronymic(ws[ws.length - 2]!) &&
    !isGivenWord(first!)
  )
    return 0;
  if (
    !isGivenWord(first!) &&
    after.every((w) => w.initial || isGivenWord(w)) &&
    after.some(isGivenWord)
  )
    return 0;
  return full[full.length - 1]!;
}

function westernTokens(written: readonly Written[], texts: string[]): string[] {
  const ws = written.map((w, i) => westernWord(w, texts[i]!));
  const fullWords = ws.filter((w) => !w.initial).length;
  if (
    ws.length === 1 ||
    fullWords === 0 ||
    fullWords > MAX_PERSON_WORDS ||
    ws.some((w) => w.tokens.some((t) => NON_PERSON.has(t) || /\d/.test(t)))
  )
    return ws.flatMap((w) => w.tokens);
  const s = surnameIndex(ws);
  return [
    ...ws[s]!.tokens,
    ...ws.flatMap((w, i) =>
      i === s ? [] : w.initial ? w.tokens : w.tokens.map(canonicalGiven)
    ),
  ];
}

// --- the pipeline ------------------------------------------------------------------

/** How a name was read: its key tokens and, for a query, other readings. */
interface Reading {
  key: string[];
  alternatives: string[][];
}

function read(name: string, withAlternatives: boolean): Reading {
  const written = writtenWords(withoutDescriptor(name));
  if (!written.some((w) => /\p{L}/u.test(w.text)))
    return { key: [], alternatives: [] };
  const alternatives: string[][] = [];
  const cyrillic = written.some((w) => isCyrillic(w.text));
  if (cyrillic) {
    const chinese = palladiusTokens(written.map((w) => w.text));
    if (chinese) return { key: chinese, alternatives };
  }
  const texts = written.map((w) =>
    latin(cyrillic ? transliterate(w.text) : w.text)
  );

  if (texts.length === 1) {
    const key = singleWord(written[0]!, texts[0]!, !cyrillic);
    if (withAlternatives) alternatives.push(...singleWordReadings(texts[0]!));
    return { key, alternatives };
  }

  const east = eastAsian(texts);
  if (east) {
    const key = eastAsianTokens(east);
    if (withAlternatives && east.system === 'chinese' && !cyrillic) {
      const wgParts = east.given;
      const surnames = east.wadeGiles
        ? (CHINESE_WG_ALL.get(plain(east.surname.replace(/-/g, ''))) ?? [])
        : [];
      // a name written with apostrophes is strict Wade–Giles: no guessing
      const givenReadings =
        !texts.some((t) => t.includes("'")) || !east.wadeGiles
          ? aspirationReadings(wgParts)
          : [];
      for (const surname of [key[0]!, ...surnames])
        for (const given of givenReadings) alternatives.push([surname, given]);
      if (!east.wadeGiles) {
        const wgSurname = chineseSurnameOf(east.surname);
        for (const given of givenReadings)
          alternatives.push([wgSurname, given]);
      }
    }
    return { key, alternatives };
  }

  const key = westernTokens(written, texts);
  if (withAlternatives) {
    // given name alone, spaced or hyphenated (Il Sung, Tse-tung)
    const all = texts.flatMap(parts);
    const oneSyllable = (p: string) =>
      PINYIN.has(plain(p)) || WG.has(p) || KOREAN_SHAPE.test(p);
    if (all.length <= MAX_GIVEN_SYLLABLES && all.every(oneSyllable)) {
      alternatives.push([all.map(plain).join('')]);
      for (const r of aspirationReadings(all)) alternatives.push([r]);
    }
    // every word read as a given name could be (Stalin Joseph)
    alternatives.push(key.map(canonicalGiven));
  }
  return { key, alternatives };
}

/**
 * A name of one word: kept as it is (`Stalin`, `Liu`, `Chou`), folded if
 * Western (`Vyshinskii` → vyshinsky), converted from Wade–Giles only where
 * the word can only be Wade–Giles (`Hsü`, `Ch'en`, `Tse-tung`).
 */
function singleWord(
  w: Written,
  text: string,
  mayBeWadeGiles: boolean
): string[] {
  const ps = parts(text);
  if (/\d/.test(text)) return ps.map((p) => foldRussian(plain(p)));
  const joined = ps.join('');
  const listedElsewhere =
    KOREAN.has(plain(joined)) || VIETNAMESE.has(plain(joined));
  if (
    mayBeWadeGiles &&
    !listedElsewhere &&
    ps.every((p) => wadeGilesSyllables(p)) &&
    !ps.some(pinyinOnly) &&
    (hasAspirate(text) || ps.some(wadeGilesOnly))
  )
    return [
      ps.length === 1
        ? chineseSurnameOf(joined)
        : ps.map((p) => pinyinOfWadeGiles(p)!).join(''),
    ];
  const eastAsianWord =
    CHINESE_PINYIN.has(plain(joined)) ||
    KOREAN.has(plain(joined)) ||
    VIETNAMESE.has(plain(joined)) ||
    (pinyinSyllables(joined) !== null && !joined.includes("'")) ||
    (ps.length > 1 &&
      ps.every((p) => chineseGivenSyllables(p) > 0 || koreanSyllables(p)));
  if (eastAsianWord) return [plain(joined)];
  return westernTokens([w], [text]);
}

/** Other readings of a bare word typed as a query. */
function singleWordReadings(text: string): string[][] {
  const out: string[][] = [];
  const ps = parts(text);
  const joined = plain(ps.join(''));
  if (ps.every((p) => wadeGilesSyllables(p))) {
    if (ps.length === 1)
      for (const s of CHINESE_WG_ALL.get(joined) ?? []) out.push([s]);
    for (const r of aspirationReadings(ps)) out.push([r]);
  }
  const korean = KOREAN.get(joined);
  if (korean) out.push([korean]);
  const folded = ps.map((p) => foldRussian(p.replace(/ü/g, 'u')));
  out.push(folded, folded.map(canonicalGiven));
  return out;
}

// --- conversion helpers ----------------------------------------------------

/**
 * Pinyin (ASCII) of Wade–Giles syllables, read strictly (no apostrophe =
 * unaspirated); undefined when the text is not Wade–Giles.
 *
 * @param text syllables, hyphenated or not
 * @example wadeGilesToPinyin("Hsiao-p'ing") // 'xiaoping'
 */
export function wadeGilesToPinyin(text: string): string | undefined {
  const word = latin(text.toLowerCase().replace(/['’‘ʻʼ`]/g, "'"));
  const converted = parts(word).map(pinyinOfWadeGiles);
  return converted.length > 0 && converted.every((c) => c !== null)
    ? converted.join('')
    : undefined;
}

/**
 * Pinyin (ASCII) of a Chinese word written in Palladius Cyrillic;
 * undefined when it is not.
 *
 * @example palladiusToPinyin('Цзэдун') // 'zedong'
 */
export function palladiusToPinyin(text: string): string | undefined {
  return pinyinOfPalladius(text.toLowerCase().normalize()) ?? undefined;
}

/**
 * Palladius Cyrillic of one Pinyin syllable; undefined for a string that
 * is no Pinyin syllable or one Palladius leaves out (`lo`, `yo`).
 *
 * @example pinyinToPalladius('zhou') // 'чжоу'
 */
export function pinyinToPalladius(syllable: string): string | undefined {
  return PINYIN_SYLLABLES.includes(syllable)
    ? (palladiusOf(syllable) ?? undefined)
    : undefined;
}

// --- the API ------------------------------------------------------------------------

/**
 * Canonical person key: surname first, spelling variants folded, lower case
 * ASCII tokens separated by one space; '' when the name has no letters.
 *
 * Built on normalizeName's clean-up (forms of address and list marks
 * dropped, accents dropped) but reading apostrophes and `ü` first, where
 * Wade–Giles needs them. A name is read as:
 * - Chinese in Cyrillic (Palladius → Pinyin) when its first word spells a
 *   Chinese surname: `Чжоу Эньлай` → `zhou enlai`; other Cyrillic is
 *   transliterated (BGN/PCGN) and read as Latin.
 * - East Asian (surname first, given-name syllables joined) when its first
 *   word is a listed surname and the rest are syllables: Chinese (`Mao Tse-
 *   tung` → `mao zedong`, Wade–Giles converted only when marked), Korean
 *   (`Kim Il-sung` → `kim ilsung`, surname spelling unified: `Park` → `pak`),
 *   Vietnamese (`Le Duc Tho` → `le duc tho`, words kept).
 * - Otherwise Western: the surname first (see surnameIndex), each word
 *   folded (RUSSIAN_FOLDS), given names to their group's form
 *   (`Joseph Stalin` → `stalin iosif`), initials one letter (`Iu.` → `i`).
 *   A name with `of`, `the`... or over four words keeps its order.
 * - One word stays as it is, folded if Western (`Vyshinskii` → `vyshinsky`).
 *
 * Decisions and limits:
 * - Chinese, Korean and Vietnamese are told apart by the surname lists and
 *   by which syllable set the given name parses in (see eastAsian); a
 *   Korean or Vietnamese name is never read as Wade–Giles (`Ho Chi Minh`
 *   stays, `minh` is no Chinese syllable).
 * - Wade–Giles without apostrophes is read strictly (`Teng Hsiao-ping` →
 *   `deng xiaobing`): the key cannot know the writer dropped them; the
 *   query offers the aspirated reading. A surname reads as the most
 *   frequent surname it spells (`Teng` → deng, `Peng` → peng).
 * - Korean in Cyrillic (Kontsevich: `Ким Ир Сен`) is transliterated as
 *   Russian (`kim irsen`); French and German phonetic spellings of Russian
 *   names (`Khrouchtchev`, `Chruschtschow`) are folded only at the ending.
 * - Letters of scripts with no table here (Han, Hangul, Greek) are kept as
 *   written, in lower case.
 *
 * @param name a person's name as written
 * @example personKey('I.V. Stalin') // 'stalin i v'
 * @example personKey('Chou En-lai') // 'zhou enlai'
 * @example personKey('KIM IL SUNG') // 'kim ilsung'
 */
export function personKey(name: string): string {
  return read(name, false).key.join(' ');
}

/** A parsed search: one or more readings (alternatives) of what the user typed. */
export interface NameQuery {
  /** Each reading a list of key tokens; empty when the query has no letters. */
  readings: string[][];
}

/**
 * Reads a person query with personKey's pipeline, plus the other readings
 * an ambiguous spelling allows: a bare word that may be Wade–Giles
 * (`Chou` → chou or zhou), Wade–Giles without apostrophes (`Teng
 * Hsiao-ping` → xiaobing or xiaoping), a Pinyin name that is also valid
 * Wade–Giles (`Lin Piao`), a given name typed alone (`Il Sung` → ilsung),
 * a Korean surname spelling (`Lee` → ri) and a given name's group form
 * (`Joseph` → iosif). Throws nothing.
 *
 * @param query what the user typed
 */
export function parseNameQuery(query: string): NameQuery {
  const { key, alternatives } = read(query, true);
  if (key.length === 0) return { readings: [] };
  const seen = new Set<string>();
  const readings: string[][] = [];
  for (const reading of [key, ...alternatives]) {
    const tokens = reading.filter(Boolean);
    const id = tokens.join(' ');
    if (tokens.length === 0 || seen.has(id)) continue;
    seen.add(id);
    readings.push(tokens);
    if (readings.length === MAX_READINGS) break;
  }
  return { readings };
}

const isInitial = (token: string) => /^[a-z]$/.test(token);

/** Query token and key token match: equal, or one is the other's initial. */
const tokensMatch = (q: string, k: string) =>
  q === k ||
  (isInitial(q) && initialOf(q, k)) ||
  (isInitial(k) && initialOf(k, q));

/**
 * Assigns every query token to a distinct key token (backtracking; names
 * are a few tokens), requiring one full query token to equal a full key
 * token when the query has any (so `Iosif` alone does not match `stalin i
 * v`, while `Iosif Stalin` does).
 */
function assign(
  query: readonly string[],
  key: readonly string[],
  used: boolean[],
  anchored: boolean
): boolean {
  if (query.length === 0) return anchored;
  const [q, ...rest] = query as [string, ...string[]];
  for (let i = 0; i < key.length; i++) {
    const k = key[i]!;
    if (used[i] || !tokensMatch(q, k)) continue;
    used[i] = true;
    const ok = assign(rest, key, used, anchored || (q === k && !isInitial(q)));
    used[i] = false;
    if (ok) return true;
  }
  return false;
}

/**
 * Does the query match a person key? Any part of the name: every query
 * token matches a distinct key token, in any order, equal or as an initial
 * (both ways: `Iosif Stalin` matches `stalin i v`, `I.V. Stalin` matches
 * `stalin iosif vissarionovich`). A reading with a full word must match
 * one full key word exactly; a reading of initials only matches by
 * initials.
 *
 * @param query from parseNameQuery
 * @param key a personKey
 */
export function matchesPersonKey(query: NameQuery, key: string): boolean {
  const keyTokens = words(key);
  return query.readings.some((reading) => {
    if (reading.length === 0 || reading.length > keyTokens.length) return false;
    const allInitials = reading.every(isInitial);
    return assign(reading, keyTokens, [], allInitials);
  });
}

/**
 * Key tokens under which a key is listed for look-up: its tokens that are
 * not initials (each once).
 *
 * @param key a personKey
 */
export function personKeyParts(key: string): string[] {
  return [...new Set(words(key).filter((t) => !isInitial(t)))];
}

/**
 * Tokens to look up for a query: every key that matches the query holds at
 * least one of them among its personKeyParts (a matching reading equals
 * the key on one full token). [] when a reading is initials only, or the
 * query has no readings: the caller must then list all keys.
 *
 * @param query from parseNameQuery
 */
export function lookupParts(query: NameQuery): string[] {
  const out = new Set<string>();
  for (const reading of query.readings) {
    const full = reading.filter((t) => !isInitial(t));
    if (full.length === 0) return [];
    for (const t of full) out.add(t);
  }
  return [...out];
}

/**
 * Is `small` a partial form of `big`? Same surname (first token), and the
 * other tokens of `small` match tokens of `big` in order, equal or as
 * initials (`stalin i v` in `stalin iosif vissarionovich`; `stalin v i`
 * is not).
 */
function partOf(small: readonly string[], big: readonly string[]): boolean {
  if (small[0] !== big[0] || small.length > big.length) return false;
  let j = 1;
  for (let i = 1; i < small.length; i++) {
    while (j < big.length && !tokensMatch(small[i]!, big[j]!)) j++;
    if (j === big.length) return false;
    j++;
  }
  return true;
}

/** How complete a key is: full tokens, then tokens, then letters. */
function completeness(tokens: readonly string[]): number[] {
  const full = tokens.filter((t) => !isInitial(t));
  return [full.length, tokens.length, tokens.join('').length];
}
function moreComplete(a: readonly string[], b: readonly string[]): boolean {
  const [x, y] = [completeness(a), completeness(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  return a.join(' ') < b.join(' ');
}

/**
 * Groups keys of one person for a people listing: maps every key to its
 * group's representative. A key joins the most complete key it is a part
 * of (same surname; the other tokens in order, equal or initials) when that
 * complete form is unique: `stalin`, `stalin i v`, `stalin iosif` and
 * `stalin iosif vissarionovich` are one group; `kim` beside `kim ilsung`
 * and `kim donggyu` stays its own group. A key that is not a person's name
 * (a word such as `of` or `in`, or a number: `embassy of hungary in north
 * korea`) is a group of its own.
 *
 * @param keys personKeys (duplicates allowed)
 */
export function groupPersonKeys(keys: readonly string[]): Map<string, string> {
  const groups = new Map<string, string>();
  const bySurname = new Map<string, string[][]>();
  for (const key of new Set(keys)) {
    const tokens = words(key);
    if (tokens.some((t) => NON_PERSON.has(t) || /\d/.test(t)) || !key) {
      groups.set(key, key);
      continue;
    }
    const list = bySurname.get(tokens[0]!) ?? [];
    list.push(tokens);
    bySurname.set(tokens[0]!, list);
  }
  for (const list of bySurname.values()) {
    // a key is maximal when no other key holds it and is more complete
    const dominated = (a: string[]) =>
      list.some(
        (b) => b !== a && partOf(a, b) && (!partOf(b, a) || moreComplete(b, a))
      );
    const maximal = list.filter((k) => !dominated(k));
    for (const tokens of list) {
      const over = maximal.filter((m) => m === tokens || partOf(tokens, m));
      const representative = over.length === 1 ? over[0]! : tokens;
      groups.set(tokens.join(' '), representative.join(' '));
    }
  }
  return groups;
}

/** Compares two rank vectors, first difference decides. */
function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++)
    if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/** A written form cleaned for display: address dropped, spaces folded. */
function cleanForm(form: string): string {
  const bare = form.replace(LEADING, '');
  return (bare.trim() === '' ? form : bare)
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:–—•*-]+|[\s,;:–—•*-]+$/g, '');
}

/**
 * The name to show for a person from the forms the records write (with
 * the count of each): the most complete form (most full words, then
 * words), then mixed case over ALL CAPS, then Latin script over others,
 * then the most frequent, then the first in alphabetical order. Forms of
 * address are dropped. '' when no form has letters.
 *
 * @param written each form as written → how many times
 * @example displayName(new Map([['STALIN I.V.', 4], ['Iosif Vissarionovich Stalin', 1]])) // 'Iosif Vissarionovich Stalin'
 */
export function displayName(written: ReadonlyMap<string, number>): string {
  let best: { form: string; rank: number[] } | null = null;
  for (const [raw, count] of written) {
    const form = cleanForm(raw);
    const tokens = words(personKey(form));
    if (tokens.length === 0) continue;
    const caps = form === form.toUpperCase() && form !== form.toLowerCase();
    const rank = [
      ...completeness(tokens).slice(0, 2),
      caps ? 0 : 1,
      isCyrillic(form) ? 0 : 1,
      count,
    ];
    const order = compareRanks(rank, best?.rank ?? []);
    const better =
      best === null || order > 0 || (order === 0 && form < best.form);
    if (better) best = { form, rank };
  }
  return best?.form ?? '';
}
