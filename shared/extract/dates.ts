/**
 * Dates and times as the archive writes them: `October 9, 1950`,
 * `10/09/50 at 7:05 a.m.`, `31.8.50 11:32`, `0810 12 October 1949`,
 * `16.XII.1947`, `13.June.1951`. Two-digit and missing years, and the order
 * of day and month, are settled by the header date (the anchor).
 */

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
}

export interface TimeToken {
  readonly hour: number;
  readonly minute: number;
  readonly index: number;
  readonly length: number;
}

const NAMED_DMY = new RegExp(
  `\\b(\\d{1,2})[ .\\u00a0]+(${MONTH_NAMES})\\b\\.?(?:[ .,\\u00a0]+(\\d{4})\\b)?`,
  'i'
);
const NAMED_MDY = new RegExp(
  `\\b(${MONTH_NAMES})\\.?[ \\u00a0]+(\\d{1,2})\\b(?:,?[ \\u00a0]+(\\d{4})\\b)?`,
  'i'
);
const ROMAN_DMY = /\b(\d{1,2})\.[ \u00a0]?([IVX]{1,4})\.[ \u00a0]?(\d{2,4})\b/;
const NUMERIC = /\b(\d{1,2})([./])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d:])/;

/** Finds the first date in `s`, settled against `anchor`. */
export function findDate(s: string, anchor: YMD | null): DateToken | null {
  const found: DateToken[] = [];
  const named = NAMED_DMY.exec(s);
  if (named) {
    const month = monthNumber(named[2] ?? '');
    const year = expandYear(named[3], anchor);
    const date =
      month === null
        ? null
        : settle([{ month, day: Number(named[1]) }], year, anchor);
    if (date) found.push({ date, index: named.index, length: named[0].length });
  }
  const mdy = NAMED_MDY.exec(s);
  if (mdy) {
    const month = monthNumber(mdy[1] ?? '');
    const year = expandYear(mdy[3], anchor);
    const date =
      month === null
        ? null
        : settle([{ month, day: Number(mdy[2]) }], year, anchor);
    if (date) found.push({ date, index: mdy.index, length: mdy[0].length });
  }
  const roman = ROMAN_DMY.exec(s);
  if (roman) {
    const month = ROMAN[roman[2] ?? ''];
    const year = expandYear(roman[3], anchor);
    const date =
      month === undefined
        ? null
        : settle([{ month, day: Number(roman[1]) }], year, anchor);
    if (date) found.push({ date, index: roman.index, length: roman[0].length });
  }
  const numeric = NUMERIC.exec(s);
  if (numeric) {
    const a = Number(numeric[1]);
    const b = Number(numeric[3]);
    const year = expandYear(numeric[4], anchor);
    // A bare `d.m` with no year needs an anchor to be read as a date at all.
    if (year !== null || anchor !== null) {
      const date = settle(
        [
          { month: b, day: a },
          { month: a, day: b },
        ],
        year,
        anchor
      );
      if (date)
        found.push({ date, index: numeric.index, length: numeric[0].length });
    }
  }
  if (found.length === 0) return null;
  return found.reduce((x, y) => (y.index < x.index ? y : x));
}

const CLOCK = /\b(\d{1,2}):(\d{2})(?:[ \u00a0]*([ap])\.?[ \u00a0]?m\b\.?)?/i;
const MILITARY = /\bat[ \u00a0]+(\d{2})(\d{2})\b/i;
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
