/**
 * Dates and times as the archive writes them: `October 9, 1950`,
 * `10/09/50 at 7:05 a.m.`, `31.8.50 11:32`, `0810 12 October 1949`,
 * `16.XII.1947`, `13.June.1951`. Two-digit and missing years, and the order
 * of day and month, are settled by the header date (the anchor); on a page
 * without the archive's frame, by the document's own date (`documentDate`)
 * and the order its numeric dates show (`dayMonthOrder`).
 */
import type { Span } from '#shared/schema/record.ts';
import { lineKind } from './forms.ts';
import type { Line } from './text.ts';

export interface YMD {
  readonly year: number;
  readonly month: number | null;
  readonly day: number | null;
}

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sept: 9,
  sep: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};

const ROMAN: Record<string, number> = {
  I: 1,
  II: 2,
  III: 3,
  IV: 4,
  V: 5,
  VI: 6,
  VII: 7,
  VIII: 8,
  IX: 9,
  X: 10,
  XI: 11,
  XII: 12,
};

export const MONTH_NAMES =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';

/**
 * Month names a translation keeps in the original language, in a dateline
 * or under a signature (`Budapest, 1972. július 1.`, `Berlin, den 3. Juni
 * 1969`, `La Habana, 3 de junio de 1969`, `Bucureşti, 3 iunie 1969`). Data,
 * each language with the archive's documents it comes from. Read only as
 * dates here: other modules' `MONTH_NAMES` stay English (`Mai` is also a
 * Vietnamese name).
 */
const FOREIGN_MONTHS: Readonly<Record<string, readonly string[]>> = {
  // Hungarian party and foreign ministry documents (year first)
  hungarian: [
    'január|jan',
    'február|febr',
    'március|márc',
    'április|ápr',
    'május|máj',
    'június|jún',
    'július|júl',
    'augusztus|aug',
    'szeptember|szept',
    'október|okt',
    'november|nov',
    'december|dec',
  ],
  // GDR and Austrian documents
  german: [
    'Januar|Jänner',
    'Februar',
    'März|Maerz',
    'April',
    'Mai',
    'Juni',
    'Juli',
    'August',
    'September',
    'Oktober|Okt',
    'November',
    'Dezember|Dez',
  ],
  // Cuban and other Spanish-language documents
  spanish: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre|setiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
  // Romanian documents
  romanian: [
    'ianuarie',
    'februarie',
    'martie',
    'aprilie',
    'mai',
    'iunie',
    'iulie',
    'august',
    'septembrie',
    'octombrie',
    'noiembrie',
    'decembrie',
  ],
};

for (const names of Object.values(FOREIGN_MONTHS))
  names.forEach((alts, i) => {
    for (const n of alts.split('|')) MONTHS[n.toLowerCase()] ??= i + 1;
  });

/** English and foreign month names, as dates are read in this module. */
const DATE_MONTHS = [MONTH_NAMES, ...Object.values(FOREIGN_MONTHS).flat()].join(
  '|'
);

/** Not inside a word (a lookbehind: `\b` does not see `á` as a letter). */
const NOT_AFTER_LETTER = '(?<![A-Za-z\\u00C0-\\u024F])';

/** `3rd`, `1st`: an ordinal suffix after a day. */
const ORD = '(?:st|nd|rd|th)?';

