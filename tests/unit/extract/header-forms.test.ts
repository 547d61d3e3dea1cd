/**
 * Header and closing line forms (shared/extract/forms.ts) and the readers
 * that use them: telegram number, origin, stamps, outgoing number, typist,
 * distribution layouts, and dates on pages without the archive's frame.
 * Every example is invented in the layouts the archive uses.
 */
import { describe, expect, it } from 'vitest';
import {
  dayMonthOrder,
  documentDate,
  findDate,
  isoDate,
  isoDateTime,
} from '#shared/extract/dates.ts';
import { readDistribution } from '#shared/extract/distribution.ts';
import { lineKind } from '#shared/extract/forms.ts';
import { extract } from '#shared/extract/index.ts';
import { readHeader } from '#shared/extract/telegram.ts';
import { splitLines } from '#shared/extract/text.ts';

const anchor = { year: 1961, month: 5, day: 14 };
const PROSE =
  'The minister told me that the delegation would arrive in the capital next week.';

/** The header of an invented page: header lines, one paragraph, closing lines. */
function header(head: string[], closing: string[] = [], at = anchor) {
  const lines = splitLines([...head, PROSE, ...closing].join('\n'));
  return readHeader(lines, 0, lines.length, head.length, at);
}

function distribution(text: string) {
  const lines = splitLines(text);
  const d = readDistribution(lines, 0, lines.length);
  return (
    d && {
      copies: d.copies?.value ?? null,
      recipients: d.recipients.map((r) => [r.name.value, r.copies]),
    }
  );
}

describe('lineKind', () => {
  it.each([
    ['Ciphered Telegram Nº 4411/sh', 'cipher-number'],
    ['Secret Telegram No. 311', 'cipher-number'],
    ['Cryptogram No 52', 'cipher-number'],
    ['Ciphergram No. 9081', 'cipher-number'],
    ['TELEGRAM 012.345', 'cipher-number'],
    ['Spets. Nº 77', 'special-number'],
    ['Outgoing Nº 2231', 'outgoing-number'],
    ['Distribution list - 4 copies:', 'copies'],
    ['Three copies printed.', 'copies'],
    ['Distributed to:', 'distribution-head'],
    ['Copy Nº 1 to Cde. Petrov', 'copy-entry'],
    ['Typed by Orlova on 12.5', 'typist'],
    ['– Varga – 311 –', 'closing-number'],
    ['N12/0345', 'closing-number'],
    ['FROM: TIRANA', 'from-line'],
    ['FROM THE EMBASSY IN LIMA', 'from-line'],
    ['Received 14.5.61 at 10:20', 'received'],
    ['Sent 13.5.61 23:05', 'sent'],
    ['Deciphered 14.5 11:40', 'deciphered'],
    ['Arrived: 5/14/61 9 : 30 am', 'arrived'],
    ['[Stamp: Secret]', 'stamp'],
  ])('classifies %s as %s', (text, kind) => {
    expect(lineKind(text)).toBe(kind);
  });

  it('leaves prose and names alone', () => {
    expect(lineKind(PROSE)).toBeNull();
    expect(lineKind('Comrade Petrov')).toBeNull();
    expect(lineKind('')).toBeNull();
  });
});

describe('telegram number', () => {
  it.each([
    [['Secret Telegram No. 311'], '311'],
    [['Cryptogram No 52'], '52'],
    [['Ciphergram No. 9081'], '9081'],
    [['Cipher No. 7710'], '7710'],
    [['TELEGRAM 012.345'], '012.345'],
  ])('reads the header line %j', (head, number) => {
    expect(header(head).number?.value).toBe(number);
  });

  it('takes a bare number that goes on with the dateline, in groups of three', () => {
    const h = header(['Ciphered Telegram', 'No. 41 552 4 May 1961, Hanoi']);
    expect(h.number).toBeNull();
    expect(
      (h as { fallbackNumber?: { value: string } }).fallbackNumber?.value
    ).toBe('41 552');
    expect(h.origin?.value).toBe('Hanoi');
  });

  it('takes no bare number on a page with no telegram line or title', () => {
    const h = header(['No. 41 552 4 May 1961, Hanoi']);
    expect(
      (h as { fallbackNumber?: { value: string } | null }).fallbackNumber ??
        null
    ).toBeNull();
    expect(h.origin?.value).toBe('Hanoi');
  });
});

describe('telegram origin', () => {
  it.each([
    [['FROM THE EMBASSY IN LIMA'], 'LIMA'],
    [['From the Embassy of the USSR in Lima to the Ministry'], 'Lima'],
    [['From: the Polish Embassy in Hanoi'], 'Hanoi'],
    [['From…Rangoon……dispatched on 13.05 at 10:00 hours'], 'Rangoon'],
    [['From Prague to Sofia, May 13, 1961'], 'Prague'],
    [['from Tirana, on May 13th, 1961'], 'Tirana'],
    [['Telegram from Tirana'], 'Tirana'],
    [['Lima, May 13, 1961'], 'Lima'],
    [['13 May 1961, Lima'], 'Lima'],
    [['SOFIA, 61. 05. 13'], 'SOFIA'],
  ])('reads %j', (head, place) => {
    expect(header(head).origin?.value).toBe(place);
  });

  it.each([
    [['To: Lima, Soviet Ambassador']], // a place sent to
    [['EMBASSY OF POLAND', 'Lima']], // a bare place line under a heading
    [['Telegram from Petrov to Orlov about the harvest']], // a sender, not a place
  ])('does not take %j', (head) => {
    expect(header(head).origin).toBeNull();
  });

  it('does not take a dateline at the foot', () => {
    expect(header([], ['Lima, May 13, 1961']).origin).toBeNull();
  });
});

