/**
 * Facet counts for a search: how many records of the whole match (not
 * only the page) have each document type, year and person. Pure: the
 * service feeds it `FacetRow`s read from the indexes (type, year and
 * person-index entries with a few projected attributes), never records.
 * People are counted once per record under their person key, spellings
 * of one person merged the way the people listing merges them.
 */
import {
  displayName,
  groupPersonKeys,
  personKey,
} from '#shared/extract/names.ts';
import { namesAPerson } from '#shared/extract/people.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import type { QueryRole } from './filters.ts';
import type { FacetRow } from './ports.ts';

export interface FacetCount {
  value: string;
  count: number;
}

export interface PersonFacet {
  key: string;
  name: string;
  count: number;
}

export interface Facets {
  /** Records counted (the whole match when `complete`). */
  total: number;
  /** False when the match was larger than the facet limit. */
  complete: boolean;
  types: FacetCount[];
  /** Newest year first, `undated` last. */
  years: FacetCount[];
  people: PersonFacet[];
}

/** Roles a record names people in, as the person index keys them. */
export type NamedRole = QueryRole;

/** The names of a record by role (the person index and facets read these). */
export function namesByRole(
  record: DocumentRecord
): Array<[NamedRole, string[]]> {
  return [
    ['author', record.authors],
    ['recipient', record.recipients],
    ['via', record.via],
    ['participant', record.participants],
    ['signatory', record.signatories],
    ['signer', record.letter?.signedBy ? [record.letter.signedBy] : []],
    [
      'distribution',
      record.telegram?.distribution?.recipients.map((r) => r.name) ?? [],
    ],
  ];
}

/**
 * The people a record names, one written form per person key, the names
 * its identifications give included (`Filippov [Stalin]` counts Stalin);
 * bodies, places and distribution entries that name no one left out
 * (`namesAPerson`).
 */
export function recordPeople(record: DocumentRecord): string[] {
  const people = new Map<string, string>();
  for (const name of [
    ...namesByRole(record).flatMap(([, names]) => names),
    ...record.identifications.map((i) => i.name),
  ]) {
    if (!namesAPerson(name)) continue;
    const key = personKey(name);
    if (key && !people.has(key)) people.set(key, name);
  }
  return [...people.values()];
}

/** The facet row of a record already read. */
export function facetRowOf(record: DocumentRecord): FacetRow {
  return {
    id: record.id,
    documentType: record.documentType,
    date: record.date,
    people: recordPeople(record),
  };
}

/** At most this many people are listed. */
export const PERSON_FACETS = 50;
export const UNDATED = 'undated';

const byCount = (a: FacetCount, b: FacetCount) =>
  b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/**
 * Counts facets over rows (one per record; repeated ids are counted once).
 *
 * @param rows the whole match (or its first `limit` records)
 * @param complete whether `rows` is the whole match
 * @example countFacets([{ id: 'a', documentType: 'telegram', date: '1950-10-01', people: ['Stalin'] }], true)
 *   // { total: 1, types: [{ value: 'telegram', count: 1 }], years: [{ value: '1950', count: 1 }], … }
 */
export function countFacets(
  rows: Iterable<FacetRow>,
  complete: boolean
): Facets {
  const seen = new Set<string>();
  const types = new Map<string, number>();
  const years = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) =>
    m.set(k, (m.get(k) ?? 0) + 1);
  /** Per record: its people as key → the name it writes. */
  const named: Map<string, string>[] = [];
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    if (row.documentType) bump(types, row.documentType);
    bump(years, row.date ? row.date.slice(0, 4) : UNDATED);
    const keys = new Map<string, string>();
    for (const name of row.people) {
      const key = personKey(name);
      if (key && !keys.has(key)) keys.set(key, name);
    }
    named.push(keys);
  }
  // spellings of one person (a bare surname with its one complete name)
  // count once per record
  const groups = groupPersonKeys([
    ...new Set(named.flatMap((keys) => [...keys.keys()])),
  ]);
  const merged = new Map<
    string,
    { count: number; written: Map<string, number> }
  >();
  for (const keys of named) {
    const counted = new Set<string>();
    for (const [key, name] of keys) {
      const group = groups.get(key) ?? key;
      const m = merged.get(group) ?? { count: 0, written: new Map() };
      if (!counted.has(group)) m.count += 1;
      counted.add(group);
      bump(m.written, name);
      merged.set(group, m);
    }
  }
  return {
    total: seen.size,
    complete,
    types: [...types].map(([value, count]) => ({ value, count })).sort(byCount),
    years: [...years]
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) =>
        a.value === UNDATED
          ? 1
          : b.value === UNDATED
            ? -1
            : a.value < b.value
              ? 1
              : -1
      ),
    people: [...merged]
      .map(([key, m]) => ({
        key,
        name: displayName(m.written),
        count: m.count,
      }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1))
      .slice(0, PERSON_FACETS),
  };
}
