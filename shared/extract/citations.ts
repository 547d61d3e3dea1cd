/**
 * Archival citations from the `Document Information` part:
 * `APRF, fond 45, opis 1, delo 347, listy 72-73`,
 * `AVP RF, f. 059a, op. 5a, d. 3, p. 11, ll. 198`, `PRC FMA 106-01403-02`.
 */
import type { Citation } from '#shared/schema/record.ts';
import { type Found, type Line, spanIn } from './text.ts';
import { ARCHIVE_WORDS, alternation } from './vocabulary.ts';

type Key = 'fond' | 'opis' | 'delo' | 'papka' | 'listy';

const KEYS: ReadonlyArray<readonly [RegExp, Key]> = [
  [/^(?:f\.|fond\b)\s*/i, 'fond'],
  [/^(?:op\.|opis\b)\s*/i, 'opis'],
  [/^(?:d\.|delo\b)\s*/i, 'delo'],
  [/^(?:p\.|papka\b)\s*/i, 'papka'],
  [/^(?:ll?\.|listy\b|list\b|l\b)\s*/i, 'listy'],
];

/** An archive name: capitalised tokens (`APRF`, `AVP RF`, `TsAMO RF`). */
const ARCHIVE =
  /(?<![\p{L}])\(?((?:[A-Z][A-Za-z]{0,6}\s){0,2}[A-Z][A-Za-z]{0,6})\)?(?:\s*[,:]\s*|\s+)(?=(?:f\.|F\.|fond|Fond)\s*[\w-]*\d)/gu;
/** An acronym opening a citation whose parts are not fond/opis/delo: `AMSZ, Department II, z. 9`. */
const LEADING_ACRONYM =
  /^\s*((?:[A-Z]{2,}\s)?[A-Z][A-Za-z]*[A-Z](?:-[A-Z][A-Za-z]*)?)\s*,/u;
/** An archive's acronym before a reference code: `PRC FMA 106-01403-02`, `MNL OL XIX-J-1-j`. */
const BARE_ARCHIVE = /^\s*((?:[A-Z]{2,}\s){0,2}[A-Z]{2,})\s+(?=[\w-]*\d)/u;
/** An acronym that the citation gives in brackets: `... Affairs (AMAE), ...`. */
const BRACKETED_ACRONYM = /\(([A-Z][A-Za-z]{1,9})\)/u;
const TAIL_LABEL =
  /^(?:Original Archive|Rights|Original Uploaded Date|Record ID|Associated\b.*)$/i;
/** A named archive: `Archive of the Ministry of Foreign Affairs, Republic of Poland`. */
const NAMED_ARCHIVE = new RegExp(
  `\\b(?:${alternation(ARCHIVE_WORDS)})\\b`,
  'u'
);

/** Reads the citations in lines `[from, to)`. */
export function readCitations(
  lines: readonly Line[],
  from: number,
  to: number
): Found<Citation>[] {
  const out: Found<Citation>[] = [];
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (!line || line.text.length > 20_000) continue;
    const t = line.text;
    let any = false;
    for (const m of t.matchAll(ARCHIVE)) {
      const name = m[1] ?? '';
      if ((name.match(/[A-Z]/g) ?? []).length < 2) continue;
      const citation = readFields(t, m.index + m[0].length);
      out.push({
        value: { archive: name.replace(/\s+/g, ''), ...citation.fields },
        span: spanIn(line, m.index, citation.end - m.index),
      });
      any = true;
    }
    if (
      !any &&
      !BARE_ARCHIVE.test(t) &&
      i === firstCitationLine(lines, from, to)
    ) {
      const named = namedArchive(line) ?? leadingAcronym(line);
      if (named) {
        out.push(named);
        continue;
      }
    }
    if (!any) {
      const bare = BARE_ARCHIVE.exec(t);
      if (bare?.[1] && bare[1].replace(/\s/g, '').length >= 4) {
        out.push({
          value: {
            archive: bare[1].replace(/\s+/g, ''),
            fond: null,
            opis: null,
            delo: null,
            papka: null,
            listy: null,
          },
          span: spanIn(
            line,
            bare.index + bare[0].indexOf(bare[1]),
            bare[1].length
          ),
        });
      }
    }
  }
  return out;
}

/**
 * The first line of the source part (after `Document Information` and an
 * optional `Source` label), where the citation stands.
 */
function firstCitationLine(
  lines: readonly Line[],
  from: number,
  to: number
): number {
  for (let i = from; i < to; i++) {
    const t = lines[i]?.folded ?? '';
    if (t === '' || /^Source:?$/i.test(t)) continue;
    // another label of the archive's tail: no citation stands here
    return TAIL_LABEL.test(t) ? -1 : i;
  }
  return -1;
}

