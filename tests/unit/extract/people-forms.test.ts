/**
 * Document type and people, form by form, on invented titles and headings
 * (not taken from the corpus): the title rules of RECORD.md with its
 * Clarifications, the frameless heading rules, and the one name normalizer
 * shared by the extractor, the person index and the query.
 */
import { describe, expect, it } from 'vitest';
import { extract } from '#shared/extract/index.ts';
import { normalizeName } from '#shared/extract/names.ts';
import { givenNameFirst } from '#shared/extract/people.ts';
import { splitLines } from '#shared/extract/text.ts';
import { readHeading, readTitle, titleType } from '#shared/extract/title.ts';
import { personPk } from '#shared/store/keys.ts';

const values = (list: readonly { value: string }[]) => list.map((f) => f.value);

function title(t: string) {
  const r = readTitle(t, 0, new Set());
  return {
    type: r.documentType,
    authors: values(r.authors),
    recipients: values(r.recipients),
    via: values(r.via),
    participants: values(r.participants),
    number: r.number?.value ?? null,
  };
}

describe('document type from the leading words', () => {
  it.each([
    // Clarifications: these lead a conversation
    ['Meeting of Comrade Avanesov with Prime Minister Rudd', 'conversation'],
    ['Discussion between Comrade Larsen and Minister Okoro', 'conversation'],
    ['Reception of the Ghanaian Delegation by Premier Wen', 'conversation'],
    ['Negotiations with the Danish Trade Mission', 'conversation'],
    ['Interview with Comrade Halvorsen', 'conversation'],
    [
      'Secret Memorandum of Conversation between Ortiz and Vance',
      'conversation',
    ],
    // a body's decision, resolution or session transcript is minutes
    ['Decision of the Fishery Board Plenum', 'minutes'],
    ['Resolution of the Harbour Council', 'minutes'],
    [
      'Transcript of the Plenum Session of the Central Committee of the Lakeland Party',
      'minutes',
    ],
    // telegram words of the Polish and Hungarian translations
    ['Cryptogram No 4411 from the Lakeland Embassy in Oslo', 'telegram'],
    ['Cipher No. 9090 from Valletta', 'telegram'],
    ['Ciphergram No. 7777', 'telegram'],
    ['Secret Telegram No. 12 - From Lisbon to Porto', 'telegram'],
    ['Information Note on the Harbour Works', 'memorandum'],
    ['Special Report from Colonel Berg to Cde. A.A. Lind', 'report'],
    ['Statement of the Lakeland Foreign Ministry', 'other'],
    ['From the Journal of A.B. Tarkov, 3 May 1961', 'diary'],
    ["Excerpts from Halvorsen's diary on his trip to Bergen", 'diary'],
  ])('%s → %s', (t, type) => {
    expect(titleType(t)).toBe(type);
  });
});