describe('stamps', () => {
  it('reads a received form heading with a Roman month and a day range', () => {
    const h = header(['TELEGRAM RECEIVED BY THE CIPHER OFFICE ON/14/15/V/61']);
    expect(h.times.receivedAt?.value).toBe('1961-05-14');
  });

  it('reads a stamp word followed by a semicolon', () => {
    const h = header(['Received; 08:10 on 14 May 1961']);
    expect(h.times.receivedAt?.value).toBe('1961-05-14T08:10');
  });

  it('reads a clock set with spaces', () => {
    const h = header(['Arrived: 5/14/61 9 : 30 am']);
    expect(h.times.arrivedAt?.value).toBe('1961-05-14T09:30');
  });

  it('reads an arrival at the receiving office', () => {
    const h = header([
      'Came in to the Cipher Department…14.05 at 11:20 hours………',
    ]);
    expect(h.times.arrivedAt?.value).toBe('1961-05-14T11:20');
  });

  it('keeps a typist written in initials as written', () => {
    expect(header([], ['typed by K/L [sic]']).typedBy?.value).toBe('K/L');
  });
});

describe('outgoing number', () => {
  it.each([
    [['Petrov', '– 311 –'], '311'],
    [['– Varga – 423 –'], '423'],
    [['– 176 B. –'], '176 B.'],
    [['Nº [handwritten: 77/ab] [signature]'], '77/ab'],
    [['N12/0345'], '12/0345'],
  ])('reads the closing %j', (closing, number) => {
    expect(header([], closing).outgoingNumber?.value).toBe(number);
  });

  it('does not take a page number between paragraphs', () => {
    expect(header([], ['– 2 –', PROSE]).outgoingNumber).toBeNull();
  });
});

describe('distribution layouts', () => {
  it('keeps a copies line that names nobody', () => {
    expect(distribution('Three copies printed.')).toEqual({
      copies: 3,
      recipients: [],
    });
  });

  it.each([
    ['Copies: 4', 4],
    ['Number of copies: 4', 4],
    ['Made in 4 copies.', 4],
    ['Typed in four copies', 4],
  ])('reads the count in %s', (line, n) => {
    expect(distribution(line)).toEqual({ copies: n, recipients: [] });
  });

  it('reads entries one per line under a heading', () => {
    expect(
      distribution('Distributed to:\nCde. Petrov\nCde. Orlov\n[illegible]')
    ).toEqual({
      copies: null,
      recipients: [
        ['Petrov', 1],
        ['Orlov', 1],
      ],
    });
  });

  it('reads bulleted entries under a copies line', () => {
    expect(
      distribution(
        'Produced in 3 copies for:\n- Comrade Novak\n- Comrade Dvorak\n- Archive\n\nSubject: trade'
      )
    ).toEqual({
      copies: 3,
      recipients: [
        ['Novak', 1],
        ['Dvorak', 1],
        ['Archive', 1],
      ],
    });
  });

  it('reads `Name - N` and `Name (N)` one per line', () => {
    expect(distribution('Copies:\nPetrov - 2\nOrlov (3)\nfile')).toEqual({
      copies: null,
      recipients: [
        ['Petrov', 2],
        ['Orlov', 3],
        ['file', 1],
      ],
    });
  });

  it('reads an inline list continued over lines', () => {
    expect(
      distribution(
        'Distribution list - 5 copies:\nPetrov - 2, Orlov - 1,\nSidorov - 2.'
      )
    ).toEqual({
      copies: 5,
      recipients: [
        ['Petrov', 2],
        ['Orlov', 1],
        ['Sidorov', 2],
      ],
    });
  });

  it('keeps a name cut off by the end of the page as written', () => {
    expect(distribution('Copies: Petrov, Orlov, Sido')).toEqual({
      copies: null,
      recipients: [
        ['Petrov', 1],
        ['Orlov', 1],
        ['Sido', 1],
      ],
    });
  });
});

describe('dates without an anchor', () => {
  const iso = (s: string, order: 'dmy' | 'mdy' | null = null) => {
    const d = findDate(s, null, order);
    return d && { iso: isoDateTime(d.date, null), ambiguous: !!d.ambiguous };
  };

  it.each([
    ['8/23/1966', '1966-08-23', false], // only one reading is a date
    ['23.8.66', '1966-08-23', false],
    ['10-07-1966', '1966-10-07', true], // month first, flagged
    ['5.3.66', '1966-03-05', true], // day first, flagged
    ['SOFIA, 81. 03. 02', '1981-03-02', false],
    ['Sofia, 1966 July 1.', '1966-07-01', false],
    ['4-5 March 1951', '1951-03-04', false], // a range gives its first day
    ['Evening of March 3 [1951]', '1951-03-03', false],
  ])('reads %s as %s (ambiguous: %s)', (text, date, ambiguous) => {
    expect(iso(text)).toEqual({ iso: date, ambiguous });
  });

  it('takes the order the page shows and then does not flag', () => {
    expect(iso('10-07-1966', 'dmy')).toEqual({
      iso: '1966-07-10',
      ambiguous: false,
    });
  });

  it('does not read a date with no year', () => {
    expect(findDate('on 3 March', null)).toBeNull();
    expect(findDate('dispatched on 03.10', null)).toBeNull();
  });

  it('finds the order from a date that shows it', () => {
    expect(dayMonthOrder(['Sent 09/30/50', 'Received 10/02/50'])).toBe('mdy');
    expect(dayMonthOrder(['Sent 30.9.50'])).toBe('dmy');
    expect(dayMonthOrder(['Sent 10.9.50'])).toBeNull();
    expect(dayMonthOrder(['30.9.50', '9/30/50'])).toBeNull();
  });
});

