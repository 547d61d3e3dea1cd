/**
 * What the search page shows around its results: the facet filters (type,
 * year, person, each value with its count and the link that applies or
 * removes it), the active filters as removable chips, and the sentence
 * that counts the match. Pure data from the API's `facets` and the URL's
 * filters, so it is tested without a browser.
 */
import type { Facets } from '#functions/query/schemas.ts';
import { FILTER_LABELS, type FilterName, type Filters } from './options.ts';
import { recordCount } from './people.ts';
import { changeFilters, searchHref } from './routes.ts';

export type { Facets };

/** One value of a facet. */
export interface FacetEntry {
  /** The value as shown (`telegram`, `1950`, `Mao Zedong`). */
  label: string;
  count: number;
  /** Applies the value, or removes it when active; null: no filter for it. */
  href: string | null;
  /** The search is filtered by this value. */
  active: boolean;
}

export interface FacetGroup {
  name: 'type' | 'year' | 'person';
  title: string;
  entries: FacetEntry[];
}

/** `undated` in the year facet: records without a date (no filter for it). */
export const UNDATED = 'undated';

const same = (a: string | undefined, b: string) =>
  a !== undefined && a.toLocaleLowerCase() === b.toLocaleLowerCase();

/** Whether the search is limited to exactly one year (`from=to=YYYY`). */
export function activeYear(filters: Filters): string | null {
  return filters.from &&
    filters.from === filters.to &&
    /^\d{4}$/.test(filters.from)
    ? filters.from
    : null;
}

/**
 * The facet groups of a search. A click on a value narrows the search to
 * it (page 1); a click on the active value removes it. A year sets `from`
 * and `to`; a person replaces `person` and drops `role`.
 *
 * @param facets the API's counts for the whole match
 * @param filters the search's filters (from the URL)
 */
export function facetGroups(facets: Facets, filters: Filters): FacetGroup[] {
  const href = (changes: Partial<Record<FilterName, string | null>>) =>
    searchHref(changeFilters(filters, changes));
  const year = activeYear(filters);
  return [
    {
      name: 'type',
      title: 'By type',
      entries: facets.types.map(({ value, count }) => {
        const active = filters.type === value;
        return {
          label: value,
          count,
          active,
          href: href({ type: active ? null : value }),
        };
      }),
    },
    {
      name: 'year',
      title: 'By year',
      entries: facets.years.map(({ value, count }) => {
        const active = year === value;
        return {
          label: value,
          count,
          active,
          href:
            value === UNDATED
              ? null
              : href(
                  active ? { from: null, to: null } : { from: value, to: value }
                ),
        };
      }),
    },
    {
      name: 'person',
      title: 'By person',
      entries: facets.people.map(({ name, count }) => {
        const active = same(filters.person, name);
        return {
          label: name,
          count,
          active,
          href: href({ person: active ? null : name, role: null }),
        };
      }),
    },
  ];
}

/** An active filter as a chip: what it is and the link that removes it. */
export interface FilterChip {
  label: string;
  value: string;
  removeHref: string;
}

/**
 * The search's filters as removable chips, in URL order. A single year
 * (`from=to=YYYY`) is one chip; `limit` is a page size, not a filter.
 */
export function filterChips(filters: Filters): FilterChip[] {
  const chips: FilterChip[] = [];
  const remove = (changes: Partial<Record<FilterName, null>>) =>
    searchHref(changeFilters(filters, changes));
  const year = activeYear(filters);
  for (const [name, value] of Object.entries(filters) as [
    FilterName,
    string,
  ][]) {
    if (name === 'limit') continue;
    if (year && name === 'to') continue;
    if (year && name === 'from') {
      chips.push({
        label: 'Year',
        value: year,
        removeHref: remove({ from: null, to: null }),
      });
      continue;
    }
    chips.push({
      label: FILTER_LABELS[name],
      value:
        name === 'status'
          ? value === 'failed'
            ? 'processing failures'
            : 'documents'
          : value,
      removeHref: remove({ [name]: null }),
    });
  }
  return chips;
}

/**
 * The sentence that counts the match (`12 records match.`); when the
 * counts stopped at the facet limit, it says they cover the newest ones.
 */
export function matchSentence(facets: Facets): string {
  if (facets.total === 0) return 'No records match.';
  const verb = facets.total === 1 ? 'matches' : 'match';
  return facets.complete
    ? `${recordCount(facets.total)} ${verb}.`
    : `More than ${recordCount(facets.total)} match; the counts cover the newest ${facets.total}.`;
}