describe('people in titles', () => {
  it('reads `Telegram A to B` without a `from`', () => {
    const r = title('Telegram Berg to Lind on a Dinner at the Harbour Office');
    expect(r.authors).toEqual(['Berg']);
    expect(r.recipients).toEqual(['Lind']);
  });

  it('stops the names at a subject word', () => {
    expect(
      title('Telegram, Berg to Cde. A.B. Lind, Transmitting Letter from Okoro')
        .recipients
    ).toEqual(['A.B. Lind']);
    expect(
      title('Telegram from Anna Berg to Carl Lind Concerning the Harbour Plan')
        .recipients
    ).toEqual(['Carl Lind']);
  });

  it('does not read a quoted enclosure as an addressee', () => {
    const r = title("Telegram from Berg, 'Report to the Harbour Council'");
    expect(r.authors).toEqual(['Berg']);
    expect(r.recipients).toEqual([]);
  });

  it('reads either addressee, a closing `via` and `and to`', () => {
    const r = title('Telegram from Lind to Okoro or Berg, via Tarkov');
    expect(r.recipients).toEqual(['Okoro', 'Berg']);
    expect(r.via).toEqual(['Tarkov']);
    expect(
      title('Note, A. Berg to the Harbour Committee and to Comrade C. D. Lind')
        .recipients
    ).toEqual(['Harbour Committee', 'C. D. Lind']);
  });

  it('keeps places and bodies as senders and addressees', () => {
    expect(
      title('Secret Telegram No. 12 - From Lisbon to Porto')
    ).toMatchObject({
      authors: ['Lisbon'],
      recipients: ['Porto'],
      number: '12',
    });
    expect(
      title(
        'TELEGRAM 012.345 from the Lakeland Embassy in Oslo to the Lakeland Ministry of Trade'
      )
    ).toMatchObject({
      authors: ['Lakeland Embassy in Oslo'],
      recipients: ['Lakeland Ministry of Trade'],
      number: '012.345',
    });
  });

  it('drops bracketed places and notes after a name', () => {
    const r = title(
      'Secret Telegram from Berg (Lisbon) to Lind (Porto) [Cipher No. 5]'
    );
    expect(r.authors).toEqual(['Berg']);
    expect(r.recipients).toEqual(['Lind']);
  });

  it('drops offices beside a name, plural offices and offices in a place', () => {
    expect(
      title(
        'Report from Colonel Berg to Harbour Commissar of Fisheries, Cde. A.A. Lind'
      ).recipients
    ).toEqual(['A.A. Lind']);
    expect(
      title(
        'Cryptogram No 3 from Lakeland Embassy in Oslo, Danish Diplomats in Norway'
      ).authors
    ).toEqual(['Lakeland Embassy in Oslo']);
    expect(
      title(
        'Record of Talks between Okoro and Danish Ambassador to North Lakeland, Anna Berg'
      ).participants
    ).toEqual(['Okoro', 'Anna Berg']);
  });

  it('reads the diarist of a journal or a possessive diary', () => {
    expect(
      title(
        'From the Journal of Ambassador Carl Lind: Record of Conversation with Okoro'
      )
    ).toMatchObject({ type: 'diary', authors: ['Carl Lind'] });
    expect(
      title(
        "From the Journal of A.B. O'Tarkov, 'Record of a Conversation with Okoro'"
      )
    ).toMatchObject({ type: 'diary', authors: ["A.B. O'Tarkov"] });
    expect(title("Excerpts from Halvorsen's diary on his trip")).toMatchObject({
      type: 'diary',
      authors: ['Halvorsen'],
    });
  });

  it('reads parties of a reception and of a meeting with an apposition', () => {
    expect(
      title(
        "Record of Conversation from Premier Okoro's Reception of Ambassador Anna Berg"
      ).participants
    ).toEqual(['Okoro', 'Anna Berg']);
    expect(
      title(
        'Minutes of the Meeting between Okoro, Secretary General of the Lakeland Party, and Comrade Anna Berg in Oslo'
      ).participants
    ).toEqual(['Okoro', 'Anna Berg']);
    expect(title('Interview with Carl Lind').participants).toEqual([
      'Carl Lind',
    ]);
  });

  it('reads the body of a session, not a subject in lower case', () => {
    expect(
      title(
        'Transcript of the Plenum Session of the Central Committee of the Lakeland Party'
      ).participants
    ).toEqual(['Central Committee of the Lakeland Party']);
    expect(
      title('Report of visits to North Lakeland and Oslo').recipients
    ).toEqual([]);
  });
});

/** A frameless page: the heading is read from the top of the text. */
function heading(page: string) {
  const lines = splitLines(page);
  const h = readHeading(page, lines, 0, lines.length);
  return {
    type: h.documentType,
    authors: values(h.authors),
    recipients: values(h.recipients),
    participants: values(h.participants),
  };
}

const PROSE =
  'The delegation arrived in the morning and was met at the station by the deputy minister and his staff.';

