/**
 * The query service's person search by any part of a name, its facet
 * counts and the people listing, over the in-memory store (which resolves
 * names with the same name-key functions as the DynamoDB adapter).
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors/index.ts';
import {
  countFacets,
  createQueryService,
  facetRowOf,
  summarizePerson,
  type TextIndex,
} from '#shared/query/index.ts';
import { fakeStore } from './fake-store.ts';
import { makeRecord } from './records.ts';

const RECORDS = [
  makeRecord('m1', {
    date: '1950-10-02',
    documentType: 'telegram',
    authors: ['Mao Zedong'],
    recipients: ['Filippov'],
    identifications: [{ alias: 'Filippov', name: 'Stalin' }],
  }),
  makeRecord('m2', {
    date: '1949-12-16',
    documentType: 'conversation',
    participants: ['Mao Tse-tung', 'I.V. Stalin'],
  }),
  makeRecord('m3', {
    date: '1958-07-31',
    documentType: 'conversation',
    participants: ['MAO ZEDONG', 'N.S. Khrushchev'],
  }),
  makeRecord('z1', {
    date: '1952-08-20',
    documentType: 'conversation',
    participants: ['Chou En-lai', 'Stalin'],
  }),
  makeRecord('k1', {
    date: '1950-09-29',
    documentType: 'letter',
    authors: ['Kim Il-sung'],
    recipients: ['Iosif Vissarionovich Stalin'],
  }),
  makeRecord('k2', {
    date: null,
    documentType: 'telegram',
    authors: ['Kim Dong-gyu'],
  }),
  makeRecord('failed', {
    status: 'failed',
    failure: { reason: 'empty', message: 'empty', attempts: 1 },
  }),
];

const ids = (items: { id: string }[]) => items.map((r) => r.id).sort();

describe('person search by any part of a name', () => {
  const service = createQueryService(fakeStore(RECORDS));

  it('finds Mao Zedong by surname, in Pinyin, Wade–Giles and capitals', async () => {
    for (const name of ['Mao', 'Mao Zedong', 'Mao Tse-tung', 'MAO ZEDONG']) {
      const { items } = await service.search({ person: name });
      expect(ids(items), name).toEqual(['m1', 'm2', 'm3']);
    }
  });

  it('finds Zhou Enlai written in Wade–Giles by his Pinyin name', async () => {
    const { items } = await service.search({ person: 'Zhou Enlai' });
    expect(ids(items)).toEqual(['z1']);
  });

  it('finds every spelling of Stalin, and the code name the page identifies', async () => {
    const { items } = await service.search({ person: 'Stalin' });
    expect(ids(items)).toEqual(['k1', 'm1', 'm2', 'z1']);
    const initials = await service.search({ person: 'I.V. Stalin' });
    expect(ids(initials.items)).toEqual(['k1', 'm1', 'm2', 'z1']);
  });

  it('tells two people with one surname apart by the given name', async () => {
    const kim = await service.search({ person: 'Kim' });
    expect(ids(kim.items)).toEqual(['k1', 'k2']);
    const kimIlSung = await service.search({ person: 'Kim Il Sung' });
    expect(ids(kimIlSung.items)).toEqual(['k1']);
  });

  it('applies role with the merged keys', async () => {
    const { items } = await service.search({ person: 'Mao', role: 'author' });
    expect(ids(items)).toEqual(['m1']);
  });

  it('returns nothing for a name nobody in the archive has', async () => {
    const { items, cursor } = await service.search({ person: 'Tito' });
    expect(items).toEqual([]);
    expect(cursor).toBeNull();
  });
});

describe('facets', () => {
  it('count types, years and people over the whole match, not the page', async () => {
    const service = createQueryService(fakeStore(RECORDS));
    const { items, facets } = await service.search(
      { person: 'Mao', limit: 1 },
      { facets: true }
    );
    expect(items).toHaveLength(1);
    expect(facets?.total).toBe(3);
    expect(facets?.complete).toBe(true);
    expect(facets?.types).toEqual([
      { value: 'conversation', count: 2 },
      { value: 'telegram', count: 1 },
    ]);
    expect(facets?.years).toEqual([
      { value: '1958', count: 1 },
      { value: '1950', count: 1 },
      { value: '1949', count: 1 },
    ]);
    const people = Object.fromEntries(
      (facets?.people ?? []).map((p) => [p.key, p.count])
    );
    // Mao in all three, under three spellings; Stalin twice (once by the code name)
    expect(people['mao zedong']).toBe(3);
    expect(
      (facets?.people ?? []).find((p) => p.key.startsWith('stalin'))?.count
    ).toBe(2);
  });

  it('equal the counts computed by reading every matching record', async () => {
    const service = createQueryService(fakeStore(RECORDS));
    for (const filters of [
      {},
      { type: 'conversation' as const },
      { from: '1950', to: '1952' },
      { person: 'Stalin' },
    ]) {
      const { facets } = await service.search(filters, { facets: true });
      const all: { id: string }[] = [];
      let cursor: string | null = null;
      do {
        const page = await service.search({
          ...filters,
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        all.push(...page.items);
        cursor = page.cursor;
      } while (cursor);
      const read = countFacets(
        RECORDS.filter((r) => all.some((a) => a.id === r.id)).map(facetRowOf),
        true
      );
      expect(facets, JSON.stringify(filters)).toEqual(read);
    }
  });

  it('put undated last and merge a bare surname into its one full name', () => {
    const facets = countFacets(
      [
        { id: 'a', documentType: 'letter', date: null, people: ['Stalin'] },
        {
          id: 'b',
          documentType: 'letter',
          date: '1950',
          people: ['Stalin', 'Iosif Vissarionovich Stalin'],
        },
        { id: 'b', documentType: 'letter', date: '1950', people: [] },
      ],
      false
    );
    expect(facets.total).toBe(2);
    expect(facets.complete).toBe(false);
    expect(facets.years.map((y) => y.value)).toEqual(['1950', 'undated']);
    expect(facets.people).toHaveLength(1);
    expect(facets.people[0]?.count).toBe(2);
  });

  it('are left out unless asked for', async () => {
    const service = createQueryService(fakeStore(RECORDS));
    const result = await service.search({ person: 'Mao' });
    expect(result.facets).toBeUndefined();
  });
});

describe('text search through a full-text index', () => {
  const index: TextIndex = {
    async search(query) {
      return query === 'railway'
        ? [
            {
              id: 'z1',
              snippet: { text: 'the railway line', marks: [[4, 11]] },
            },
            { id: 'm3', snippet: { text: 'a railway', marks: [[2, 9]] } },
          ]
        : [];
    },
  };

  it('takes ids and snippets from the index and applies the other filters', async () => {
    const service = createQueryService(fakeStore(RECORDS), {
      textIndex: index,
    });
    const all = await service.search({ text: 'railway' }, { facets: true });
    expect(all.items.map((r) => r.id)).toEqual(['m3', 'z1']); // newest first
    expect(all.snippets?.z1?.text).toBe('the railway line');
    expect(all.facets?.total).toBe(2);
    const withPerson = await service.search({
      text: 'railway',
      person: 'Zhou',
    });
    expect(withPerson.items.map((r) => r.id)).toEqual(['z1']);
  });
});

describe('people listing', () => {
  it('merges spellings, counts records by role and lists the years', async () => {
    const service = createQueryService(fakeStore(RECORDS));
    const { items } = await service.listPeople({ prefix: 'M' });
    const mao = items.find((p) => p.key === 'mao zedong');
    expect(mao).toMatchObject({
      records: 3,
      roles: { author: 1, participant: 2 },
      years: ['1949', '1950', '1958'],
    });
    expect(mao?.variants.sort()).toEqual(
      ['MAO ZEDONG', 'Mao Tse-tung', 'Mao Zedong'].sort()
    );
    expect(mao?.name).not.toBe('MAO ZEDONG');
    expect(items.every((p) => p.key.startsWith('m'))).toBe(true);
  });

  it('refuses a bad limit and a prefix without letters', async () => {
    const service = createQueryService(fakeStore(RECORDS));
    await expect(service.listPeople({ limit: 0 })).rejects.toThrow(
      ValidationError
    );
    await expect(service.listPeople({ prefix: '--' })).rejects.toThrow(
      /prefix/
    );
  });

  it('counts a document once per role however many spellings it writes', () => {
    const summary = summarizePerson('stalin', [
      {
        documentId: 'a',
        role: 'recipient',
        date: '1950-01-01',
        name: 'Stalin',
      },
      {
        documentId: 'a',
        role: 'recipient',
        date: '1950-01-01',
        name: 'I.V. Stalin',
      },
      {
        documentId: 'b',
        role: 'author',
        date: null,
        name: 'Filippov',
        identifiedAs: 'Stalin',
      },
    ]);
    expect(summary.records).toBe(2);
    expect(summary.roles).toEqual({ recipient: 1, author: 1 });
    expect(summary.years).toEqual(['1950']);
    // a code name is not a spelling
    expect(summary.variants).not.toContain('Filippov');
  });
});
