/**
 * The extraction rules one by one, on examples written for these tests
 * (not taken from the corpus), so that each rule is pinned down apart from
 * the pages it was first seen on.
 */
import { describe, expect, it } from 'vitest';
import { readCitations } from '#shared/extract/citations.ts';
import {
  findDate,
  findTime,
  isoDateTime,
  parseDateLine,
} from '#shared/extract/dates.ts';
import { readDistribution } from '#shared/extract/distribution.ts';
import { extract } from '#shared/extract/index.ts';
import { cleanName, signatureName } from '#shared/extract/people.ts';
import { readQuantities } from '#shared/extract/quantities.ts';
import { splitLines } from '#shared/extract/text.ts';
import { readTitle } from '#shared/extract/title.ts';

const anchor = { year: 1951, month: 3, day: 4 };

describe('dates', () => {
  it.each([
    ['March 4, 1951', '1951-03-04'],
    ['March 4th, 1951', '1951-03-04'],
    ['4 March 1951', '1951-03-04'],
    ['June 1961', '1961-06'],
    ['1961', '1961'],
  ])('reads the date line %s', (line, iso) => {
    const d = parseDateLine(line);
    expect(d && isoDateTime(d, null)).toBe(iso);
  });

  it('rejects lines that are not only a date', () => {
    expect(parseDateLine('March 4, 1951, Moscow')).toBeNull();
    expect(parseDateLine('February 30, 1951')).toBeNull();
  });

  it.each([
    ['03/05/51', '1951-03-05'], // US order, nearest the anchor
    ['5.3.51', '1951-03-05'],
    ['5.3', '1951-03-05'], // the year from the anchor
    ['16.III.1951', '1951-03-16'],
    ['7. II. 1951', '1951-02-07'],
    ['13.March.1951', '1951-03-13'],
    ['2 March', '1951-03-02'],
    ['28 December', '1950-12-28'], // nearer across the new year
  ])('settles %s against the header date', (text, iso) => {
    const d = findDate(text, anchor);
    expect(d && isoDateTime(d.date, null)).toBe(iso);
  });

  it.each([
    ['at 7:05 a.m.', '07:05'],
    ['at 3:40 p.m.', '15:40'],
    ['12:15 a.m.', '00:15'],
    ['13:30 p.m.', '13:30'],
    ['received at 0950', '09:50'],
  ])('reads the time %s', (text, hhmm) => {
    const t = findTime(text);
    expect(
      t &&
        `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`
    ).toBe(hhmm);
  });
});

describe('quantities', () => {
  const q = (s: string) => readQuantities(s).map((x) => x.value);

  it('reads ranges, thousands separators and words as numbers', () => {
    expect(
      q(
        'to send 150-200 instructors and 2,500 rifles, and a hundred trucks of flour'
      )
    ).toEqual([
      { min: 150, max: 200, unit: 'instructors' },
      { min: 2500, max: 2500, unit: 'rifles' },
      { min: 100, max: 100, unit: 'trucks of flour' },
    ]);
    expect(q('to deliver seven tankers to the port')).toEqual([
      { min: 7, max: 7, unit: 'tankers' },
    ]);
    expect(q('a loan of 3 million rubles')).toEqual([
      { min: 3_000_000, max: 3_000_000, unit: 'rubles' },
    ]);
  });

  it('keeps what follows `of` but not other prepositions', () => {
    expect(q('the 40 officers of the signal corps who arrived')).toEqual([
      { min: 40, max: 40, unit: 'officers of the signal corps' },
    ]);
  });

  it('does not count dates, times, durations, years, percentages, numbers and ordinals', () => {
    expect(
      q(
        'by April 15 we ask for it, on 3 May, within two years, in 1952, 5 percent more, telegram No. 44 of the 12th army, at 10:30'
      )
    ).toEqual([]);
    expect(q('one of the ministers, 12 or 14 of them')).toEqual([]);
  });
});