describe('documentDate', () => {
  const read = (text: string) => {
    const lines = splitLines(text);
    const d = documentDate(lines, 0, lines.length);
    return d && { iso: isoDate(d.value), ambiguous: d.ambiguous };
  };
  const para =
    'We discussed the plan for the coming season at length with the delegation.';

  it.each([
    [`RECORD OF CONVERSATION, 3 June 1969\n${para}`, '1969-06-03'],
    [`MEMORANDUM\nMoscow, 3 June 1969\n${para}`, '1969-06-03'],
    [
      `JOURNAL\nof A. Petrov for the period from 4 May 1961 through 2 June 1961\n${para}`,
      '1961-05-04',
    ],
    [`SOFIA, 81. 03. 02\n${para}`, '1981-03-02'],
    [`REPORT\nJune 1961\n${para}`, '1961-06'],
    [`${para}\nPetrov\nSofia, 1966 July 1.`, '1966-07-01'],
    [
      `Comrade Petrov:\n${para}\nOrlov\nEvening of March 3 [1951]`,
      '1951-03-03',
    ],
  ])('reads %j', (text, iso) => {
    expect(read(text)?.iso).toBe(iso);
  });

  it('skips a registration stamp in brackets', () => {
    expect(
      read(
        `[Ministry stamp\nIncoming Nº 12\n9 July 1961]\nJOURNAL\nof A. Petrov, 4 May 1961\n${para}`
      )?.iso
    ).toBe('1961-05-04');
  });

  it('does not take a date from the prose, nor one with no year', () => {
    expect(read(`On 3 June 1969 ${para}`)).toBeNull();
    expect(read(`Comrade Petrov:\n${para}\nOrlov\n3 June`)).toBeNull();
  });

  it('flags a numeric date whose order the page does not settle', () => {
    expect(read(`MEMORANDUM\nSofia, 10-07-1966\n${para}`)).toEqual({
      iso: '1966-10-07',
      ambiguous: true,
    });
  });
});

describe('a page without the frame', () => {
  it('gets its date from the heading and anchors its stamps on it', () => {
    const r = extract(
      [
        'CIPHERED TELEGRAM Nº 412',
        'From Sofia, 13 May 1961',
        'Sent 13.5 22:10',
        'Received 14.5 08:30',
        'The minister told me that the delegation would arrive next week.',
      ].join('\n')
    );
    expect(r.date).toBe('1961-05-13');
    expect(r.telegram?.sentAt).toBe('1961-05-13T22:10');
    expect(r.telegram?.receivedAt).toBe('1961-05-14T08:30');
    expect(r.warnings).not.toContain('ambiguous-date');
  });

  it('flags a date read in an order nothing settled', () => {
    const r = extract(
      [
        'MEMORANDUM',
        'Sofia, 10-07-1966',
        'We discussed the plan for the coming season at length with them.',
      ].join('\n')
    );
    expect(r.date).toBe('1966-10-07');
    expect(r.warnings).toContain('ambiguous-date');
  });
});

describe('date orders and languages', () => {
  const iso = (s: string) => {
    const d = findDate(s, null);
    return d && isoDate(d.date);
  };

  it.each([
    ['Budapest, 1966. július 1.', '1966-07-01'], // Hungarian, year first
    ['1966. ápr. 3.', '1966-04-03'], // Hungarian abbreviation
    ['Sofia, 3.VI.1966', '1966-06-03'], // Roman month
    ['June 3rd, 1966', '1966-06-03'],
    ['3rd June 1966', '1966-06-03'],
    ['the 21st of June, 1966', '1966-06-21'],
    ['Berlin, den 3. Juni 1966', '1966-06-03'], // German
    ['La Habana, 3 de junio de 1966', '1966-06-03'], // Spanish
    ['Bucureşti, 3 iunie 1966', '1966-06-03'], // Romanian
  ])('reads %s as %s', (text, date) => {
    expect(iso(text)).toBe(date);
  });

  it.each([
    ['for the period from 4 May through 19 May 1966', '1966-05-04'],
    ['4 through 19 May 1966', '1966-05-04'], // the start's month from the end
    ['27 December to 4 January 1966', '1965-12-27'], // the year before
    ['May 4 to May 19, 1966', '1966-05-04'],
    ['May 4-19, 1966', '1966-05-04'],
    ['from May 4 through 19, 1966', '1966-05-04'],
  ])('dates the range %s by its first day: %s', (text, date) => {
    expect(iso(text)).toBe(date);
  });

  it('does not read a name or a day without a year', () => {
    expect(findDate('Mai Van Bo said so', null)).toBeNull();
    expect(findDate('on 5 and 6 July', null)).toBeNull();
  });
});

describe('documentDate in more headings', () => {
  const read = (text: string) => {
    const lines = splitLines(text);
    const d = documentDate(lines, 0, lines.length);
    return d && isoDate(d.value);
  };
  const para =
    'We discussed the plan for the coming season at length with the delegation.';

  it('reads a stamp line that reads like a sentence as a header line', () => {
    expect(
      read(`Sent from Hanoi by wire on 5/13/66 at 10:20 p.m.\n${para}`)
    ).toBe('1966-05-13');
  });

  it('reads a heading continued in lower case, however long', () => {
    expect(
      read(
        `STATEMENT\nof Comrade A. Petrov about his visits to Hanoi and Sofia and on the talks of the party delegation with the leaders of the two countries, presented at the session of the Politburo on 19 June 1965 and approved by it\n${para}`
      )
    ).toBe('1965-06-19');
  });

  it('dates a journal by the first day of its period', () => {
    expect(
      read(
        `From the Journal of A. Petrov for the period from 4 May through 19 May 1966\n${para}`
      )
    ).toBe('1966-05-04');
  });

  it('reads a Hungarian closing dateline', () => {
    expect(read(`${para}\nPetrov\nBudapest, 1966. július 1.`)).toBe(
      '1966-07-01'
    );
  });
});

