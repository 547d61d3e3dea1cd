/**
 * Full-text search over a record's decoded text, as the domain sees it:
 * how text is cut into words (`tokenize`, shared by the embedded runtime's
 * index and by every check here, so the index and the check never
 * disagree), how a query is read (`parseTextQuery`: words and "quoted
 * phrases"), whether a text satisfies it (`matchesText`) and the short
 * window of text shown with a hit (`snippet`). Pure: no SDK, no library.
 *
 * Words are maximal runs of letters, digits and combining marks, folded
 * case- and accent-insensitively (NFKD, marks dropped, lower case, plus
 * the few letters NFKD keeps whole: `FOLDED_LETTERS`). Han, Hiragana and
 * Katakana characters are one word each (those scripts put no space
 * between words), so a quoted run of them is a phrase of characters.
 * Everything else (spaces, line breaks, punctuation) separates words, so a
 * phrase matches across line breaks and punctuation.
 */
import { ValidationError } from '#shared/errors/index.ts';
import type { Snippet } from './ports.ts';

export type { Snippet } from './ports.ts';

/**
 * Bumped whenever `tokenize` changes what it returns: an index persisted
 * with another version is rebuilt, not trusted.
 */
export const TOKENIZER_VERSION = 1;

/** Most words and phrase words one query may hold. */
export const MAX_QUERY_TERMS = 32;

/**
 * Letters that Unicode NFKD leaves whole (no combining mark to drop), with
 * the plain spelling a reader types for them. Source: the Unicode
 * decomposition data (these code points have no decomposition mapping);
 * chosen for the European names and places the archive's pages print.
 */
const FOLDED_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss', // German sharp s (Weiß → weiss)
  ø: 'o', // Danish, Norwegian (Søren)
  ł: 'l', // Polish (Łódź, Wałęsa)
  đ: 'd', // Croatian, Vietnamese (Đilas)
  ħ: 'h', // Maltese
  ı: 'i', // Turkish dotless i (İnönü folds through NFKD; ı does not)
  æ: 'ae', // Danish, Norwegian, Latin
  œ: 'oe', // French (Œuvre)
  þ: 'th', // Icelandic
};
const FOLDED_LETTER_PATTERN = new RegExp(
  `[${Object.keys(FOLDED_LETTERS).join('')}]`,
  'g'
);

/** A word of a text: its folded form and its [start, end) offsets. */
export interface Token {
  term: string;
  start: number;
  end: number;
}

// one ideograph or kana, or a run of other letters, digits and marks
const WORD =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu;
const MARKS = /\p{M}+/gu;

/** The folded form of one word as written ('' when nothing is left). */
function fold(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(FOLDED_LETTER_PATTERN, (c) => FOLDED_LETTERS[c] ?? c);
}

/**
 * The words of `text` with their offsets in `text`.
 *
 * @param text any text
 * @example
 * tokenSpans('Péter,\nKIM') // [{term:'peter',start:0,end:5},{term:'kim',start:7,end:10}]
 */