/** Month number for a month name or abbreviation, or null. */
export function monthNumber(name: string): number | null {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')] ?? null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO `YYYY`, `YYYY-MM` or `YYYY-MM-DD` for a (partial) date. */
export function isoDate(d: YMD): string {
  if (d.month === null) return String(d.year).padStart(4, '0');
  if (d.day === null)
    return `${String(d.year).padStart(4, '0')}-${pad(d.month)}`;
  return `${String(d.year).padStart(4, '0')}-${pad(d.month)}-${pad(d.day)}`;
}

function valid(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

const DATE_LINE = new RegExp(
  `^(?:(${MONTH_NAMES})\\.?\\s+(?:(\\d{1,2})(?:st|nd|rd|th)?,?\\s+)?)?(\\d{4})$`,
  'i'
);
const DATE_LINE_DMY = new RegExp(
  `^(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_NAMES})\\.?,?\\s+(\\d{4})$`,
  'i'
);

/**
 * Parses a page's date line: `October 9, 1950`, `November 1980`, `1950`,
 * `9 October 1950`. Returns null for anything else.
 */
export function parseDateLine(s: string): YMD | null {
  const t = s.trim();
  if (t.length > 40) return null;
  const m = DATE_LINE.exec(t);
  if (m) {
    const year = Number(m[3]);
    const month = m[1] ? monthNumber(m[1]) : null;
    const day = m[2] ? Number(m[2]) : null;
    if (month !== null && day !== null && !valid(year, month, day)) return null;
    return { year, month, day };
  }
  const d = DATE_LINE_DMY.exec(t);
  if (d) {
    const year = Number(d[3]);
    const month = monthNumber(d[2] ?? '');
    const day = Number(d[1]);
    if (month === null || !valid(year, month, day)) return null;
    return { year, month, day };
  }
  return null;
}

function expandYear(y: string | undefined, anchor: YMD | null): number | null {
  if (y === undefined || y === '') return null;
  const n = Number(y);
  if (y.length === 4) return n;
  if (y.length === 2) {
    const century = anchor ? Math.floor(anchor.year / 100) * 100 : 1900;
    return century + n;
  }
  return null;
}

function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/**
 * Settles a date whose year may be missing and whose day/month order may be
 * either: the candidate nearest the anchor wins.
 */
function settle(
  candidates: ReadonlyArray<{ month: number; day: number }>,
  year: number | null,
  anchor: YMD | null
): YMD | null {
  let best: YMD | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  const years =
    year !== null
      ? [year]
      : anchor
        ? [anchor.year, anchor.year - 1, anchor.year + 1]
        : [];
  for (const y of years) {
    for (const c of candidates) {
      if (!valid(y, c.month, c.day)) continue;
      const distance = anchor
        ? Math.abs(
            dayNumber(y, c.month, c.day) -
              dayNumber(anchor.year, anchor.month ?? 6, anchor.day ?? 15)
          )
        : 0;
      if (distance < bestDistance) {
        best = { year: y, month: c.month, day: c.day };
        bestDistance = distance;
      }
    }
  }
  return best;
}

export interface DateToken {
  readonly date: YMD;
  readonly index: number;
  readonly length: number;
  /**
   * True when the day/month order could be read either way and nothing on
   * the page settled it (no anchor, no order given): the reading is the
   * separator's usual order, and the record should carry a review flag.
   */
  readonly ambiguous?: boolean;
}

/** The order of day and month in numeric dates: `31.8.50` or `10/09/50`. */
export type DayMonthOrder = 'dmy' | 'mdy';

export interface TimeToken {
  readonly hour: number;
  readonly minute: number;
  readonly index: number;
  readonly length: number;
}

/**
 * `9 October 1950`, `3rd June 1969`, `3rd of June, 1969`, `3. Juni 1969`,
 * `3 de junio de 1969`, `2-3 December 1955` (a range gives its first day).
 */
const NAMED_DMY = new RegExp(
  `\\b(\\d{1,2})${ORD}(?:[-–]\\d{1,2}${ORD})?[ .\\u00a0]+(?:(?:of|de)[ \\u00a0]+)?(${DATE_MONTHS})\\b\\.?(?:[ .,\\u00a0]+(?:de[ \\u00a0]+)?\\[?(\\d{4})\\b\\]?)?`,
  'i'
);
/**
 * `October 9, 1950`, `June 3rd, 1969`, `December 9 [1950]` (a year
 * completed in brackets).
 */
const NAMED_MDY = new RegExp(
  `${NOT_AFTER_LETTER}(${DATE_MONTHS})\\.?[ \\u00a0]+(\\d{1,2})${ORD}\\b(?:,?[ \\u00a0]+\\[?(\\d{4})\\b\\]?)?`,
  'i'
);
/** `1972 July 1.`, `1972. július 1.`: year, month, day. */
const NAMED_YMD = new RegExp(
  `\\b(\\d{4})[ .,\\u00a0]+(${DATE_MONTHS})\\.?[ \\u00a0]+(\\d{1,2})\\b(?![.:/]?\\d)`,
  'i'
);
/**
 * A military date-time group, the US cable's `P 041530Z MAY 72`: day, hour
 * and minute run together, the zone letter (`Z` for UTC, or another
 * letter), the month's abbreviation and a two- or four-digit year (group 1
 * the day, 2 the month, 3 the year).
 */
const DATE_TIME_GROUP = new RegExp(
  `\\b(\\d{2})\\d{4}[A-Z][ \\u00a0]+(${MONTH_NAMES})[ \\u00a0]+(\\d{4}|\\d{2})\\b`,
  'i'
);
/** The words that join the ends of a range of days. */
const RANGE_JOIN =
  '[ \\u00a0]*(?:[-–—]|to|through|thru|till|until|and)[ \\u00a0]*';
/**
 * A range whose first day takes its month and year from the range's end:
 * `from 2 October through 16 October 1957`, `2 through 16 October 1957`,
 * `28 December to 3 January 1957` (a start month after the end's month is
 * in the year before). Groups: 1 day, 2 month (optional), 3 end month, 4 year.
 */
const RANGE_DMY = new RegExp(
  `\\b(\\d{1,2})${ORD}(?:[ .\\u00a0]+(?:of[ \\u00a0]+)?(${DATE_MONTHS})\\b\\.?)?,?${RANGE_JOIN}\\d{1,2}${ORD}[ .\\u00a0]+(?:of[ \\u00a0]+)?(${DATE_MONTHS})\\b\\.?,?[ \\u00a0]+(\\d{4})\\b`,
  'i'
);
/**
 * The same, month first: `October 2 to October 16, 1957`,
 * `October 2 through 16, 1957`. Groups: 1 month, 2 day, 3 end month, 4 year.
 */
const RANGE_MDY = new RegExp(
  `${NOT_AFTER_LETTER}(${DATE_MONTHS})\\.?[ \\u00a0]+(\\d{1,2})${ORD},?${RANGE_JOIN}(?:(${DATE_MONTHS})\\.?[ \\u00a0]+)?\\d{1,2}${ORD},?[ \\u00a0]+(\\d{4})\\b`,
  'i'
);
const ROMAN_DMY = /\b(\d{1,2})\.[ \u00a0]?([IVX]{1,4})\.[ \u00a0]?(\d{2,4})\b/;
/** `3 VI 1969`, `3-VI-1969`: a Roman month set with spaces or hyphens. */
const ROMAN_SPACED = /\b(\d{1,2})([ \u00a0]|-)([IVX]{1,4})\2(\d{4})\b/;
/** `1969. VI. 3.`, `1969.VI.3`: year, Roman month, day (Hungarian). */
const ROMAN_YMD =
  /\b(\d{4})\.[ \u00a0]?([IVX]{1,4})\.[ \u00a0]?(\d{1,2})\b(?![.:/]?\d)/;
/**
 * `1969.06.03`, `1969. 06. 03.`, `1969-06-03`, `1969/06/03`: a four-digit
 * year first, then month and day (never day and month).
 */
const NUMERIC_YMD =
  /\b(1[89]\d\d|20\d\d)([./-])[ \u00a0]?(\d{1,2})\2[ \u00a0]?(\d{1,2})\b(?![.:/]?\d)/;
/** `ON/26/26/X/62`: day (or a two-day range), Roman month, year. */
const ROMAN_SLASH = /\b(\d{1,2})(?:\/\d{1,2})?\/([IVX]{1,4})\/(\d{4}|\d{2})\b/;
/**
 * `31.8.50`, `10/09/50`, `31.8` (with an anchor); not a time written with
 * a dot and its unit (`10.15 hrs`, `10.15 p.m.`).
 */
const NUMERIC =
  /\b(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d:])(?![ \u00a0]*(?:hrs?|hours|hs|h|[ap]\.?[ \u00a0]?m)\b)/i;
/** `10-07-1977`: with hyphens only when a four-digit year follows. */
const NUMERIC_HYPHEN = /\b(\d{1,2})(-)(\d{1,2})-(\d{4})\b/;
/** `80. 02. 01`: two-digit year first, as a year can only be (above 31). */
const YY_MM_DD = /\b([3-9]\d)\.[ \u00a0]?(\d{2})\.[ \u00a0]?(\d{2})\b/;

/**
 * Finds the first date in `s`, settled against `anchor`. The order of day
 * and month in a numeric date is `order` where given, else the reading
 * nearest the anchor, else the separator's usual order (`31.8.50` day
 * first, `10/09/50` and `10-07-1977` month first) with `ambiguous` set when
 * both readings are valid dates.
 */
export function findDate(
  s: string,
  anchor: YMD | null,
  order: DayMonthOrder | null = null
): DateToken | null {
  const found: DateToken[] = [];
  const push = (m: RegExpExecArray, date: YMD | null, ambiguous = false) => {
    if (date)
      found.push({
        date,
        index: m.index,
        length: m[0].length,
        ...(ambiguous ? { ambiguous } : {}),
      });
  };
  // a range first: at the same place it is the more exact reading
  for (const [re, dayAt, monthAt] of [
    [RANGE_DMY, 1, 2],
    [RANGE_MDY, 2, 1],
  ] as const) {
    const r = re.exec(s);
    if (!r) continue;
    // `2 through 16 October`: the start's month from the end; `October
    // 2-16`: the end's from the start
    const start = monthNumber(r[monthAt] ?? r[3] ?? '');
    const end = monthNumber(r[3] ?? r[monthAt] ?? '');
    if (start === null || end === null) continue;
    const year = Number(r[4]) - (start > end ? 1 : 0);
    push(r, settle([{ month: start, day: Number(r[dayAt]) }], year, anchor));
  }
  const named = NAMED_DMY.exec(s);
  if (named) {
    const month = monthNumber(named[2] ?? '');
    const year = expandYear(named[3], anchor);
    push(
      named,
      month === null
        ? null
        : settle([{ month, day: Number(named[1]) }], year, anchor)
    );
  }
  const mdy = NAMED_MDY.exec(s);
  if (mdy) {
    const month = monthNumber(mdy[1] ?? '');
    const year = expandYear(mdy[3], anchor);
    push(
      mdy,
      month === null
        ? null
        : settle([{ month, day: Number(mdy[2]) }], year, anchor)
    );
  }
  const ymd = NAMED_YMD.exec(s);
  if (ymd) {
    const month = monthNumber(ymd[2] ?? '');
    push(
      ymd,
      month === null
        ? null
        : settle([{ month, day: Number(ymd[3]) }], Number(ymd[1]), anchor)
    );
  }
  const dtg = DATE_TIME_GROUP.exec(s);
  if (dtg) {
    const month = monthNumber(dtg[2] ?? '');
    push(
      dtg,
      month === null
        ? null
        : settle(
            [{ month, day: Number(dtg[1]) }],
            expandYear(dtg[3], anchor),
            anchor
          )
    );
  }
  for (const re of [ROMAN_DMY, ROMAN_SLASH]) {
    const roman = re.exec(s);
    if (!roman) continue;
    const month = ROMAN[roman[2] ?? ''];
    const year = expandYear(roman[3], anchor);
    push(
      roman,
      month === undefined
        ? null
        : settle([{ month, day: Number(roman[1]) }], year, anchor)
    );
  }
  const spaced = ROMAN_SPACED.exec(s);
  if (spaced) {
    const month = ROMAN[spaced[3] ?? ''];
    push(
      spaced,
      month === undefined
        ? null
        : settle([{ month, day: Number(spaced[1]) }], Number(spaced[4]), anchor)
    );
  }
  for (const re of [ROMAN_YMD, NUMERIC_YMD]) {
    const m = re.exec(s);
    if (!m) continue;
    const year = Number(m[1]);
    const month = re === ROMAN_YMD ? ROMAN[m[2] ?? ''] : Number(m[3]);
    const day = Number(re === ROMAN_YMD ? m[3] : m[4]);
    push(
      m,
      month !== undefined && valid(year, month, day)
        ? { year, month, day }
        : null
    );
  }
  const yy = YY_MM_DD.exec(s);
  if (yy) {
    const year = expandYear(yy[1], anchor) ?? 0;
    const month = Number(yy[2]);
    const day = Number(yy[3]);
    push(yy, valid(year, month, day) ? { year, month, day } : null);
  }
  for (const re of [NUMERIC, NUMERIC_HYPHEN]) {
    const numeric = re.exec(s);
    if (numeric) pushNumeric(numeric, anchor, order, push);
  }
  if (found.length === 0) return null;
  return found.reduce((x, y) => (y.index < x.index ? y : x));
}

function pushNumeric(
  m: RegExpExecArray,
  anchor: YMD | null,
  order: DayMonthOrder | null,
  push: (m: RegExpExecArray, date: YMD | null, ambiguous?: boolean) => void
): void {
  const a = Number(m[1]);
  const b = Number(m[3]);
  const year = expandYear(m[4], anchor);
  // A bare `d.m` with no year needs an anchor to be read as a date at all.
  if (year === null && anchor === null) return;
  const dmy = { month: b, day: a };
  const mdy = { month: a, day: b };
  if (order === null && anchor !== null) {
    push(m, settle([dmy, mdy], year, anchor));
    return;
  }
  const usual = order ?? (m[2] === '.' ? 'dmy' : 'mdy');
  const both =
    year !== null && a !== b && valid(year, b, a) && valid(year, a, b);
  push(
    m,
    settle(usual === 'dmy' ? [dmy, mdy] : [mdy, dmy], year, anchor),
    both && order === null
  );
}

/**
 * The page's own order of day and month, where one of its numeric dates
 * shows it (a component above 12: `09/30/50` is month first, `31.8.50` day
 * first); null when none does or they disagree.
 */
export function dayMonthOrder(texts: Iterable<string>): DayMonthOrder | null {
  let seen: DayMonthOrder | null = null;
  const re = /\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b/g;
  const lines = [...texts].filter((t) => t.length <= 2000);
  // the same day written with its month in words (`10/09/50` ... `9
  // October 1950`) shows which number is the month
  const named = namedDays(lines);
  for (const t of lines) {
    if (!/\d[./-]\d/.test(t)) continue;
    for (const m of t.matchAll(re)) {
      const a = Number(m[1]);
      const b = Number(m[2]);
      const yy = Number(m[3]);
      const year = (m[3] ?? '').length === 2 ? 1900 + yy : yy;
      const order: DayMonthOrder | null =
        a > 12 && a <= 31 && b >= 1 && b <= 12
          ? 'dmy'
          : b > 12 && b <= 31 && a >= 1 && a <= 12
            ? 'mdy'
            : a !== b && named.has(`${year}-${b}-${a}`)
              ? 'dmy'
              : a !== b && named.has(`${year}-${a}-${b}`)
                ? 'mdy'
                : null;
      if (!order) continue;
      if (seen && seen !== order) return null;
      seen = order;
    }
  }
  return seen;
}

const NAMED_DAY = new RegExp(
  `\\b(\\d{1,2})\\s+(${MONTH_NAMES})\\.?,?\\s+(\\d{4})\\b|\\b(${MONTH_NAMES})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`,
  'gi'
);

/** The days a page writes with the month in words, as `year-month-day`. */
function namedDays(lines: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const t of lines) {
    for (const m of t.matchAll(NAMED_DAY)) {
      const month = monthNumber(m[2] ?? m[4] ?? '');
      const day = Number(m[1] ?? m[5]);
      const year = Number(m[3] ?? m[6]);
      if (month) out.add(`${year}-${month}-${day}`);
    }
  }
  return out;
}