describe('more telegram header forms', () => {
  it.each([
    [['Cable No. 311'], '311'],
    [['Telegram Nº 311'], '311'],
    [['Cipher telegram No. 311'], '311'],
    [['Telegram nr. 76.224'], '76.224'],
    [['Incoming Telegram № 311'], '311'],
    [['Radiogram No. 12'], '12'],
    [['Strictly Secret Ciphered Telegram No. 4417/sh'], '4417/sh'],
  ])('reads the number line %j', (head, number) => {
    expect(header(head).number?.value).toBe(number);
  });

  it('reads a form heading set in lines: number, from-line and date', () => {
    const h = header([
      'TELEGRAM',
      '',
      'RECEIVED',
      '',
      '41 552',
      '',
      'FROM THE EMBASSY IN LIMA',
      '',
      'ON/14/15/V/61',
    ]);
    expect(h.number?.value).toBe('41 552');
    expect(h.origin?.value).toBe('LIMA');
    expect(h.times.receivedAt?.value).toBe('1961-05-14');
  });

  it('does not take a year under a heading for its number', () => {
    expect(header(['TELEGRAM', '1961']).number).toBeNull();
  });

  it.each([
    ['Transmitted 13.5.61 23:05', 'sentAt', '1961-05-13T23:05'],
    ['Dispatched 13.5.61 23:05', 'sentAt', '1961-05-13T23:05'],
    ['Despatched 13.5.61 23:05', 'sentAt', '1961-05-13T23:05'],
    ['Handed in at Sofia 13.5.61 10:20', 'sentAt', '1961-05-13T10:20'],
    ["Rec'd 14.5.61 08:10", 'receivedAt', '1961-05-14T08:10'],
    ['Recd. 14.5.61 08:10', 'receivedAt', '1961-05-14T08:10'],
    ['Decoded 14.5 11:40', 'decipheredAt', '1961-05-14T11:40'],
  ] as const)('reads the stamp %s as %s', (line, kind, value) => {
    expect(header([line]).times[kind]?.value).toBe(value);
  });

  it.each([['Decoded by Orlov'], ['Decrypted by Orlov on 14.5.61 at 11:40']])(
    'reads the decipherer in %s',
    (line) => {
      expect(header([line]).decipheredBy?.value).toBe('Orlov');
    }
  );

  it.each([
    [['Sent from Hanoi by wire on 5/13/61 at 10:20 p.m.'], 'Hanoi'],
    [['Dispatched from Hanoi 13.5.61 10:15'], 'Hanoi'],
    [['Handed in at Sofia'], 'Sofia'],
    [['From: Embassy of Poland, Hanoi'], 'Hanoi'],
    [['FROM: POLISH EMBASSY, HANOI'], 'HANOI'],
    [['FROM PYONGYANG ON 13.5.61'], 'PYONGYANG'],
  ])('reads the origin in %j', (head, place) => {
    expect(header(head).origin?.value).toBe(place);
  });

  it.each([
    [['From: the Embassy of Poland, Political Department']], // an office
    [['Received in Moscow 14.5.61 08:10']], // where it arrived
  ])('does not take an origin from %j', (head) => {
    expect(header(head).origin).toBeNull();
  });

  it.each([
    ['Sent from Hanoi by wire on 5/13/61 at 10:20 p.m.', 'sent'],
    ["Rec'd 14.5.61 08:10", 'received'],
    ['Decoded 14.5 11:40', 'deciphered'],
    ['No. copies made: 12', 'copies'],
    ['Copy 1 - Petrov', 'copy-entry'],
    ['1 copy to Cde. Petrov', 'copy-entry'],
  ])('classifies %s as %s', (text, kind) => {
    expect(lineKind(text)).toBe(kind);
  });
});

describe('more copies and distribution forms', () => {
  it.each([
    ['No. copies made: 12', 12],
    ['EMBASSY OF POLAND No. copies made: 12', 12], // a letterhead run in
    ['Copies made: 3', 3],
    ['Number of copies printed: 4', 4],
    ['Printed in 3 copies', 3],
    ['3 copies made', 3],
  ])('reads the count in %s', (line, n) => {
    expect(distribution(line)).toEqual({ copies: n, recipients: [] });
  });

  it('reads `Name - N copies`, `Name – 1 copy` and `file - 1` one per line', () => {
    expect(
      distribution(
        'Distribution list - 4 copies:\nPetrov - 2 copies\nOrlov – 1 copy\nfile - 1'
      )
    ).toEqual({
      copies: 4,
      recipients: [
        ['Petrov', 2],
        ['Orlov', 1],
        ['file', 1],
      ],
    });
  });

  it('reads `1 copy to X` and `2 copies - X` under a copies line', () => {
    expect(
      distribution(
        'Printed in 4 copies\n1 copy to Cde. Petrov\n2 copies - Orlov\n1 copy - file'
      )
    ).toEqual({
      copies: 4,
      recipients: [
        ['Petrov', 1],
        ['Orlov', 2],
        ['file', 1],
      ],
    });
  });

  it('reads numbered copies without the number sign', () => {
    expect(distribution('Copy 1 - Petrov\nCopy 2 - file')).toEqual({
      copies: null,
      recipients: [
        ['Petrov', 1],
        ['file', 1],
      ],
    });
    expect(distribution('Copy 1 of 3')).toBeNull();
  });

  it('reads counts in brackets and non-persons in lower case', () => {
    expect(
      distribution('Copies:\nPetrov (2 copies)\nthe 10th Department\narchive')
    ).toEqual({
      copies: null,
      recipients: [
        ['Petrov', 2],
        ['the 10th Department', 1],
        ['archive', 1],
      ],
    });
  });

  it('reads a list over several lines ending in commas', () => {
    expect(
      distribution('Distributed to:\nCde. Petrov,\nCde. Orlov,\nCde. Sidorov')
    ).toEqual({
      copies: null,
      recipients: [
        ['Petrov', 1],
        ['Orlov', 1],
        ['Sidorov', 1],
      ],
    });
  });

  it('reads counted names inline', () => {
    expect(distribution('Copies: Petrov - 2 copies, Orlov - 1 copy')).toEqual({
      copies: null,
      recipients: [
        ['Petrov', 2],
        ['Orlov', 1],
      ],
    });
  });

  it('leaves prose about copies alone', () => {
    expect(
      distribution('We made 3 copies to send to Moscow on the next plane.')
    ).toBeNull();
  });
});

describe('Roman months and years first', () => {
  it.each([
    ['Warszawa, 3 VI 1966', '1966-06-03'],
    ['3-VI-1966', '1966-06-03'],
    ['Budapest, 1966. VI. 3.', '1966-06-03'],
    ['1966.06.03', '1966-06-03'],
    ['Budapest, 1966. 06. 03.', '1966-06-03'],
    ['1966-06-03', '1966-06-03'],
    ['1966/06/03', '1966-06-03'],
  ])('reads %s as %s', (text, date) => {
    const d = findDate(text, null);
    expect(d && isoDate(d.date)).toBe(date);
  });

  it('does not read a span of years or an impossible month', () => {
    expect(findDate('in 1966-67 the', null)).toBeNull();
    expect(findDate('1966.13.40', null)).toBeNull();
  });
});

