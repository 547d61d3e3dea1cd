/**
 * Counted amounts in a request: `200-300 pilots` → 200..300 pilots,
 * `1,000 tankists`, `a thousand tons of fuel`, `five aircraft`,
 * `2 billion won`. Dates, times, durations, percentages, years, document
 * numbers and numbers with no counted noun are not quantities.
 */
import type { Quantity } from '#shared/schema/record.ts';
import { MONTH_NAMES } from './dates.ts';
import { WORD_NUMBERS } from './vocabulary.ts';

export interface QuantityFound {
  readonly value: Quantity;
  /** Offsets into the request text. */
  readonly start: number;
  readonly end: number;
}

const UNITS: Record<string, number> = {
  ...WORD_NUMBERS,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  // Russian, as mixed-script pages write them
  один: 1,
  одного: 1,
  одна: 1,
  два: 2,
  две: 2,
  двух: 2,
  три: 3,
  трёх: 3,
  трех: 3,
  четыре: 4,
  четырёх: 4,
  четырех: 4,
  пять: 5,
  пяти: 5,
  шесть: 6,
  семь: 7,
  восемь: 8,
  девять: 9,
  десять: 10,
};
const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
  dozen: 12,
};

const WORD = Object.keys(UNITS).join('|');
const SCALE = Object.keys(SCALES).join('|');
const NUMBER = new RegExp(
  `(?<![\\p{L}\\d.,/:-])(?:(\\d{1,3}(?:,\\d{3})+|\\d+(?:\\.\\d+)?)(?:\\s*(?:-|–|—)\\s*(\\d{1,3}(?:,\\d{3})+|\\d+))?(?![\\d.,:/]\\d|\\d|st\\b|nd\\b|rd\\b|th\\b|%)|(?:(a|an|${WORD})\\s+)?(${SCALE})s?\\b|(${WORD})(?:[-\\s](one|two|three|four|five|six|seven|eight|nine))?(?![\\p{L}]))(?:\\s+(${SCALE})s?\\b)?`,
  'giu'
);

const STOP = new Set(
  (
    'to from for in on at by with among into onto per via over under within without about after before during until through toward towards against between ' +
    'and or but nor which who whom that whose are is was were be been being will would shall should can could may might must have has had do does did ' +
    'each every as than so more less this these those it its their our your his her them they we us you also only already not no ' +
    // words that end a counted phrase without a preposition (`40,000 square meters worth of housing`)
    'worth instead apiece respectively altogether annually yearly monthly daily now then here there ' +
    'above below beyond across around along beside besides near upon except including like unlike since despite throughout regarding concerning ' +
    'в на с из к по для от до и или а но что который'
  ).split(' ')
);
const NOT_UNITS = new Set(
  "year years month months week weeks day days hour hours minute minutes second seconds decade decades century centuries percent per cent times time o'clock a.m. p.m. or of and to".split(
    ' '
  )
);
/** Head nouns of durations (RECORD.md: durations are not quantities). */
const DURATIONS = new Set(
  'year years month months week weeks day days hour hours minute minutes decade decades century centuries season seasons quarter quarters night nights'.split(
    ' '
  )
);
const isYear = (n: string) => /^(?:18|19|20)\d\d$/.test(n);

/** One word of a number written in words, with an optional hyphen before it. */
const NUMBER_TOKEN = /[ \t\u00a0]*-?[ \t\u00a0]*(\p{L}+)/uy;

/**
 * Reads a number written in words from `from`: `two hundred and fifty`,
 * `thirty-five thousand`, `fifteen hundred`, `two and a half thousand`,
 * `a thousand`. Returns its value and where it ends, or null.
 */
export function readNumberWords(
  text: string,
  from: number
): { value: number; end: number } | null {
  let total = 0;
  let current = 0;
  let any = false;
  let end = from;
  let pos = from;
  for (let k = 0; k < 12; k++) {
    NUMBER_TOKEN.lastIndex = pos;
    const m = NUMBER_TOKEN.exec(text);
    if (!m?.[1]) break;
    const w = m[1].toLowerCase();
    const after = NUMBER_TOKEN.lastIndex;
    if (w === 'and') {
      // `and a half`, or `and` before the rest of the number
      const half = /^\s+a\s+half\b/i.exec(text.slice(after));
      if (half && any) {
        current += 0.5;
        pos = after + half[0].length;
        end = pos;
        continue;
      }
      pos = after;
      continue;
    }
    if ((w === 'a' || w === 'an') && !any && current === 0) {
      current = 1;
      pos = after;
      continue;
    }
    const n = UNITS[w];
    const scale = SCALES[w] ?? SCALES[w.replace(/s$/, '')];
    if (n !== undefined) {
      const fits =
        current === 0 ||
        (current % 100 === 0 && n < 100) ||
        (current % 10 === 0 && current % 100 >= 20 && n < 10);
      if (!fits) break;
      current += n;
    } else if (scale !== undefined && (any || current === 1)) {
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
    } else break;
    any = true;
    pos = after;
    end = pos;
  }
  if (!any) return null;
  return { value: total + current, end };
}

const MONTH = new RegExp(`^(?:${MONTH_NAMES})\\b`, 'i');
const MONTH_BEFORE = new RegExp(`(?:${MONTH_NAMES})\\.?\\s+$`, 'i');

