import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '#shared/errors/index.ts';
import { createQueryService, parseQueryFilters } from '#shared/query/index.ts';
import { fakeStore } from './fake-store.ts';
import { makeRecord } from './records.ts';

const telegram = (number: string) => ({
  number,
  origin: null,
  sentAt: null,
  receivedAt: null,
  arrivedAt: null,
  decipheredAt: null,
  decipheredBy: null,
  distribution: null,
  outgoingNumber: null,
  typedBy: null,
});

const RECORDS = [
  makeRecord('seed', {
    date: '1950-10-09',
    title: 'Telegram from Kim Il Sung to Stalin (via Shtykov)',
    authors: ['Kim Il Sung'],
    recipients: ['Stalin'],
    via: ['Shtykov'],
    signatories: ['Kim Il Sung'],
    telegram: telegram('600382/sh'),
    summary: 'Kim Il Sung requests training of Korean pilots.',
  }),
  makeRecord('filippov', {
    date: '1951-03-14',
    title: 'Ciphered Telegram No. 31418, Zakharov to Filippov [Stalin]',
    authors: ['Zakharov'],
    recipients: ['Stalin'],
    identifications: [{ alias: 'Filippov', name: 'Stalin' }],
    telegram: telegram('31418'),
  }),
  makeRecord('letter', {
    date: '1949-06-02',
    documentType: 'letter',
    title: 'Letter from Kim Il Sung to Shtykov on Assistance for Schools',
    authors: ['Kim Il Sung'],
    recipients: ['Shtykov'],
  }),
  makeRecord('conversation', {
    date: '1952-08-21',
    documentType: 'conversation',
    participants: ['Panyushkin', 'Zhou Enlai'],
    summary: 'Railway agreement and power station equipment.',
  }),
  makeRecord('undated', { date: null, authors: ['Kim Il Sung'] }),
  makeRecord('broken', {
    status: 'failed',
    documentType: 'other',
    title: null,
    failure: { reason: 'empty', message: 'empty file', attempts: 1 },
  }),
];