describe('US cable and typist forms', () => {
  it.each([
    [['FM AMEMBASSY SEOUL'], 'SEOUL'],
    [['FM AMCONSUL HONG KONG', 'TO SECSTATE WASHDC'], 'HONG KONG'],
  ])('reads the origin in %j', (head, place) => {
    expect(header(head).origin?.value).toBe(place);
  });

  it.each([['Typed: Orlova'], ['Typist: Orlova'], ['Typist - Orlova']])(
    'reads the typist in %s',
    (line) => {
      expect(header([], ['Petrov', line]).typedBy?.value).toBe('Orlova');
    }
  );

  it('does not read a copies line as a typist', () => {
    expect(header([], ['Typed in 3 copies']).typedBy).toBeNull();
  });
});

describe('forms under a heading with a colon', () => {
  it('reads numbered entries under `Printed in N copies:` once each', () => {
    expect(
      distribution(
        'Printed in 3 copies:\n1. Cde. Petrov\n2. Cde. Orlov\n3. file'
      )
    ).toEqual({
      copies: 3,
      recipients: [
        ['Petrov', 1],
        ['Orlov', 1],
        ['file', 1],
      ],
    });
  });

  it('reads a sent form heading set in lines', () => {
    const h = header([
      'TELEGRAM SENT',
      '',
      '41 552',
      '',
      'TO THE EMBASSY IN LIMA',
      '',
      'ON/13/V/61',
    ]);
    expect(h.number?.value).toBe('41 552');
    expect(h.times.sentAt?.value).toBe('1961-05-13');
    expect(h.origin).toBeNull(); // a place sent to
  });
});

describe('what a form heading and a from-line do not give', () => {
  it('does not take a one-digit page number under a heading', () => {
    expect(header(['TELEGRAM', '2']).number).toBeNull();
  });

  it('does not take an officer after a comma for a place', () => {
    expect(
      header(['From: the Embassy of Hungary, Counsellor Kiss']).origin
    ).toBeNull();
  });
});

describe('times written with their unit', () => {
  it.each([
    ['Sent 13.5.61 at 10.15 hrs', '1961-05-13T10:15'],
    ['Sent at 10.15 hrs on 13.5.61', '1961-05-13T10:15'],
    ['Sent 13.5.61 10h15', '1961-05-13T10:15'],
    ['Sent 13.5.61 1015 hrs', '1961-05-13T10:15'],
    ['Sent 13.5.61, 10.15 p.m.', '1961-05-13T22:15'],
  ])('reads %s as %s', (line, value) => {
    expect(header([line]).times.sentAt?.value).toBe(value);
  });

  it('does not read a time with a dot as a date', () => {
    expect(findDate('10.15 hrs', anchor)).toBeNull();
  });
});

describe('labelled header fields and datelines with an hour', () => {
  it.each([
    ['Number: 512', '512'],
    ['Telegram number: 512/sh', '512/sh'],
    ['Cable No.: 512', '512'],
    ['Reg. No.: 77/b', '77/b'],
  ])('reads the number field %s', (line, value) => {
    expect(header(['TELEGRAM', line]).number?.value).toBe(value);
    expect(lineKind(line)).toBe('cipher-number');
  });

  it('does not read a count of copies as the number', () => {
    expect(header(['Number of copies: 5']).number).toBeNull();
  });

  it.each([
    [['Sofia, 1961 May 13. 09:45'], 'Sofia'],
    [['Hanoi, May 13, 1961, 09:45'], 'Hanoi'],
    [['Tirana, 13.V.1961, 09.45 hrs'], 'Tirana'],
  ])('reads the place of the dateline %j', (head, place) => {
    expect(header(head).origin?.value).toBe(place);
  });

  it('does not read a dateline that goes on with words', () => {
    expect(header(['Sofia, 1961 May 13. 09:45 the meeting']).origin).toBeNull();
  });

  it.each([
    [['Sender: the Bulgarian Embassy in Hanoi'], 'Hanoi'],
    [['SENDER: EMBASSY OF POLAND, HANOI'], 'HANOI'],
    [['Originator: the Trade Mission in Conakry'], 'Conakry'],
    [['Sent by: the Consulate in Leningrad'], 'Leningrad'],
  ])('reads the place of a sender body %j', (head, place) => {
    expect(header(head).origin?.value).toBe(place);
  });

  it('does not read a sender who is a person, or a stamp, as a place', () => {
    expect(header(['Sender: Ambassador Kiss']).origin).toBeNull();
    expect(header(['Sent by wire on 13.5.61']).origin).toBeNull();
  });

  it.each([
    ['Deciphered 14.V.61 at 06:20 by Orlova', 'Orlova'],
    ['Decoded on 14.5.61, 06:20 hrs by Orlova', 'Orlova'],
    ['Decyphered by Orlova 14.5.61', 'Orlova'],
  ])('reads the decipherer after the time in %s', (line, name) => {
    expect(header([line]).decipheredBy?.value).toBe(name);
  });

  it('reads the typist after the time', () => {
    expect(
      header([], ['Typed 14.V.61 at 07:10 by Petrova']).typedBy?.value
    ).toBe('Petrova');
  });

  it('does not read a decipherer from a stamp with words before `by`', () => {
    expect(header(['Deciphered copy sent by Courier']).decipheredBy).toBeNull();
  });
});

describe('special-folder numbers', () => {
  const fallback = (head: string[]) =>
    (header(head) as { fallbackNumber?: { value: string } | null })
      .fallbackNumber?.value ?? null;

  it('uses a special-folder number under a bare telegram heading', () => {
    expect(fallback(['Secret', 'Coded Telegram', 'Spets. Nº 88'])).toBe('88');
  });

  it('does not use it on a page with no telegram heading', () => {
    expect(
      fallback(['SECRET', 'Spets. Nº 88', 'Copy Nº 2', 'MEMORANDUM'])
    ).toBeNull();
  });
});

