/**
 * Facets and filter chips (web/facets.ts): each facet value links to the
 * search narrowed by it, the selected value links to the search without
 * it, and a partial count says so in words.
 */
import { describe, expect, it } from 'vitest';
import {
  type Facets,
  facetGroups,
  filterChips,
  matchSentence,
} from '../../../web/facets.ts';
import { parseRoute } from '../../../web/routes.ts';

/** Invented counts for a search of "Ri". */
const facets: Facets = {
  total: 7,
  complete: true,
  types: [
    { value: 'telegram', count: 5 },
    { value: 'letter', count: 2 },
  ],
  years: [
    { value: '1951', count: 4 },
    { value: '1949', count: 2 },
    { value: 'undated', count: 1 },
  ],
  people: [
    { key: 'ri sung yop', name: 'Ri Sung Yop', count: 6 },
    { key: 'pak hon yong', name: 'Pak Hon Yong', count: 3 },
  ],
};

const filtersOf = (href: string | null) => {
  const route = href ? parseRoute(href) : null;
  return route?.view === 'search' ? route.filters : null;
};

describe('web facets', () => {
  it('links each type, year and person to the search narrowed by it', () => {
    // Act
    const [types, years, people] = facetGroups(facets, { person: 'Ri' });

    // Assess
    expect(types?.entries.map((e) => [e.label, e.count, e.active])).toEqual([
      ['telegram', 5, false],
      ['letter', 2, false],
    ]);
    expect(filtersOf(types!.entries[1]!.href)).toEqual({
      person: 'Ri',
      type: 'letter',
    });
    expect(filtersOf(years!.entries[0]!.href)).toEqual({
      person: 'Ri',
      from: '1951',
      to: '1951',
    });
    expect(filtersOf(people!.entries[1]!.href)).toEqual({
      person: 'Pak Hon Yong',
    });
  });

  it('gives undated records a count but no link (no filter selects them)', () => {
    const years = facetGroups(facets, {})[1]!;
    expect(years.entries.at(-1)).toEqual({
      label: 'undated',
      count: 1,
      active: false,
      href: null,
    });
  });

  it('marks the selected values, and their links remove them', () => {
    // Prepare
    const filters = {
      person: 'ri sung yop',
      role: 'author',
      type: 'telegram',
      from: '1951',
      to: '1951',
    };

    // Act
    const [types, years, people] = facetGroups(facets, filters);

    // Assess
    const telegram = types!.entries[0]!;
    expect(telegram.active).toBe(true);
    expect(filtersOf(telegram.href)).toEqual({
      person: 'ri sung yop',
      role: 'author',
      from: '1951',
      to: '1951',
    });
    expect(years!.entries[0]!.active).toBe(true);
    expect(filtersOf(years!.entries[0]!.href)).toEqual({
      person: 'ri sung yop',
      role: 'author',
      type: 'telegram',
    });
    const ri = people!.entries[0]!;
    expect(ri.active).toBe(true);
    expect(filtersOf(ri.href)).toEqual({
      type: 'telegram',
      from: '1951',
      to: '1951',
    });
    expect(people!.entries[1]!.active).toBe(false);
  });

  it('does not take a date range for a selected year', () => {
    const years = facetGroups(facets, { from: '1949', to: '1951' })[1]!;
    expect(years.entries.some((e) => e.active)).toBe(false);
  });

  it('says when the counts cover only the newest records', () => {
    expect(matchSentence(facets)).toBe('7 records match.');
    expect(matchSentence({ ...facets, total: 1 })).toBe('1 record matches.');
    expect(matchSentence({ ...facets, total: 500, complete: false })).toBe(
      'More than 500 records match; the counts cover the newest 500.'
    );
    expect(matchSentence({ ...facets, total: 0 })).toBe('No records match.');
  });
});

describe('web filter chips', () => {
  it('shows each filter once, a single year as one chip, and not the page size', () => {
    // Act
    const chips = filterChips({
      person: 'Mao',
      role: 'author',
      from: '1950',
      to: '1950',
      status: 'failed',
      limit: '50',
    });

    // Assess
    expect(chips.map((c) => [c.label, c.value])).toEqual([
      ['Person', 'Mao'],
      ['Role', 'author'],
      ['Year', '1950'],
      ['Status', 'processing failures'],
    ]);
    expect(filtersOf(chips[0]!.removeHref)).toEqual({
      from: '1950',
      to: '1950',
      status: 'failed',
      limit: '50',
    });
    expect(filtersOf(chips[2]!.removeHref)).toEqual({
      person: 'Mao',
      role: 'author',
      status: 'failed',
      limit: '50',
    });
  });

  it('keeps a date range as two chips', () => {
    expect(
      filterChips({ from: '1949-01', to: '1950' }).map((c) => c.label)
    ).toEqual(['From', 'To']);
  });
});