/**
 * A citation without fond/opis/delo markers gives the archive alone: its
 * acronym where the citation gives one in brackets, else its name up to the
 * first part with a number (`Archive of Ministry of Foreign Affairs,
 * Republic of Poland, D-I-R-0-22-1-73` → `ArchiveofMinistryofForeignAffairs,RepublicofPoland`).
 * Published books (no `Archive` in the name, no acronym) give none.
 */
function namedArchive(line: Line): Found<Citation> | null {
  const t = line.text;
  const parts = t.split(/(?<=,)\s*/);
  let nameEnd = 0;
  for (const part of parts) {
    if (/\d/.test(part)) break;
    nameEnd +=
      part.length +
      (t.slice(nameEnd + part.length).match(/^\s*/)?.[0].length ?? 0);
  }
  // no part before a numbered one: the line is cut off before its code
  const head =
    nameEnd > 0
      ? t.slice(0, nameEnd).replace(/[\s,]+$/u, '')
      : /\d/.test(t)
        ? ''
        : t.replace(/[\s.]+$/u, '');
  if (!NAMED_ARCHIVE.test(head) || head.length > 200) return null;
  const acronym = BRACKETED_ACRONYM.exec(head);
  const empty = {
    fond: null,
    opis: null,
    delo: null,
    papka: null,
    listy: null,
  };
  if (acronym?.[1]) {
    // fond/opis/delo markers may follow other parts: `(DAMSP), PA, 1955,
    // f. 74, d. 3`
    const marker = /(?:^|[\s,;])((?:f\.|F\.|fond|Fond)\s*[\w-]*\d)/.exec(
      t.slice(nameEnd)
    );
    const fields = marker?.[1]
      ? readFields(t, nameEnd + marker.index + marker[0].indexOf(marker[1]))
      : null;
    return {
      value: { archive: acronym[1], ...(fields?.fields ?? empty) },
      span: spanIn(
        line,
        acronym.index + 1,
        fields ? fields.end - acronym.index - 1 : acronym[1].length
      ),
    };
  }
  const lead = t.length - t.trimStart().length;
  return {
    value: { archive: head.trim().replace(/\s+/g, ''), ...empty },
    span: spanIn(line, lead, head.trim().length),
  };
}

function leadingAcronym(line: Line): Found<Citation> | null {
  const m = LEADING_ACRONYM.exec(line.text);
  const name = m?.[1];
  if (!m || !name || name.replace(/\s/g, '').length < 3) return null;
  return {
    value: {
      archive: name.replace(/\s+/g, ''),
      fond: null,
      opis: null,
      delo: null,
      papka: null,
      listy: null,
    },
    span: spanIn(line, m[0].indexOf(name), name.length),
  };
}

function readFields(
  t: string,
  from: number
): { fields: Omit<Citation, 'archive'>; end: number } {
  const fields: Omit<Citation, 'archive'> = {
    fond: null,
    opis: null,
    delo: null,
    papka: null,
    listy: null,
  };
  let pos = from;
  let end = from;
  for (let guard = 0; guard < 12; guard++) {
    const rest = t.slice(pos);
    let matched = false;
    for (const [re, key] of KEYS) {
      const k = re.exec(rest);
      if (!k) continue;
      const v = /^([\w-]+)/.exec(rest.slice(k[0].length));
      if (!v?.[1] || !/\d/.test(v[1])) continue;
      let value = v[1];
      let length = k[0].length + v[1].length;
      if (key === 'listy') {
        // `l. 5 ob.`: the back of the sheet (oborot), as written
        const back = /^ ?(?:ob|об)\b/.exec(rest.slice(length));
        if (back) {
          value += back[0];
          length += back[0].length;
        }
        // `Ll. 2, 2ob` : more sheets after commas
        for (;;) {
          const more = /^,\s*(\d+(?:ob|об)?(?:-\d+(?:ob|об)?)?)(?!\w)/.exec(
            rest.slice(length)
          );
          if (!more?.[1]) break;
          value += `, ${more[1]}`;
          length += more[0].length;
        }
      }
      if (fields[key] === null) fields[key] = value;
      pos += length;
      end = pos;
      matched = true;
      break;
    }
    if (!matched) break;
    const sep = /^\s*,\s*/.exec(t.slice(pos));
    if (!sep) break;
    pos += sep[0].length;
  }
  return { fields, end };
}