describe('distribution headings and entries, further forms', () => {
  it('reads `Copies to:` with one addressee per line, up to the closing number', () => {
    expect(
      distribution(
        'Copies to:\nComrade Varga\nComrade Kiss\nfile\n– Szabó – 77 –'
      )
    ).toEqual({
      copies: null,
      recipients: [
        ['Varga', 1],
        ['Kiss', 1],
        ['file', 1],
      ],
    });
  });

  it.each([['Copy to:'], ['Copies sent to:']])(
    'reads the heading %s',
    (head) => {
      expect(
        distribution(`${head}\nCde. Varga\nCde. Kiss`)?.recipients
      ).toEqual([
        ['Varga', 1],
        ['Kiss', 1],
      ]);
    }
  );

  it.each([['Distribution - 5 copies:'], ['Distribution: 5 copies:']])(
    'reads `Cde. X - N copies` lines under %s',
    (head) => {
      expect(
        distribution(
          `${head}\nCde. Petrov - 2 copies\nCde. Orlov - 1 copy\nArchive - 2 copies`
        )
      ).toEqual({
        copies: 5,
        recipients: [
          ['Petrov', 2],
          ['Orlov', 1],
          ['Archive', 2],
        ],
      });
    }
  );

  it('reads count-first entries under a heading once each', () => {
    expect(
      distribution(
        'Made in 5 copies:\n3 copies to the Ministry\n1 copy to Comrade Kiss\n1 copy to the file'
      )
    ).toEqual({
      copies: 5,
      recipients: [
        ['the Ministry', 3],
        ['Kiss', 1],
        ['the file', 1],
      ],
    });
  });
});

describe('labelled decipherer and origin fields, totals without a colon', () => {
  it.each([
    ['Deciphered by: Orlova'],
    ['Decipherer: Orlova'],
    ['Cipher clerk - Orlova'],
  ])('reads the decipherer field %s', (line) => {
    expect(header([line]).decipheredBy?.value).toBe('Orlova');
  });

  it.each([
    [['Origin: HANOI'], 'HANOI'],
    [['Place of dispatch: Hanoi'], 'Hanoi'],
    [['Place of origin: Hanoi, 13.5.61'], 'Hanoi'],
  ])('reads the origin field %j', (head, place) => {
    expect(header(head).origin?.value).toBe(place);
  });

  it('reads marked entries under a total with no colon', () => {
    expect(
      distribution(
        'Distribution - 4 copies\nCde. Petrov - 2 copies\nCde. Orlov\n1 copy to file'
      )
    ).toEqual({
      copies: 4,
      recipients: [
        ['Petrov', 2],
        ['Orlov', 1],
        ['file', 1],
      ],
    });
  });

  it('does not read a signature under a total with no colon as an entry', () => {
    expect(distribution('Printed in 3 copies\nA. Gromyko')).toEqual({
      copies: 3,
      recipients: [],
    });
  });
});

describe('day and month order settled by the same day in words', () => {
  it('reads 04/07/61 as April 7 when the page also writes 7 April 1961', () => {
    expect(
      dayMonthOrder(['Sent 04/07/61 at 10:15', 'Warsaw, 7 April 1961'])
    ).toBe('mdy');
    expect(
      dayMonthOrder(['Sent 04/07/61 at 10:15', 'Warsaw, 4 July 1961'])
    ).toBe('dmy');
  });

  it('leaves the order open when no day of the page settles it', () => {
    expect(
      dayMonthOrder(['Sent 04/07/61 at 10:15', 'Warsaw, 9 May 1961'])
    ).toBeNull();
  });
});

describe('distribution lists with other separators and ranked copies', () => {
  it.each([
    ['Copies: Berg (2) | Lind | Section IV | a/a (1)'],
    ['Copies: Berg (2); Lind; Section IV; a/a (1)'],
    ['Distribution: Berg - 2 | Lind | Section IV | a/a - 1'],
  ])('reads the entries of %j', (line) => {
    expect(distribution(line)).toEqual({
      copies: null,
      recipients: [
        ['Berg', 2],
        ['Lind', 1],
        ['Section IV', 1],
        ['a/a', 1],
      ],
    });
  });

  it('goes on to the next line after a trailing bar', () => {
    expect(distribution('Copies: Berg (2) |\nLind | file')).toEqual({
      copies: null,
      recipients: [
        ['Berg', 2],
        ['Lind', 1],
        ['file', 1],
      ],
    });
  });

  it('reads one copy per ranked line under a heading', () => {
    expect(
      distribution(
        'Distribution:\n1st copy - Comrade Berg\n2nd copy: Cde. Lind\n3rd copy to Comrade Okoro\n4th copy - file'
      )
    ).toEqual({
      copies: null,
      recipients: [
        ['Berg', 1],
        ['Lind', 1],
        ['Okoro', 1],
        ['file', 1],
      ],
    });
  });

  it('reads ranked copies in words and under a total', () => {
    expect(
      distribution(
        'Made in 3 copies\nFirst copy - Comrade Berg\nSecond copy - Comrade Lind\nThird copy - archive'
      )
    ).toEqual({
      copies: 3,
      recipients: [
        ['Berg', 1],
        ['Lind', 1],
        ['archive', 1],
      ],
    });
    expect(lineKind('2nd copy - Comrade Lind')).toBe('copy-entry');
  });

  it('does not read a ranked copy in running text', () => {
    expect(
      distribution('The 1st copy of the treaty was lost during the journey.')
    ).toBeNull();
  });
});

describe('a dateline under a heading of two lines', () => {
  const page = (dateline: string) =>
    [
      'INFORMATION',
      'of the Lakeland Embassy in Oslo about the fishing season of the year',
      '',
      dateline,
      'Secret!',
      '',
      PROSE,
      '',
      'Copies: Berg (2) | file',
    ].join('\n');

  it.each([
    ['Oslo, 3.V.1961', 'Oslo'],
    ['Oslo, 1961 May 3.', 'Oslo'],
    ['Port Lind, 3 May 1961', 'Port Lind'],
  ])('reads the origin from %j', (dateline, place) => {
    expect(extract(page(dateline)).telegram?.origin).toBe(place);
  });

  it('does not take a dateline below the first sentence', () => {
    const foot = [
      'INFORMATION',
      PROSE,
      'Oslo, 3.V.1961',
      'Copies: Berg (2) | file',
    ].join('\n');
    expect(extract(foot).telegram?.origin ?? null).toBeNull();
  });
});