describe('frameless headings', () => {
  it.each([
    ['CIPHERED TELEGRAM', 'telegram'],
    ['CABLE Nº 31313', 'telegram'],
    ['MEMORANDUM', 'memorandum'],
    ['MINUTES', 'minutes'],
    ['REPORT', 'report'],
  ])('%s → %s', (h, type) => {
    expect(heading(`Top Secret\n\n${h}\n\n${PROSE}\n`).type).toBe(type);
  });

  it('reads a conversation heading and its party', () => {
    expect(
      heading(`RECORD OF CONVERSATION with Carl Lind\n\n${PROSE}\n`)
    ).toMatchObject({ type: 'conversation', participants: ['Carl Lind'] });
  });

  it('reads the writer a heading names, in title case', () => {
    expect(
      heading(`STATEMENT of Comrade ANNA BERG\n\n${PROSE}\n`)
    ).toMatchObject({ type: 'other', authors: ['Anna Berg'] });
    expect(
      heading(
        `HARBOUR EMBASSY\nJOURNAL\nof Cde. A. B. TARKOV, Ambassador in Oslo for the period from 1 May through 9 June 1961\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'diary', authors: ['A. B. Tarkov'] });
  });

  it('skips a bracketed stamp above the heading', () => {
    expect(
      heading(
        `[stamp: received by the secretariat of the ministry on the 4th, signature illegible]\nREPORT\n${PROSE}\n`
      ).type
    ).toBe('report');
  });

  it('takes From and To lines; a bare place is not an author', () => {
    expect(
      heading(
        `MEMORANDUM\nFrom: the Lakeland Embassy in Oslo\nTo: Comrade C. Lind\n${PROSE}\n`
      )
    ).toMatchObject({
      authors: ['Lakeland Embassy in Oslo'],
      recipients: ['C. Lind'],
    });
    expect(heading(`TELEGRAM\nFROM: OSLO\n${PROSE}\n`).authors).toEqual([]);
  });

  it('makes a page that opens with an address line a letter', () => {
    expect(heading(`Dear Comrade A. B. TARKOV!\n\n${PROSE}\n`)).toMatchObject({
      type: 'letter',
      recipients: ['A. B. Tarkov'],
    });
    expect(heading(`To Comrade LIND C.D.\n\n${PROSE}\n`)).toMatchObject({
      type: 'letter',
      recipients: ['C.D. Lind'],
    });
    expect(heading(`Chairman [Okoro]:\n${PROSE}\n`).recipients).toEqual([
      'Okoro',
    ]);
  });

  it('gives no type to a page that opens with text', () => {
    expect(heading(`${PROSE}\n\nMeeting adjourned.\n`).type).toBe('other');
  });

  it('falls back to the signature for the author (through extract)', () => {
    const page = `Note\n\n${PROSE}\n\n${PROSE}\n\nAnna Berg\n`;
    const record = extract(page);
    expect(record.title).toBeNull();
    expect(record.documentType).toBe('memorandum');
    expect(record.via).toEqual([]);
    // every value keeps its span
    for (const [path, span] of Object.entries(record.provenance))
      expect(span.end, path).toBeGreaterThan(span.start);
  });
});

describe('names written first name first', () => {
  it.each([
    ['LIND C.D.', 'C.D. Lind'],
    ['LIND, C. D.', 'C. D. Lind'],
    ['A. B. TARKOV', 'A. B. Tarkov'],
    ['Lakeland Embassy', 'Lakeland Embassy'],
  ])('%s → %s', (written, value) => {
    const span = { start: 0, end: written.length };
    expect(givenNameFirst({ value: written, span }).value).toBe(value);
  });
});

describe('one name normalizer', () => {
  it.each([
    ['Tov. Lind', 'lind'],
    ['Comrades Lind', 'lind'],
    ['- Comrade Lind', 'lind'],
    ['Cde. Lind', 'lind'],
    ['Com[rade] Lind', 'lind'],
    ['Mr. Carl Lind', 'carl lind'],
    ['ANNA BERG', 'anna berg'],
    ['Anna-Berg.', 'anna berg'],
    ["O'TARKOV", 'otarkov'],
    ['Åsa Ødegård', 'asa ødegard'],
    ['Comrade', 'comrade'],
    ['Comradeson', 'comradeson'],
  ])('%s → %s', (written, key) => {
    expect(normalizeName(written)).toBe(key);
  });

  it('gives the person index and the query the same key', () => {
    expect(personPk('Cde. Anna Berg')).toBe(personPk('ANNA  BERG'));
    expect(personPk('Tov. Lind')).toBe('PERSON#lind');
  });
});

describe('address lines on frameless pages', () => {
  it('reads the addressee under a typed heading, without making a letter', () => {
    expect(
      heading(`CIPHERED TELEGRAM\n\nTo Comrade LIND C.D.\n\n${PROSE}\n`)
    ).toMatchObject({ type: 'telegram', recipients: ['C.D. Lind'] });
  });

  it('does not take an office header for an address', () => {
    expect(heading(`Minister of Harbours\n\n${PROSE}\n`)).toMatchObject({
      type: 'other',
      recipients: [],
    });
  });
});

describe('a sender written without `from`', () => {
  it('is a short run of capitalised words before ` to `', () => {
    expect(title('Telegram A.B. Lind to Carl Berg')).toMatchObject({
      authors: ['A.B. Lind'],
      recipients: ['Carl Berg'],
    });
  });

  it('is not a subject or what was done with the document', () => {
    expect(title('Report Concerning the Visit to Oslo').recipients).toEqual([]);
    expect(title('Report Transmitted to Oslo').authors).toEqual([]);
  });
});