describe('createQueryService.search', () => {
  it('finds a person case-insensitively, newest date first, once per document', async () => {
    // Prepare
    const service = createQueryService(fakeStore(RECORDS));

    // Act
    const { items, cursor } = await service.search({ person: 'KIM il sung' });

    // Assess: seed names Kim Il Sung as author and signatory: listed once
    expect(items.map((r) => r.id)).toEqual(['seed', 'letter', 'undated']);
    expect(cursor).toBeNull();
  });

  it('finds records through the identifications the page gives', async () => {
    // Prepare
    const service = createQueryService(fakeStore(RECORDS));

    // Act
    const filippov = await service.search({ person: 'Filippov' });
    const stalin = await service.search({
      person: 'stalin',
      role: 'recipient',
    });

    // Assess
    expect(filippov.items.map((r) => r.id)).toEqual(['filippov']);
    expect(stalin.items.map((r) => r.id)).toEqual(['filippov', 'seed']);
  });

  it('combines person with type and date range', async () => {
    // Prepare
    const service = createQueryService(fakeStore(RECORDS));

    // Act
    const letters = await service.search({
      person: 'Kim Il Sung',
      type: 'letter',
    });
    const in1950 = await service.search({
      person: 'Kim Il Sung',
      from: '1950',
      to: '1950',
    });

    // Assess
    expect(letters.items.map((r) => r.id)).toEqual(['letter']);
    expect(in1950.items.map((r) => r.id)).toEqual(['seed']);
  });

  it('pages through every match with cursors, losing and repeating nothing', async () => {
    // Prepare
    const many = Array.from({ length: 23 }, (_, i) =>
      makeRecord(`r${String(i).padStart(2, '0')}`, {
        date: `19${50 + (i % 7)}-01-0${(i % 9) + 1}`,
        summary: i % 2 === 0 ? 'grain delivery' : 'other matters',
      })
    );
    const service = createQueryService(fakeStore(many));

    for (const filters of [{}, { text: 'grain' }, { type: 'telegram' }]) {
      // Act
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await service.search({
          ...filters,
          limit: 4,
          cursor: cursor ?? undefined,
        });
        seen.push(...page.items.map((r) => r.id));
        cursor = page.cursor;
        pages += 1;
      } while (cursor && pages < 50);

      // Assess
      const expected = many
        .filter((r) => !('text' in filters) || r.summary === 'grain delivery')
        .sort((a, b) => (`${a.date}#${a.id}` < `${b.date}#${b.id}` ? 1 : -1))
        .map((r) => r.id);
      expect(seen).toEqual(expected);
    }
  });

  it('uses the telegram index for --telegram and the year index by default', async () => {
    // Prepare
    const store = fakeStore(RECORDS);
    const service = createQueryService(store);

    // Act
    const byNumber = await service.search({ telegram: '600382/sh' });
    const all = await service.search({});

    // Assess
    expect(byNumber.items.map((r) => r.id)).toEqual(['seed']);
    expect(store.calls).toContain('telegram:600382/sh');
    expect(all.items.map((r) => r.id)).toEqual([
      'conversation',
      'filippov',
      'seed',
      'letter',
      'undated',
    ]);
  });

  it('matches every word of --text in title, summary or names', async () => {
    // Prepare
    const service = createQueryService(fakeStore(RECORDS));

    // Act
    const { items } = await service.search({ text: 'railway POWER' });

    // Assess
    expect(items.map((r) => r.id)).toEqual(['conversation']);
  });

  it('lists failure records with status failed', async () => {
    // Prepare
    const service = createQueryService(fakeStore(RECORDS));

    // Act
    const { items } = await service.search({ status: 'failed' });

    // Assess
    expect(items.map((r) => r.id)).toEqual(['broken']);
  });

  it('refuses a cursor from another query or an edited one', async () => {
    // Prepare
    const service = createQueryService(fakeStore(RECORDS));
    const { cursor } = await service.search({
      person: 'Kim Il Sung',
      limit: 1,
    });
    expect(cursor).toBeTruthy();
    const [payload, mac] = cursor!.split('.');
    const edited = `${Buffer.from('{"o":0}').toString('base64url')}.${mac}`;

    // Act + Assess
    await expect(
      service.search({ person: 'Stalin', cursor: cursor! })
    ).rejects.toThrow(/another query/);
    await expect(
      service.search({ person: 'Kim Il Sung', limit: 1, cursor: edited })
    ).rejects.toBeInstanceOf(ValidationError);
    expect(payload).toBeTruthy();
  });
});

describe('parseQueryFilters', () => {
  it('coerces limit and names the bad parameter', () => {
    // Act + Assess
    expect(parseQueryFilters({ limit: '5', person: 'x', text: '' })).toEqual({
      limit: 5,
      person: 'x',
    });
    expect(() => parseQueryFilters({ limit: '0' })).toThrow(/^limit/);
    expect(() => parseQueryFilters({ from: '10/09/50' })).toThrow(/^from/);
    expect(() => parseQueryFilters({ role: 'author' })).toThrow(
      /role needs person/
    );
    expect(() => parseQueryFilters({ type: 'poem' })).toThrow(/^type/);
    expect(() => parseQueryFilters({ colour: 'red' })).toThrow(
      /unknown filter "colour"/
    );
  });
});

describe('createQueryService.getRecordView', () => {
  it('returns warnings in words, the source link and the audit trail', async () => {
    // Prepare
    const records = [makeRecord('t', { warnings: ['truncated'] })];
    const service = createQueryService(fakeStore(records), {
      sourceLink: async (r) => `http://127.0.0.1:3000/source/${r.id}`,
    });

    // Act
    const view = await service.getRecordView('t');

    // Assess
    expect(view.warnings).toEqual([
      {
        code: 'truncated',
        message: expect.stringMatching(/stops mid-document/),
      },
    ]);
    expect(view.source).toMatchObject({
      key: 'incoming/t.txt',
      link: 'http://127.0.0.1:3000/source/t',
    });
    expect(view.auditTrail[0]?.type).toBe('stored');
    await expect(service.getRecordView('nope')).rejects.toBeInstanceOf(
      NotFoundError
    );
  });
});