describe('distribution headings of the send-to, carbon-copy and foreign forms', () => {
  it.each([
    ['To be sent to: Cdes. Orlov, Berg, Lind, Okoro'],
    ['Send to: Cde. Orlov, Cde. Berg, Comrade Lind, Okoro'],
    ['cc: Orlov, Berg, Lind, Okoro'],
    ['CC: Orlov; Berg; Lind; Okoro'],
    ['Verteiler: Genosse Orlov, Genossin Berg, Lind, Okoro'],
    ['Kapják: Orlov elvtárs, Berg elvtárs, Lind elvtársnő, Okoro elvtárs'],
    ['Otrzymują: Orlov, Berg, Lind, Okoro'],
  ])('reads the entries of %j', (line) => {
    expect(distribution(line)).toEqual({
      copies: null,
      recipients: [
        ['Orlov', 1],
        ['Berg', 1],
        ['Lind', 1],
        ['Okoro', 1],
      ],
    });
    expect(lineKind(line)).toBe('distribution-head');
  });

  it('reads a carbon-copy list that goes on line by line with offices', () => {
    expect(
      distribution(
        'cc: Secretary of Fisheries Berg\nSecretary of the Interior Lind\nAmbassador Okoro\n\nMr. Petrov'
      )
    ).toEqual({
      copies: null,
      recipients: [
        ['Berg', 1],
        ['Lind', 1],
        ['Okoro', 1],
      ],
    });
  });

  it('keeps an office that names no person, and a bare name below is not an entry', () => {
    expect(
      distribution('cc: the Minister of Trade, Minister of Foreign Trade\nBerg')
    ).toEqual({
      copies: null,
      recipients: [
        ['the Minister of Trade', 1],
        ['Minister of Foreign Trade', 1],
      ],
    });
  });

  it('does not take prose or a received stamp for a heading', () => {
    expect(
      distribution('We were told to send to the ministry the list of names.')
    ).toBeNull();
    expect(lineKind('Sent to the 8th Department 3.5 10:20')).not.toBe(
      'distribution-head'
    );
  });
});

describe('copies totals in other words and languages', () => {
  it.each([
    [
      'Delivered in 4 copies: the Prime Minister; Cde. Berg; Cde. Lind; archive.',
    ],
    ['Issued in 4 copies: the Prime Minister, Cde. Berg, Cde. Lind, archive'],
    ['Circulated in four copies: the Prime Minister; Berg; Lind; archive'],
  ])('reads the total and the entries of %j', (line) => {
    expect(distribution(line)).toEqual({
      copies: 4,
      recipients: [
        ['the Prime Minister', 1],
        ['Berg', 1],
        ['Lind', 1],
        ['archive', 1],
      ],
    });
  });

  it.each([
    ['Készült 3 példányban', 3],
    ['Angefertigt in 5 Exemplaren', 5],
    ['Vyhotoveno ve 2 výtiscích', 2],
    ['Wykonano w 6 egz.', 6],
    ['Otp. 4 ekz.', 4],
  ])('reads the total of %j', (line, n) => {
    expect(distribution(line)?.copies).toBe(n);
    expect(lineKind(line)).toBe('copies');
  });

  it('reads a Hungarian total with its receivers below it', () => {
    expect(
      distribution(
        'Készült 3 példányban\nKapják: Kovács elvtárs, Nagy elvtársnő, irattár'
      )
    ).toEqual({
      copies: 3,
      recipients: [
        ['Kovács', 1],
        ['Nagy', 1],
        ['irattár', 1],
      ],
    });
  });

  it('does not read a count of copies in prose', () => {
    expect(
      distribution('The press printed 500 példány of the journal in a week.')
    ).toBeNull();
  });
});

describe('entries separated by slashes', () => {
  it.each([
    ['Distribution: SG/DPo/DAS/DAC', ['SG', 'DPo', 'DAS', 'DAC']],
    ['Distribution: DEU / DAM / DOr', ['DEU', 'DAM', 'DOr']],
    ['Copies: Berg/Lind, file', ['Berg', 'Lind', 'file']],
  ])('splits %j', (line, names) => {
    expect(distribution(line)?.recipients).toEqual(names.map((n) => [n, 1]));
  });

  it.each([
    ['Copies: a/a, Berg', ['a/a', 'Berg']],
    ['Copies: File of 8D/GS, Berg', ['File of 8D/GS', 'Berg']],
    ['Copies: File 12/3, Berg', ['File 12/3', 'Berg']],
  ])('keeps a slash by a small letter or a digit in %j', (line, names) => {
    expect(distribution(line)?.recipients).toEqual(names.map((n) => [n, 1]));
  });
});

describe('the US cable form', () => {
  it.each([
    ['S E C R E T OSLO 4127', '4127'],
    ['CONFIDENTIAL STATE 077310', '077310'],
    ['LIMITED OFFICIAL USE PORT LIND 00412', '00412'],
    ['U N C L A S S I F I E D LIMA 221', '221'],
  ])('reads the cable number of %j', (line, n) => {
    expect(
      header([line, 'P 031200Z JUN 61', 'FM AMEMBASSY OSLO']).number?.value
    ).toBe(n);
    expect(lineKind(line)).toBe('cipher-number');
  });

  it('does not take a classification over prose for a number line', () => {
    expect(lineKind('SECRET')).toBeNull();
    expect(lineKind('SECRET MEETING OF 1961')).not.toBe('cipher-number');
  });

  it.each([
    ['P 041530Z MAY 61', '1961-05-04'],
    ['O 280915Z DEC 1961', '1961-12-28'],
    ['R 011200Z jan 62', '1962-01-01'],
  ])('reads the date of the date-time group %j', (line, iso) => {
    const d = findDate(line, null);
    expect(d && isoDate(d.date)).toBe(iso);
  });

  it('gives a frameless cable its date, number and no sent time', () => {
    const r = extract(
      [
        'Department of State',
        'TELEGRAM',
        '',
        'S E C R E T OSLO 812',
        '',
        'P 120930Z MAR 63',
        'FM AMEMBASSY OSLO',
        'TO SECSTATE WASHDC IMMEDIATE',
        '',
        `1. ${PROSE.toUpperCase()}`,
        '',
        'HALVORSEN',
      ].join('\n')
    );
    expect(r.date).toBe('1963-03-12');
    expect(r.telegram?.number).toBe('812');
    expect(r.telegram?.sentAt ?? null).toBeNull();
  });
});

