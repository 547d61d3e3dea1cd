/**
 * The page's URLs (web/routes.ts): every filter of `GET /records`, the
 * page cursor, the people index and a record survive a round trip through
 * the fragment, so a search can be bookmarked and reloaded.
 */
import { describe, expect, it } from 'vitest';
import { QueryFiltersSchema } from '#shared/query/index.ts';
import { FILTER_NAMES, type Filters } from '../../../web/options.ts';
import {
  changeFilters,
  parseRoute,
  peopleHref,
  personHref,
  recordHref,
  searchHref,
} from '../../../web/routes.ts';

describe('web routes', () => {
  it('names exactly the filters GET /records accepts (cursor kept apart)', () => {
    // Act
    const accepted = Object.keys(QueryFiltersSchema.def.shape).filter(
      (name) => name !== 'cursor'
    );

    // Assess
    expect([...FILTER_NAMES].sort()).toEqual(accepted.sort());
  });

  it('round-trips every filter and the page position of a search', () => {
    // Prepare: an invented search with every filter set
    const filters: Filters = {
      text: '"rice harvest" Pyongyang',
      person: 'Chou En-lai',
      role: 'recipient',
      type: 'telegram',
      from: '1950-06',
      to: '1951',
      telegram: '4581/sh',
      status: 'ok',
      limit: '50',
    };
    const at = { cursor: 'eyJrIjoxfQ.abc-_', page: 3 };

    // Act
    const href = searchHref(filters, at);
    const back = parseRoute(href);

    // Assess
    expect(back).toEqual({ view: 'search', filters, ...at });
    expect(href.startsWith('#/?text=')).toBe(true);
    expect(href).toContain('person=Chou+En-lai');
  });

  it('writes filters in one order, whatever order they were set in', () => {
    expect(searchHref({ type: 'letter', person: 'Mao' })).toBe(
      '#/?person=Mao&type=letter'
    );
    expect(searchHref({})).toBe('#/');
  });

  it('drops unknown and empty parameters and reads page 1 without a cursor', () => {
    // Act
    const route = parseRoute('#/?person=%20Mao%20&colour=red&type=&page=4');

    // Assess
    expect(route).toEqual({
      view: 'search',
      filters: { person: 'Mao' },
      cursor: null,
      page: 1,
    });
  });

  it('reads a cursor without a usable page number as page 2', () => {
    expect(parseRoute('#/?person=Mao&cursor=c1&page=zero')).toMatchObject({
      cursor: 'c1',
      page: 2,
    });
  });

  it('reads the people index with its prefix and page', () => {
    // Act
    const href = peopleHref('Ki', { cursor: 'p2', page: 2 });

    // Assess
    expect(href).toBe('#/people?prefix=Ki&cursor=p2&page=2');
    expect(parseRoute(href)).toEqual({
      view: 'people',
      prefix: 'Ki',
      cursor: 'p2',
      page: 2,
    });
    expect(parseRoute('#/people')).toEqual({
      view: 'people',
      prefix: '',
      cursor: null,
      page: 1,
    });
  });

  it('reads a record id, encoded or not', () => {
    // Prepare
    const id = 'telegram-no-12.ab3f';

    // Act + Assess
    expect(parseRoute(recordHref(id))).toEqual({ view: 'record', id });
    expect(parseRoute('#/records/a%20b')).toEqual({
      view: 'record',
      id: 'a b',
    });
    expect(parseRoute('#/records/50%')).toEqual({ view: 'record', id: '50%' });
  });

  it('treats an unknown path as the search page without filters', () => {
    expect(parseRoute('#/nowhere')).toEqual({
      view: 'search',
      filters: {},
      cursor: null,
      page: 1,
    });
    expect(parseRoute('')).toMatchObject({ view: 'search', filters: {} });
  });

  it('links a person to their records in any role', () => {
    expect(personHref('Kim Il Sung')).toBe('#/?person=Kim+Il+Sung');
  });

  it('changes filters, and drops the role with the person', () => {
    // Prepare
    const filters: Filters = { person: 'Mao', role: 'author', type: 'letter' };

    // Act + Assess
    expect(changeFilters(filters, { type: 'telegram' })).toEqual({
      person: 'Mao',
      role: 'author',
      type: 'telegram',
    });
    expect(changeFilters(filters, { person: null })).toEqual({
      type: 'letter',
    });
    expect(changeFilters(filters, { type: '  ' })).toEqual({
      person: 'Mao',
      role: 'author',
    });
    expect(filters).toEqual({ person: 'Mao', role: 'author', type: 'letter' });
  });
});