/** `7:05 a.m.`, `11:32`, `4 : 00 pm` (spaced as some transcripts set it). */
const CLOCK =
  /\b(\d{1,2}) ?: ?(\d{2})(?:[ \u00a0]*([ap])\.?[ \u00a0]?m\b\.?)?/i;
const MILITARY = /\bat[ \u00a0]+(\d{2})(\d{2})\b/i;
/**
 * A time with its unit: `10.15 hrs`, `10h15`, `1015 hrs`, `2100hs`,
 * `10.15 p.m.` (the dot is a date's separator without one).
 */
const CLOCK_UNIT =
  /\b(\d{1,2})(?:[.h]|(?=\d{2}[ \u00a0]*(?:hrs?|hours|hs)\b))(\d{2})(?:[ \u00a0]*(?:hrs?|hours|hs|h)\b|[ \u00a0]*([ap])\.?[ \u00a0]?m\b\.?|(?<=h\d{2}))/i;
const MILITARY_BARE = /^[ \u00a0]*(\d{2})(\d{2})\b/;

/** Finds the first time of day in `s` (`7:05 a.m.`, `11:32`, `at 0810`). */
export function findTime(s: string): TimeToken | null {
  const found: TimeToken[] = [];
  const clock = CLOCK.exec(s);
  if (clock) {
    let hour = Number(clock[1]);
    const minute = Number(clock[2]);
    const half = clock[3]?.toLowerCase();
    if (half === 'p' && hour < 12) hour += 12;
    if (half === 'a' && hour === 12) hour = 0;
    if (hour < 24 && minute < 60)
      found.push({ hour, minute, index: clock.index, length: clock[0].length });
  }
  const unit = CLOCK_UNIT.exec(s);
  if (unit) {
    let hour = Number(unit[1]);
    const minute = Number(unit[2]);
    const half = unit[3]?.toLowerCase();
    if (half === 'p' && hour < 12) hour += 12;
    if (half === 'a' && hour === 12) hour = 0;
    if (hour < 24 && minute < 60)
      found.push({ hour, minute, index: unit.index, length: unit[0].length });
  }
  for (const re of [MILITARY, MILITARY_BARE]) {
    const m = re.exec(s);
    if (m) {
      const hour = Number(m[1]);
      const minute = Number(m[2]);
      if (hour < 24 && minute < 60)
        found.push({ hour, minute, index: m.index, length: m[0].length });
    }
  }
  if (found.length === 0) return null;
  return found.reduce((x, y) => (y.index < x.index ? y : x));
}