describe('a registry number on a note with a distribution list', () => {
  const page = [
    'STATE OFFICE FOR FISHERIES',
    'No. 12/61',
    'Oslo, 3.V.1961',
    'Delivered in 2 copies: Cde. Berg; archive.',
    '',
    'NOTE',
    '',
    PROSE,
    '',
    'Lind',
  ].join('\n');

  it('reads the origin from the dateline but no telegram number', () => {
    const r = extract(page);
    expect(r.telegram?.origin).toBe('Oslo');
    expect(r.telegram?.number ?? null).toBeNull();
    expect(r.telegram?.distribution?.copies).toBe(2);
  });
});

describe('round-4 distribution forms', () => {
  it('reads a file entry with what it belongs to under a copies line', () => {
    expect(
      distribution(
        'Distribution list - 4 copies:\nOrlov - 2\nPetrov\nFile of 3rd'
      )
    ).toEqual({
      copies: 4,
      recipients: [
        ['Orlov', 2],
        ['Petrov', 1],
        ['File of 3rd', 1],
      ],
    });
    expect(
      distribution('Copies:\nIvanov\nArchive of the MFA')?.recipients
    ).toEqual([
      ['Ivanov', 1],
      ['Archive of the MFA', 1],
    ]);
  });

  it('reads numbered copies under a `Distributed:` heading', () => {
    expect(
      distribution('Distributed:\n1 - Orlov\n2 - Petrov\n3 - 10th Department')
    ).toEqual({
      copies: null,
      recipients: [
        ['Orlov', 1],
        ['Petrov', 1],
        ['10th Department', 1],
      ],
    });
    expect(lineKind('Distributed:')).toBe('distribution-head');
  });

  it('reads the total of `Written: in N copies`', () => {
    expect(distribution('Written: in 3 copies')?.copies).toBe(3);
    expect(distribution('Typed: in two copies')?.copies).toBe(2);
  });

  it('reads who receives which part of an extract', () => {
    expect(
      distribution('To Cdes. Orlov, Petrov - everything; Ivanov - point 2.')
        ?.recipients
    ).toEqual([
      ['Orlov', 1],
      ['Petrov', 1],
      ['Ivanov', 1],
    ]);
    expect(
      distribution('Sidorov - all; Orlov, Petrov - points 1, 3')?.recipients
    ).toEqual([
      ['Sidorov', 1],
      ['Orlov', 1],
      ['Petrov', 1],
    ]);
    expect(lineKind('To Cdes. Orlov - p. 4')).toBe('distribution-head');
    // prose with a dash is no part list
    expect(lineKind('To Comrade Orlov - with greetings.')).toBeNull();
  });

  it('a page with a part list has no addressees and dates by its decision', () => {
    const page = [
      'Strictly Secret',
      'CENTRAL COMMITTEE',
      '',
      'No. P12/34',
      'To Cdes. Orlov, Petrov - everything; Ivanov - point 2.',
      '',
      'Extract from the minutes No. 12 of the session of the Politburo of the CC VKP(b)',
      'Decision of 3 March 1951',
      '',
      'On the request of the Ministry of Trade.',
      '',
      '1. To instruct the Ministry of Trade to deliver to the port 40 tons of grain before the end of the month.',
    ].join('\n');
    const r = extract(page);
    expect(r.recipients).toEqual([]);
    expect(r.date).toBe('1951-03-03');
    expect(r.telegram?.distribution?.recipients.map((x) => x.name)).toEqual([
      'Orlov',
      'Petrov',
      'Ivanov',
    ]);
  });
});

describe('round-5 header forms', () => {
  it.each([
    ['Deciphered 3 May 1961 at 16:40 by Sorokina', 'Sorokina'],
    ['Decoded on 14 Sept. 1961, 09:10 by Lapina', 'Lapina'],
    ['Deciphered 27.X.62 at 05:55 by Semenova', 'Semenova'],
  ])(
    'reads the decipherer after a date with a month word: %s',
    (line, name) => {
      expect(header([line]).decipheredBy?.value).toBe(name);
    }
  );

  it.each([
    [['TELEGRAM', 'Sender: Hanoi', 'Nº 044.118'], 'Hanoi'],
    [['Originator: BUDAPEST'], 'BUDAPEST'],
    [['Sending station: Sofia'], 'Sofia'],
  ])('reads a sender field naming a known place: %j', (head, place) => {
    expect(header(head).origin?.value).toBe(place);
  });

  it('does not read a sender field naming a person as the origin', () => {
    expect(header(['Sender: Petrov']).origin).toBeNull();
  });

  it.each([
    [['No. 118/61                        Lakeport, 22.XI.1961'], 'Lakeport'],
    [['Warsaw, 4.III.1962                Nº 77/62'], 'Warsaw'],
  ])('reads a dateline in a column beside a file number: %j', (head, place) => {
    expect(header(head).origin?.value).toBe(place);
  });

  it('reads entries under a `Sent:` heading alone on its line', () => {
    expect(
      distribution('Sent:\n1 - Cde. Petrov\n2 - Cde. Orlov\n3 - Second Dep')
    ).toEqual({
      copies: null,
      recipients: [
        ['Petrov', 1],
        ['Orlov', 1],
        ['Second Dep', 1],
      ],
    });
    expect(
      distribution('Razoslano:\n1 - Cde. Petrov\n2 - to file')?.recipients
    ).toHaveLength(2);
  });

  it('leaves a `Sent:` stamp with its time alone', () => {
    expect(distribution('Sent: 3.6.61 10:15\nCde. Petrov')).toBeNull();
    expect(distribution(`Sent:\n${PROSE}`)).toBeNull();
  });
});