export function tokenSpans(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const term = fold(match[0]);
    if (term === '') continue;
    tokens.push({
      term,
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return tokens;
}

/**
 * The folded words of `text`, in order: what the index stores and what
 * every query word is compared with.
 *
 * @param text any text
 * @example
 * tokenize('Chou En-lai, MAO Tsé-tung') // ['chou','en','lai','mao','tse','tung']
 */
export function tokenize(text: string): string[] {
  return tokenSpans(text).map((t) => t.term);
}

/**
 * A parsed text query: every word must occur as a word, every phrase as
 * consecutive words. Both are folded (`tokenize`).
 */
export interface TextQuery {
  words: string[];
  phrases: string[][];
}

const QUOTE = /["\u201C\u201D\u201E]/; // " “ ” „

/**
 * Reads a query: "quoted phrases" and bare words. A bare chunk that
 * splits into several words (`Tse-tung`, `600382/sh`) is a phrase too,
 * since the user typed it as one word. A one-word phrase is a word.
 *
 * @param input the query as typed
 * @throws ValidationError when a quote is not closed, nothing searchable is
 *   left, or the query holds more than `MAX_QUERY_TERMS` words
 * @example
 * parseTextQuery('treaty "Chou En-lai"') // {words:['treaty'], phrases:[['chou','en','lai']]}
 */
export function parseTextQuery(input: string): TextQuery {
  const words: string[] = [];
  const phrases: string[][] = [];
  const add = (terms: string[]) => {
    if (terms.length === 1) words.push(terms[0]!);
    else if (terms.length > 1) phrases.push(terms);
  };
  let rest = input;
  let offset = 0;
  for (;;) {
    const open = QUOTE.exec(rest);
    const bare = open ? rest.slice(0, open.index) : rest;
    for (const chunk of bare.split(/\s+/)) add(tokenize(chunk));
    if (!open) break;
    const after = rest.slice(open.index + 1);
    const close = QUOTE.exec(after);
    if (!close) {
      throw new ValidationError(
        `text: the quote at character ${offset + open.index + 1} is not closed`
      );
    }
    add(tokenize(after.slice(0, close.index)));
    offset += open.index + 1 + close.index + 1;
    rest = after.slice(close.index + 1);
  }
  const query: TextQuery = {
    words: [...new Set(words)],
    phrases: dedupePhrases(phrases),
  };
  const count = query.words.length + query.phrases.flat().length;
  if (count === 0) {
    throw new ValidationError(
      `text: "${input}" holds no word to search for (letters or digits)`
    );
  }
  if (count > MAX_QUERY_TERMS) {
    throw new ValidationError(
      `text: ${count} words, at most ${MAX_QUERY_TERMS} per search`
    );
  }
  return query;
}

function dedupePhrases(phrases: string[][]): string[][] {
  const seen = new Set<string>();
  return phrases.filter((p) => {
    const key = p.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Every distinct word the query needs, phrase words included: what an
 * index is asked for (a text holding the query holds each of them).
 *
 * @param q a parsed query
 */
export function queryTerms(q: TextQuery): string[] {
  return [...new Set([...q.words, ...q.phrases.flat()])];
}

/** Start indexes (in `terms`) of each occurrence of `phrase`. */
function phraseAt(terms: readonly string[], phrase: readonly string[]) {
  const at: number[] = [];
  const first = phrase[0];
  for (let i = 0; i + phrase.length <= terms.length; i += 1) {
    if (terms[i] !== first) continue;
    let j = 1;
    while (j < phrase.length && terms[i + j] === phrase[j]) j += 1;
    if (j === phrase.length) at.push(i);
  }
  return at;
}

/**
 * True when every word of `q` occurs in `text` as a word and every phrase
 * as consecutive words (across line breaks and punctuation).
 *
 * @param q a parsed query
 * @param text a decoded text
 */
export function matchesText(q: TextQuery, text: string): boolean {
  const terms = tokenize(text);
  const present = new Set(terms);
  if (!queryTerms(q).every((t) => present.has(t))) return false;
  return q.phrases.every((p) => phraseAt(terms, p).length > 0);
}

/**
 * A window of about `width` characters of `text` around a match, for a
 * results list. The window is centred on the first occurrence of the
 * query's first phrase found in the text, or else of its rarest word (the
 * one with fewest occurrences in this text); it starts and ends on word
 * boundaries, `…` marks each side that was cut, and runs of white space
 * are folded to one space. `marks` are the [start, end) offsets in the
 * returned `text` of every query word and whole phrase inside the window,
 * sorted and merged, so a page highlights them with text nodes (no HTML
 * is built here). A text that does not match gives its opening window
 * with whatever words of the query it shows marked.
 *
 * @param q a parsed query
 * @param text a decoded text
 * @param width the window's length in characters (the match alone when longer)
 * @example
 * snippet(parseTextQuery('treaty'), 'A long preamble … the treaty of 1950 …', 20)
 * // { text: '…the treaty of 1950…', marks: [[5, 11]] }
 */
export function snippet(q: TextQuery, text: string, width = 160): Snippet {
  if (!Number.isInteger(width) || width < 1) {
    throw new ValidationError(
      `snippet width: expected a positive integer, got ${width}`
    );
  }
  const folded = text.replace(/\s+/g, ' ').trim();
  const tokens = tokenSpans(folded);
  const terms = tokens.map((t) => t.term);
  const phraseHits = q.phrases.map((p) => ({
    length: p.length,
    at: phraseAt(terms, p),
  }));
  const wordHits = q.words.map((w) => ({
    length: 1,
    at: terms.flatMap((t, i) => (t === w ? [i] : [])),
  }));
  // the first phrase found, else the rarest word found
  let rarest: (typeof wordHits)[number] | undefined;
  for (const h of wordHits) {
    if (h.at.length > 0 && (!rarest || h.at.length < rarest.at.length)) {
      rarest = h;
    }
  }
  const anchor = phraseHits.find((h) => h.at.length > 0) ?? rarest;

  // the window, in offsets of `folded`
  let from = 0;
  let to = Math.min(folded.length, width);
  if (anchor) {
    const i = anchor.at[0]!;
    const mStart = tokens[i]!.start;
    const mEnd = tokens[i + anchor.length - 1]!.end;
    const before = Math.max(0, Math.floor((width - (mEnd - mStart)) * 0.4));
    from = Math.max(0, Math.min(mStart - before, folded.length - width));
    to = Math.max(mEnd, Math.min(folded.length, from + width));
  }
  // word boundaries: start on a word's first character (never before the
  // match: the match starts a word), end after a word's last one
  if (from > 0) from = tokens.find((t) => t.start >= from)?.start ?? from;
  if (to < folded.length) {
    const last = tokens.findLast((t) => t.end <= to);
    // no whole word fits (one word longer than the window): cut inside it
    if (last && last.end > from) to = last.end;
  }
  const head = from > 0 ? '…' : '';
  const tail = to < folded.length ? '…' : '';

  const marks: [number, number][] = [];
  const inside = (start: number, end: number) => start >= from && end <= to;
  const mark = (start: number, end: number) => {
    if (inside(start, end)) {
      marks.push([start - from + head.length, end - from + head.length]);
    }
  };
  for (const [k, hits] of phraseHits.entries()) {
    for (const i of hits.at) {
      mark(tokens[i]!.start, tokens[i + q.phrases[k]!.length - 1]!.end);
    }
  }
  for (const hits of wordHits) {
    for (const i of hits.at) mark(tokens[i]!.start, tokens[i]!.end);
  }
  return { text: head + folded.slice(from, to) + tail, marks: merge(marks) };
}

/** Sorted, overlapping spans joined. */
function merge(spans: [number, number][]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const span of sorted) {
    const last = out.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else out.push([span[0], span[1]]);
  }
  return out;
}