/** `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD`. */
export function isoDateTime(date: YMD, time: TimeToken | null): string {
  const d = isoDate(date);
  return time ? `${d}T${pad(time.hour)}:${pad(time.minute)}` : d;
}

/** `June 1961`: a month and year with no day (a partial date). */
const MONTH_YEAR = new RegExp(
  `\\b(${MONTH_NAMES})\\.?,?[ \\u00a0]+(\\d{4})\\b`,
  'i'
);

/** A document's own date, with its span and whether its order was a guess. */
export interface DocumentDate {
  readonly value: YMD;
  readonly span: Span;
  readonly ambiguous: boolean;
}

/**
 * The date of a document without the archive's frame (RECORD.md, "Pages
 * without the archive's frame"): the first full or partial date in its
 * heading or header lines (a dateline `PYONGYANG, 80. 02. 01`,
 * `Moscow, 3 June 1969`, a date under the heading, the date of its first
 * sent/received line); failing that, a date in its closing lines (under
 * the signature, `Budapest, 1972 July 1.`); null when none gives a year.
 * A registration stamp in brackets (`[USSR MFA ... 7 February 1956]`) is
 * the archive's, not the document's.
 *
 * @param lines the page's lines; `[from, to)` the document body
 */
export function documentDate(
  lines: readonly Line[],
  from: number,
  to: number
): DocumentDate | null {
  const order = dayMonthOrder(
    lines.slice(from, to).map((l) => (l.text.length > 2000 ? '' : l.text))
  );
  let firstProse = to;
  let lastProse = -1;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line && isProse(line)) {
      if (firstProse === to) firstProse = i;
      lastProse = i;
    }
  }
  const heading = scan(lines, from, firstProse, order);
  if (heading) return heading;
  return scan(lines, Math.max(from, lastProse + 1), to, order);
}

