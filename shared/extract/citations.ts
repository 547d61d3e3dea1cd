/**
 * Archival citations from the `Document Information` part:
 * `APRF, fond 45, opis 1, delo 347, listy 72-73`,
 * `AVP RF, f. 059a, op. 5a, d. 3, p. 11, ll. 198`, `PRC FMA 106-01403-02`.
 */
import type { Citation } from '#shared/schema/record.ts';
import { type Found, type Line, spanIn } from './text.ts';

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
  /(?<![\p{L}])((?:[A-Z][A-Za-z]{0,6}\s){0,2}[A-Z][A-Za-z]{0,6})\s*[,:]\s*(?=(?:f\.|F\.|fond|Fond)\s*\d)/gu;
const BARE_ARCHIVE = /^\s*((?:[A-Z]{2,}\s){0,2}[A-Z]{2,})\s+\d[\d-]*/u;

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
