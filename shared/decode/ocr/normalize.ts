/**
 * OCR text → the text the extractor's rules expect. Applied to OCR output
 * only, before extraction, so the rules in shared/extract stay the same for
 * text pages and scans, and the spans index into this normalized text (it
 * is what the record stores as the decoded text).
 *
 * Only what an OCR engine gets systematically different from a typed page:
 * - typographic ligatures (`ﬁ`, `ﬂ`, `ﬀ`, `ﬃ`, `ﬄ`, `ﬅ`, `ﬆ`) → letters;
 * - curly quotes and primes → ASCII `'` and `"` (an engine cannot tell a
 *   typewriter's straight quote from a printed curly one; the rules accept
 *   the ASCII forms everywhere);
 * - the number sign read as `N°`, `N⁰`, `N˚`, `№` → `Nº` (which the rules
 *   accept beside `No.`);
 * - words hyphenated at a line end (`trans-\nmit` → `transmit`), except where
 *   the page spells the same word with its hyphen elsewhere
 *   (`Russian-\nlanguage` stays `Russian-language`), and keeping it before
 *   a capital (`Sino-\nSoviet` → `Sino-Soviet`); soft hyphens dropped;
 * - `O`/`o` and `l`/`I` inside numbers (`2O.O7.5O` → `20.07.50`), only in
 *   digit groups of runs with at least two real digits, so words, roman
 *   numerals and `l. 15` are untouched;
 * - in archive citation lines only (a line with `f.`/`fond` and
 *   `op.`/`opis` numbers): `l.`/`ll.` (listy) read as `1.`/`11.`, and the
 *   Russian archives' acronyms with `I` read as `l`, `L`, `1` or `|`
 *   (`RGASPL` → `RGASPI`);
 * - spaces: tabs and runs of spaces → one space, none at line ends, no blank
 *   lines at the start or end.
 *
 * Words the engine was unsure of are kept as read: dropping them would lose
 * text the reader can still correct.
 */

const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};
const LIGATURE = /[\uFB00-\uFB06]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g;
/** `N°` (degree), `N⁰` (superscript zero), `N˚` (ring), `№` (numero). */
const NUMBER_SIGN = /\bN\s?[\u00B0\u2070\u02DA](?!\p{L})|\u2116/gu;
/**
 * A letter run hyphenated at a line end, continued in lower case: a word
 * split by the typesetter (a typed line does not end in `letter-` otherwise).
 */
const LINE_END_HYPHEN = /(\p{L}+)-\n[ \t]*(\p{Ll}[\p{L}]*)/gu;
/**
 * A number with digit look-alikes, between non-letters: groups of digits,
 * `O`, `o`, `l`, `I` joined by `.`, `,`, `:` or `/` (`2O.O7.5O`, `15O,OOO`).
 */
const NUMBER_RUN = /(?<![\p{L}\d])[\dOolI]+(?:[.,:/][\dOolI]+)*(?![\p{L}\d])/gu;

/**
 * Normalizes the text of an OCR reading (see the module comment).
 *
 * @param text the laid-out OCR text (pages joined by blank lines)
 * @example
 * normalizeOcrText('CABLE N° 61207\ntrans-\nmit the ﬁle'); // 'CABLE Nº 61207\ntransmit the file'
 */
export function normalizeOcrText(text: string): string {
  let out = text
    .replace(/\r\n?/g, '\n')
    .replace(LIGATURE, (c) => LIGATURES[c] ?? c)
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(NUMBER_SIGN, 'Nº')
    .replace(/\u00AD\n?/g, '')
    .replace(/[\t\u00A0 ]+/g, ' ')
    .replace(/ +$/gm, '')
    .replace(/^ +/gm, '');
  out = dehyphenate(out);
  out = out.replace(NUMBER_RUN, fixDigits);
  out = out.replace(/^.*$/gm, fixCitationLine);
  return out.replace(/^\n+/, '').replace(/\n+$/, '');
}

function dehyphenate(text: string): string {
  if (!text.includes('-\n')) return text;
  const hyphenated = new Set(
    Array.from(text.matchAll(/\p{L}+-\p{L}+/gu), (m) => m[0].toLowerCase())
  );
  return text
    .replace(LINE_END_HYPHEN, (_, head: string, tail: string) =>
      hyphenated.has(`${head}-${tail}`.toLowerCase())
        ? `${head}-${tail}`
        : `${head}${tail}`
    )
    .replace(/(\p{L})-\n[ \t]*(?=\p{Lu})/gu, '$1-'); // `Sino-` `Soviet`
}

/**
 * Repairs a run holding at least two real digits: each group with a digit,
 * and a thousands group of `O`s after a comma (`15O,OOO`). A group without
 * digits otherwise stays (`l.15` is the listy abbreviation, not `1.15`).
 */
function fixDigits(run: string): string {
  if (run.replace(/\D/g, '').length < 2) return run;
  return run.replace(
    /(^|[.,:/])([\dOolI]+)/g,
    (_, sep: string, group: string) =>
      /\d/.test(group) || (sep === ',' && /^[Oo]{3}$/.test(group))
        ? `${sep}${group.replace(/[Oo]/g, '0').replace(/[lI]/g, '1')}`
        : `${sep}${group}`
  );
}

/** Archives the project's pages cite, by the acronym OCR gets wrong. */
const ARCHIVES = ['RGASPI', 'RGANI', 'RGAE', 'RGVA', 'GARF', 'APRF', 'TsAMO'];
const CONFUSABLE_I = /[lL1|]/g;
const ARCHIVE_BY_SHAPE = new Map(
  ARCHIVES.map((name) => [name.replace(CONFUSABLE_I, 'I'), name])
);

function fixCitationLine(line: string): string {
  if (!/\b(?:f\.|fond)\s*\d/.test(line) || !/\b(?:op\.|opis)\s*\d/.test(line)) {
    return line;
  }
  return (
    line
      // `d. 332, 1. 15` → `d. 332, l. 15`: after the file number, listy
      .replace(
        /(\b(?:d\.|delo)\s*\d[\w/-]*,\s*)(11|1)\.(?=\s*\d)/,
        (_, head: string, ls: string) => `${head}${'l'.repeat(ls.length)}.`
      )
      .replace(
        /^(\s*)([A-Za-z1|]{4,6})(?=[,\s])/,
        (m, lead: string, word: string) => {
          const known = ARCHIVE_BY_SHAPE.get(word.replace(CONFUSABLE_I, 'I'));
          return known && known !== word ? `${lead}${known}` : m;
        }
      )
  );
}