describe('names', () => {
  const name = (s: string) => cleanName(s, 0)?.name.value ?? null;

  it.each([
    ['Soviet Ambassador to Poland Ponomarenko', 'Ponomarenko'],
    ['Soviet Representative Ivan Petrov in Harbin', 'Ivan Petrov'],
    ['the Polish Embassy in Moscow', 'Polish Embassy in Moscow'],
    ['Cde. Zhou Enlai', 'Zhou Enlai'],
    ['Filippov [Stalin]', 'Stalin'],
    ['Feng Xi (Stalin)', 'Stalin'],
    ['the Premier [Zhou Enlai]', 'Zhou Enlai'],
    ['Chen [Yi]', 'Chen'],
    ['[Deng] Xiaoping', 'Xiaoping'],
    [
      'USSR Deputy Minister of Foreign Affairs',
      'USSR Deputy Minister of Foreign Affairs',
    ],
  ])('cleans %s', (raw, expected) => {
    expect(name(raw)).toBe(expected);
  });

  it('joins spaced capitals and title-cases signatures', () => {
    expect(signatureName('R O S H C H I N', 0)?.value).toBe('Roshchin');
    expect(signatureName('V. MOLOTOV', 0)?.value).toBe('V. Molotov');
  });
});

describe('titles', () => {
  const t = (title: string) => readTitle(title, 0, new Set());

  it('types a title by its leading words and reads its people', () => {
    const a = t(
      'Ciphered Telegram No. 4417, Vasilevsky to Filippov [Stalin] (via Zakharov)'
    );
    expect(a.documentType).toBe('telegram');
    expect(a.number?.value).toBe('4417');
    expect(a.authors.map((f) => f.value)).toEqual(['Vasilevsky']);
    expect(a.recipients.map((f) => f.value)).toEqual(['Stalin']);
    expect(a.via.map((f) => f.value)).toEqual(['Zakharov']);
  });

  it.each([
    [
      'Record of Conversation between Molotov and Ambassador Kirk',
      'conversation',
      ['Molotov', 'Kirk'],
    ],
    [
      'Minutes of a Meeting between the Polish Delegation and the Soviet Delegation',
      'conversation',
      ['Polish Delegation', 'Soviet Delegation'],
    ],
    [
      'Session of the CPSU CC Presidium, 12 May 1957',
      'minutes',
      ['CPSU CC Presidium'],
    ],
    ['Minutes of the Plenum of the KWP CC', 'minutes', ['KWP CC']],
    [
      'Resolution of the CPSU CC Presidium on Korea',
      'minutes',
      ['CPSU CC Presidium'],
    ],
    [
      'Record of Conversation of N. S. Khrushchev with Kim Il Sung',
      'conversation',
      ['N. S. Khrushchev', 'Kim Il Sung'],
    ],
    [
      'Excerpt from the Journal of Ambassador to the PRC P. F. Yudin',
      'diary',
      [],
    ],
    ['Information on the Situation in the Army', 'report', []],
    ['Speech by Zhou Enlai at the Conference', 'speech', []],
  ])('reads %s', (title, type, participants) => {
    const r = t(title);
    expect(r.documentType).toBe(type);
    expect(r.participants.map((f) => f.value)).toEqual(participants);
  });

  it.each([
    [
      'Telegram No. 203 from the Soviet Ambassador to the PRC, P. Yudin, to the USSR MFA',
      ['P. Yudin'],
      ['USSR MFA'],
    ],
    [
      'Cable, Kim Il Sung and Pak Hon Yong to Stalin',
      ['Kim Il Sung', 'Pak Hon Yong'],
      ['Stalin'],
    ],
    [
      'Ciphered telegram from Roshchin in Beijing to Filippov [Stalin]',
      ['Roshchin'],
      ['Stalin'],
    ],
    ['Speech of Kim Il Sung at the Third Party Congress', ['Kim Il Sung'], []],
    [
      'Letter from the CCP Central Committee to the CPSU Central Committee',
      ['CCP Central Committee'],
      ['CPSU Central Committee'],
    ],
  ])('reads the people of %s', (title, authors, recipients) => {
    const r = t(title);
    expect(r.authors.map((f) => f.value)).toEqual(authors);
    expect(r.recipients.map((f) => f.value)).toEqual(recipients);
  });

  it('drops an office written beside a name', () => {
    const r = t(
      'Letter from Ivan Petrov, Deputy Head of the Far Eastern Department, to Molotov'
    );
    expect(r.authors.map((f) => f.value)).toEqual(['Ivan Petrov']);
    expect(r.recipients.map((f) => f.value)).toEqual(['Molotov']);
  });
});

