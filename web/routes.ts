/**
 * The page's URLs: what the fragment says (a search, the people index or
 * one record) and how to write one. Every view is a fragment, so the back
 * button, reloads, bookmarks and shared links work and the server needs no
 * routing:
 *
 * - `#/?person=Mao&type=telegram` a search: the filters of `GET /records`
 *   (FILTER_NAMES, in that order), then `cursor` and `page` past page 1
 * - `#/people?prefix=K` the people index, with its own `cursor` and `page`
 * - `#/records/<id>` one record
 * - `#/review?flag=copies-mismatch` the records that need review, oldest
 *   first (optionally those with one flag), with `cursor` and `page`
 *
 * Pure (no DOM), so it is tested without a browser.
 */
import { FILTER_NAMES, type FilterName, type Filters } from './options.ts';

/** Where a paged list stands: page 1 has no cursor. */
export interface PagePosition {
  /** The API's cursor for this page; null on page 1. */
  cursor: string | null;
  /** 1-based page number, for display only (the cursor is the position). */
  page: number;
}

export type Route =
  | ({ view: 'search'; filters: Filters } & PagePosition)
  | ({ view: 'people'; prefix: string } & PagePosition)
  | { view: 'record'; id: string }
  | ({ view: 'review'; flag: string | null } & PagePosition);

const FIRST: PagePosition = { cursor: null, page: 1 };

function position(params: URLSearchParams): PagePosition {
  const cursor = params.get('cursor')?.trim() || null;
  if (!cursor) return FIRST;
  const page = Number(params.get('page'));
  return { cursor, page: Number.isInteger(page) && page > 1 ? page : 2 };
}

/** The known, non-empty filters of a query string (others are dropped). */
export function filtersFrom(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/**
 * Reads a fragment (`location.hash`, with or without `#`). Anything it
 * does not know is the search page without filters.
 *
 * @example parseRoute('#/?person=Mao') // { view: 'search', filters: { person: 'Mao' }, cursor: null, page: 1 }
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const record = /^\/records\/([^?]+)$/.exec(path);
  if (record) {
    let id = record[1]!;
    try {
      id = decodeURIComponent(id);
    } catch {
      // a stray % stays as typed; the API answers "not found"
    }
    return { view: 'record', id };
  }
  const people = /^\/people\/?(?:\?(.*))?$/.exec(path);
  if (people) {
    const params = new URLSearchParams(people[1] ?? '');
    return {
      view: 'people',
      prefix: params.get('prefix')?.trim() ?? '',
      ...position(params),
    };
  }
  const review = /^\/review\/?(?:\?(.*))?$/.exec(path);
  if (review) {
    const params = new URLSearchParams(review[1] ?? '');
    return {
      view: 'review',
      flag: params.get('flag')?.trim() || null,
      ...position(params),
    };
  }
  const query = /^\/?\?(.*)$/.exec(path)?.[1] ?? '';
  const params = new URLSearchParams(query);
  return { view: 'search', filters: filtersFrom(params), ...position(params) };
}

function withPosition(params: URLSearchParams, at?: PagePosition): string {
  if (at?.cursor) {
    params.set('cursor', at.cursor);
    params.set('page', String(at.page));
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The fragment of a search: filters in FILTER_NAMES order, then the page.
 *
 * @example searchHref({ type: 'telegram', person: 'Mao' }) // '#/?person=Mao&type=telegram'
 */
export function searchHref(filters: Filters, at?: PagePosition): string {
  const params = new URLSearchParams();
  for (const name of FILTER_NAMES) {
    const value = filters[name]?.trim();
    if (value) params.set(name, value);
  }
  return `#/${withPosition(params, at)}`;
}

/** The fragment of the people index (`#/people?prefix=K`). */
export function peopleHref(prefix = '', at?: PagePosition): string {
  const params = new URLSearchParams();
  if (prefix.trim()) params.set('prefix', prefix.trim());
  return `#/people${withPosition(params, at)}`;
}

/** The fragment of the review queue (`#/review?flag=truncated`). */
export function reviewHref(flag: string | null = null, at?: PagePosition) {
  const params = new URLSearchParams();
  if (flag?.trim()) params.set('flag', flag.trim());
  return `#/review${withPosition(params, at)}`;
}

/** The fragment of one record. */
export function recordHref(id: string): string {
  return `#/records/${encodeURIComponent(id)}`;
}

/** The records naming a person, in any role (`#/?person=Mao+Zedong`). */
export function personHref(name: string): string {
  return searchHref({ person: name });
}

/**
 * Filters with some changed: a string sets, null removes. Removing
 * `person` removes `role` too (the API refuses a role without a person).
 *
 * @example changeFilters({ person: 'Mao', role: 'author' }, { person: null }) // {}
 */
export function changeFilters(
  filters: Filters,
  changes: Partial<Record<FilterName, string | null>>
): Filters {
  const next: Filters = { ...filters };
  for (const [name, value] of Object.entries(changes) as [
    FilterName,
    string | null | undefined,
  ][]) {
    if (value === undefined) continue;
    if (value === null || value.trim() === '') delete next[name];
    else next[name] = value.trim();
  }
  if (!next.person) delete next.role;
  return next;
}

/** The same search key for the same filters, whatever their order. */
export function filtersKey(filters: Filters): string {
  return searchHref(filters);
}