/** Reads the counted amounts of one request's text, in order. */
export function readQuantities(text: string): QuantityFound[] {
  const out: QuantityFound[] = [];
  if (text.length > 20_000) return out;
  let skipUntil = 0;
  for (const m of text.matchAll(NUMBER)) {
    let whole = m[0];
    if (whole.trim() === '' || m.index < skipUntil) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (/(?:No\.?|Nº|N°|#|number)\s*$/i.test(before)) continue;
    // `November 5` is a date; `November 5,000 tons` is not
    // (a number in words after a month is no day: `October two divisions`)
    if (MONTH_BEFORE.test(before) && m[1] && /^\d{1,2}$/.test(m[1])) continue;
    let min: number;
    let max: number;
    if (m[1]) {
      if (
        /^\d{4}$/.test(m[1]) &&
        !m[2] &&
        Number(m[1]) >= 1800 &&
        Number(m[1]) <= 2100 &&
        !m[7]
      )
        continue;
      min = Number(m[1].replace(/,/g, ''));
      max = m[2] ? Number(m[2].replace(/,/g, '')) : min;
      // a span of years (`in 1958-1959`) is no amount
      if (m[2] && isYear(m[1]) && isYear(m[2])) continue;
    } else if (m[4]) {
      const lead = m[3]?.toLowerCase();
      // `several hundred`, `many thousands`: a scale with no number
      if (lead === undefined) continue;
      const scale = SCALES[m[4].toLowerCase()] ?? 1;
      min =
        (lead === undefined || lead === 'a' || lead === 'an'
          ? 1
          : (UNITS[lead] ?? 1)) * scale;
      max = min;
    } else if (m[5]) {
      min =
        (UNITS[m[5].toLowerCase()] ?? 0) +
        (m[6] ? (UNITS[m[6].toLowerCase()] ?? 0) : 0);
      max = min;
    } else continue;
    if (m[7]) {
      const scale = SCALES[m[7].toLowerCase()] ?? 1;
      min *= scale;
      max *= scale;
    }
    // `half a million`: half of what follows
    let start = m.index;
    const half = /\bhalf\s+$/i.exec(
      text.slice(Math.max(0, m.index - 8), m.index)
    );
    if (half && /^an?$/i.test(m[3] ?? '') && m[4]) {
      min /= 2;
      max /= 2;
      start = m.index - half[0].length;
    }
    // a number in words goes on past what the pattern took:
    // `two hundred and fifty`, `two and a half thousand`
    if (!m[1] && start === m.index) {
      const words = readNumberWords(text, m.index);
      if (words && words.end > m.index + whole.length) {
        min = words.value;
        max = words.value;
        whole = text.slice(m.index, words.end);
      }
    }
    // a range written with `to` or `or` (`8 to 10 engineers`, `six or
    // seven`): rising, and not from a year (`in 1976 to 19 million tons`)
    if (min === max && !m[2]) {
      const joint = /^\s+(?:or|to)\s+/.exec(text.slice(m.index + whole.length));
      if (joint) {
        const at = m.index + whole.length + joint[0].length;
        const digits = /^(\d{1,3}(?:,\d{3})+|\d+)(?![\d.,:/]\d|%)/.exec(
          text.slice(at)
        );
        const upper = digits?.[1]
          ? {
              value: Number(digits[1].replace(/,/g, '')),
              end: at + digits[1].length,
            }
          : readNumberWords(text, at);
        if (upper && upper.value > min && !isYear(String(min))) {
          max = upper.value;
          whole = text.slice(m.index, upper.end);
        }
      }
    }
    const unit = readUnit(text, m.index + whole.length);
    if (!unit) continue;
    skipUntil = unit.end;
    out.push({
      value: { min, max, unit: unit.value },
      start,
      end: unit.end,
    });
  }
  return out;
}

/** The counted noun phrase after a number, lower case, up to a stop word. */
function readUnit(
  text: string,
  from: number
): { value: string; end: number } | null {
  const rest = text.slice(from, from + 160);
  const lead = /^(?:\s+|-)/.exec(rest);
  if (!lead) return null;
  const words: string[] = [];
  let pos = lead[0].length;
  let end = from;
  let afterOf = false;
  while (words.length < 8) {
    // a word may carry a model number after a hyphen (`Mi-4`, `T-34`)
    const w = /^[\p{L}](?:[\p{L}-]|(?<=[-\p{N}])\p{N}|['’](?=\p{L}))*/u.exec(
      rest.slice(pos)
    );
    if (!w) break;
    const word = w[0];
    const lower = word.toLowerCase();
    // a participle after the counted noun opens a clause
    // (`plants producing synthetic fibre`), unless it follows `of`
    if (
      words.length > 0 &&
      /(?:ing|ed)$/.test(lower) &&
      words[words.length - 1] !== 'of'
    )
      break;
    if (words.length === 0 && (NOT_UNITS.has(lower) || MONTH.test(word)))
      return null;
    if (lower === 'of') {
      if (words.length === 0) return null;
      afterOf = true;
    } else if (STOP.has(lower)) break;
    words.push(lower);
    pos += word.length;
    end = from + pos;
    const gap = /^ (?=[\p{L}])/u.exec(rest.slice(pos));
    if (!gap) break;
    pos += 1;
  }
  while (
    words.length > 0 &&
    ['of', 'the', 'a', 'an'].includes(words[words.length - 1] ?? '')
  ) {
    words.pop();
  }
  if (words.length === 0) return null;
  // a span of time is not a counted amount, however qualified
  // (`two dry seasons`, `three full years`): judged by the head noun
  const ofAt = words.indexOf('of');
  const head = ofAt > 0 ? words[ofAt - 1] : words[words.length - 1];
  if (head && DURATIONS.has(head)) return null;
  void afterOf;
  return { value: words.join(' '), end };
}