/** Line kinds (forms.ts) that are a stamp, never a paragraph of prose. */
const STAMP_KINDS: ReadonlySet<string> = new Set([
  'sent',
  'received',
  'arrived',
  'deciphered',
  'cipher-number',
  'copies',
  'typist',
]);

/** A line that goes on with the heading above it: `of Comrade X about ...`. */
const HEADING_GOES_ON =
  /^(?:of|on|about|for|from|concerning|regarding|with|between|by|to)\s/;

/**
 * A sentence-like paragraph: eight words or more, four of them lower case,
 * ending as a sentence ends (a heading such as `Transcript of the Plenum
 * ..., 16 November 1989` does not), or too long to be a heading.
 */
function isProse(line: Line): boolean {
  const t = line.folded;
  // a stamp line reads like a sentence (`Sent from X by wire on 9/30/50 at
  // 8:35 p.m.`) and is header all the same
  if (t.length <= 300 && STAMP_KINDS.has(lineKind(t) ?? '')) return false;
  // a heading's second line (`of Comrade X about his visits ..., presented
  // on 19 June 1985`): no sentence opens with a lower-case preposition
  if (HEADING_GOES_ON.test(t) && !/[.!?;:…"”’)]$/u.test(t)) return false;
  if (t.length > 250) return true;
  const words = t.split(' ');
  if (words.length < 8) return false;
  if (words.filter((w) => /^\p{Ll}/u.test(w)).length < 4) return false;
  // a party's name ends a heading in its bracket (`... of the CC VKP(b)`,
  // `KPSS(b)`): the bracket is the name's, no sentence's close
  if (PARTY_BRACKET_END.test(t)) return false;
  return /[.!?;:…"”’)]$/u.test(t);
}

/** An acronym with a lower-case letter in brackets glued on, at the end. */
const PARTY_BRACKET_END = /\p{Lu}{2,}\(\p{Ll}{1,2}\)$/u;

function scan(
  lines: readonly Line[],
  from: number,
  to: number,
  order: DayMonthOrder | null
): DocumentDate | null {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 2000) continue;
    const masked = maskStamps(line.text, depth);
    depth = masked.depth;
    const d = findDate(masked.text, null, order);
    if (d) {
      return {
        value: d.date,
        span: {
          start: line.start + d.index,
          end: line.start + d.index + d.length,
        },
        ambiguous: d.ambiguous === true,
      };
    }
    const partial = MONTH_YEAR.exec(masked.text);
    const month = partial ? monthNumber(partial[1] ?? '') : null;
    if (partial && month !== null) {
      return {
        value: { year: Number(partial[2]), month, day: null },
        span: {
          start: line.start + partial.index,
          end: line.start + partial.index + partial[0].length,
        },
        ambiguous: false,
      };
    }
    const year = /^\s*(\d{4})\s*$/.exec(masked.text);
    if (year?.[1] && parseDateLine(year[1])) {
      const at = masked.text.indexOf(year[1]);
      return {
        value: { year: Number(year[1]), month: null, day: null },
        span: { start: line.start + at, end: line.start + at + 4 },
        ambiguous: false,
      };
    }
  }
  return null;
}

/**
 * Blanks out bracketed stamps and notes, keeping offsets: a bracket that
 * runs over lines (`[USSR MFA Far` ... `7 February 1956]`) or holds more
 * than a short editorial completion (`[1950]`, `[19]` stay).
 */
function maskStamps(
  text: string,
  depthIn: number
): { text: string; depth: number } {
  let depth = depthIn;
  const out = text.split('');
  let open = -1;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (c === '[') {
      if (depth === 0) open = k;
      depth++;
    } else if (c === ']' && depth > 0) {
      depth--;
      if (depth === 0) {
        const from = Math.max(open, 0);
        if (open < 0 || k - open - 1 > 12)
          for (let j = from; j <= k; j++) out[j] = ' ';
        open = -1;
      }
    }
  }
  // still open at the end of the line: a stamp block running on
  if (depth > 0)
    for (let j = Math.max(0, open); j < text.length; j++) out[j] = ' ';
  return { text: out.join(''), depth };
}