describe('distribution lists', () => {
  const read = (text: string) => {
    const lines = splitLines(text);
    const d = readDistribution(lines, 0, lines.length);
    return (
      d && {
        copies: d.copies?.value ?? null,
        recipients: d.recipients.map((r) => [r.name.value, r.copies]),
      }
    );
  };

  it.each([
    [
      'Distribution list - 6 copies: Molotov - 3, Bulganin - 1,\nfile - 1.',
      {
        copies: 6,
        recipients: [
          ['Molotov', 3],
          ['Bulganin', 1],
          ['file', 1],
        ],
      },
    ],
    [
      'Copies: Molotov (3), Bulganin, file',
      {
        copies: null,
        recipients: [
          ['Molotov', 3],
          ['Bulganin', 1],
          ['file', 1],
        ],
      },
    ],
    [
      'Copy Nº 1 to Cde. Bulganin\nCopy Nº 2\nto Cde. Bulganin\nCopy Nº 3 to Cde. Zhukov',
      {
        copies: null,
        recipients: [
          ['Bulganin', 2],
          ['Zhukov', 1],
        ],
      },
    ],
    [
      'Four copies printed\n1 – to Cde. Zhukov\n2 – to Cde. Zhukov\n3 – to the 2nd Department\n4 – to file',
      {
        copies: 4,
        recipients: [
          ['Zhukov', 2],
          ['the 2nd Department', 1],
          ['file', 1],
        ],
      },
    ],
    [
      'copies NºNº 1-3 to Cde. Zhukov\ncopy Nº 4 – to Cde. Bulganin',
      {
        copies: null,
        recipients: [
          ['Zhukov', 3],
          ['Bulganin', 1],
        ],
      },
    ],
  ])('reads %j', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('does not take the copy number of the page itself, or a ban on copying, as a list', () => {
    expect(
      read(
        'received at 0915 3 March 1951  Copy Nº 2\n\nMaking copies is prohibited'
      )
    ).toBeNull();
  });
});

describe('telegram header variants', () => {
  const header = (h: string) =>
    extract(
      `Skip to content\n\nApril 12, 1951\n\nCiphered Telegram, Zakharov to Filippov [Stalin]\n\n${h}\n\nThe Korean comrades report that the repair of the bridges continues on schedule.\n\nRecord ID`
    ).telegram;

  it.each([
    [
      'Sent: 12.4.51, 10:30\nReceived: 12.4.51, 14:05',
      { sentAt: '1951-04-12T10:30', receivedAt: '1951-04-12T14:05' },
    ],
    ['Dispatched 12 April 1951 at 23:40 hours', { sentAt: '1951-04-12T23:40' }],
    ['Transmitted at 0315 12 April', { sentAt: '1951-04-12T03:15' }],
    ['Arrived 12.IV.51 at 09:10', { arrivedAt: '1951-04-12T09:10' }],
    [
      'Sent 11.4.51 at 23:50 Received 12.4.51 at 03:15',
      { sentAt: '1951-04-11T23:50', receivedAt: '1951-04-12T03:15' },
    ],
    ['Ciphered telegram No. 4411', { number: '4411' }],
  ])('reads %j', (h, expected) => {
    expect(header(h)).toMatchObject(expected);
  });

  it('reads distribution written as `Distribution:` and `Produced in N copies for:`', () => {
    expect(header('Distribution: Stalin, Molotov')?.distribution).toEqual({
      copies: null,
      recipients: [
        { name: 'Stalin', copies: 1 },
        { name: 'Molotov', copies: 1 },
      ],
    });
    expect(
      header('Produced in 4 copies for: Stalin - 2, Molotov (1), file')
        ?.distribution
    ).toEqual({
      copies: 4,
      recipients: [
        { name: 'Stalin', copies: 2 },
        { name: 'Molotov', copies: 1 },
        { name: 'file', copies: 1 },
      ],
    });
  });
});

describe('citations', () => {
  const read = (line: string) => {
    const lines = splitLines(line);
    return readCitations(lines, 0, lines.length).map((c) => c.value);
  };

  it('reads abbreviated and spelled-out citations, several per line', () => {
    expect(
      read(
        'AVP RF, f. 07, op. 24, d. 13, p. 32, ll. 5-9; and RGASPI, Fond 82, Opis 2, Delo 1263, Listy 40, 40ob.'
      )
    ).toEqual([
      {
        archive: 'AVPRF',
        fond: '07',
        opis: '24',
        delo: '13',
        papka: '32',
        listy: '5-9',
      },
      {
        archive: 'RGASPI',
        fond: '82',
        opis: '2',
        delo: '1263',
        papka: null,
        listy: '40, 40ob',
      },
    ]);
  });
});

describe('cross-field checks', () => {
  const page = (header: string) =>
    `Skip to content\n\nMarch 4, 1951\n\nCiphered Telegram No. 77, Zakharov to Filippov [Stalin]\n\n${header}\n\nThe report follows in the usual order for your information and decision today.\n\nRecord ID\n\n1`;

  it('flags received before sent on a deciphered telegram, and copies that do not add up', () => {
    const r = extract(
      page(
        'Sent 4.3.51 at 18:00\nReceived 4.3.51 at 17:00\nDeciphered by Ivanov 4.3.51 at 19:00\nDistribution list - 3 copies: Stalin - 1, Molotov - 1.'
      )
    );
    expect(r.telegram?.sentAt).toBe('1951-03-04T18:00');
    expect(r.warnings).toEqual(['distribution-copies-mismatch', 'time-order']);
  });

  it('takes an early Received stamp on an outgoing telegram as normal', () => {
    const r = extract(
      page('Received at 0100 4 March 1951\nSent at 0300 4 March 1951')
    );
    expect(r.warnings).toEqual([]);
  });

  it('flags numbered points that skip or repeat a number', () => {
    const r = extract(
      page(
        '1. First point of the request here.\n\n3. Third point of the request here.'
      )
    );
    expect(r.requests.map((x) => x.number)).toEqual([1, 3]);
    expect(r.warnings).toEqual(['request-numbering-gap']);
  });
});

describe('a letter document', () => {
  const page = [
    'Skip to content',
    '',
    'May 5, 1952',
    '',
    'Letter from Pak Hon Yong to Vyshinsky on Printing Paper',
    '',
    'To the Minister of Foreign Affairs of the USSR',
    'Comrade A. Ya. VYSHINSKY',
    '',
    'Dear Andrei Yanuarievich,',
    '',
    'I ask you to consider the following:',
    '',
    '1. To supply 40,000 copies of the Russian-Korean dictionary.',
    '',
    '2. To send 12 printers to Pyongyang.',
    '',
    'With respect,',
    '',
    'PAK HON YONG',
    '',
    '5 May 1952',
    '',
    'Pak Hon Yong asks for dictionaries and printers.',
    '',
    'Document Information',
    '',
    'Record ID',
  ].join('\n');

  it('takes the salutation after the address block and the closing signature as the letter’s', () => {
    const r = extract(page);
    expect(r.documentType).toBe('letter');
    expect(r.letter?.salutation).toBe('Dear Andrei Yanuarievich');
    expect(r.letter?.signedBy).toBe('Pak Hon Yong');
    expect(r.letter?.body).toMatch(/^I ask you to consider/);
    expect(r.letter?.body).toMatch(/12 printers to Pyongyang\.$/);
    expect(r.signatories).toEqual(['Pak Hon Yong']);
  });

  it('does not read copies in a request as a distribution list', () => {
    const r = extract(page);
    expect(r.telegram).toBeNull();
    expect(r.requests.map((q) => q.quantities)).toEqual([
      [
        {
          min: 40000,
          max: 40000,
          unit: 'copies of the russian-korean dictionary',
        },
      ],
      [{ min: 12, max: 12, unit: 'printers' }],
    ]);
    expect(r.warnings).toEqual([]);
  });
});

describe('spans in a title with irregular spacing', () => {
  it('points each name at its own text', () => {
    const page =
      'Skip to content\n\nMarch 4, 1951\n\nTelegram\u00a0from  Kim Il Sung to\u00a0 Filippov [Stalin]\n\nThe text of the telegram follows here in the usual way for the record.\n\nRecord ID';
    const r = extract(page);
    const at = (path: string) => {
      const s = r.provenance[path];
      return s && page.slice(s.start, s.end);
    };
    expect(r.authors).toEqual(['Kim Il Sung']);
    expect(r.recipients).toEqual(['Stalin']);
    expect(at('authors.0')).toBe('Kim Il Sung');
    expect(at('recipients.0')).toBe('Stalin');
  });
});
