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

describe('conversation titles, form by form', () => {
  it.each([
    // two parties joined by `and`, by a spaced dash, three in a list
    [
      'Record of Conversation between Comrade Halvorsen and Premier Okoro',
      ['Halvorsen', 'Okoro'],
    ],
    ['Talks between Kim Chol Su – Anders Berg', ['Kim Chol Su', 'Anders Berg']],
    [
      'Record of Conversation between Halvorsen, Berg and Okoro',
      ['Halvorsen', 'Berg', 'Okoro'],
    ],
    // `of A with B`, with lists on either side
    [
      'Minutes of the Meeting of Comrade Larsen with Minister Berg',
      ['Larsen', 'Berg'],
    ],
    [
      'Conversation of Comrades Berg and Lind with Okoro and Tarkov',
      ['Berg', 'Lind', 'Okoro', 'Tarkov'],
    ],
    // one party
    ['Conversation with Kim Chol Su', ['Kim Chol Su']],
    // the first party as a possessive
    [
      'Anders Berg’s Meeting with Premier Okoro on 3 May 1961',
      ['Anders Berg', 'Okoro'],
    ],
    ["Berg's Talks with Okoro in Oslo", ['Berg', 'Okoro']],
    [
      "Minutes of Chairman Mao Wenhua's Meeting with the Lakeland Delegation",
      ['Mao Wenhua', 'Lakeland Delegation'],
    ],
    [
      "Notes on Kim Chol Su's Talks with Tarkov, 3 May 1961",
      ['Kim Chol Su', 'Tarkov'],
    ],
    // a reception: `by A of B`, `of B by A`, deep in the title
    [
      'Reception of the Lakeland Delegation by Premier Wen',
      ['Lakeland Delegation', 'Wen'],
    ],
    [
      'Transcript of the Discussions on the Occasion of the Reception by Comrade N. Berg of I. Lind, Member of the Central Committee of the Lakeland Party (L.P.)',
      ['N. Berg', 'I. Lind'],
    ],
    // an issuing body before the type words
    [
      'Lakeland Foreign Ministry Memorandum of Conversation between Anders Berg and Carl Lind',
      ['Anders Berg', 'Carl Lind'],
    ],
  ])('%s', (t, participants) => {
    const r = title(t);
    expect(r.type).toBe('conversation');
    expect(r.participants).toEqual(participants);
  });

  it('leaves a venue after the parties out', () => {
    expect(
      title(
        'Minutes of Conversation between Anna Berg – Carl Lind, Harbour Residence [Lakeland]'
      ).participants
    ).toEqual(['Anna Berg', 'Carl Lind']);
    expect(
      title('Record of Talks between Berg and Lind, Lakeland Palace')
        .participants
    ).toEqual(['Berg', 'Lind']);
  });

  it('keeps offices joined by `and` as parties, drops them in apposition', () => {
    expect(
      title(
        'Record of Discussion between Foreign Ministers of North Lakeland and the Harbour Republic'
      ).participants
    ).toEqual(['Foreign Ministers of North Lakeland', 'Harbour Republic']);
    expect(
      title(
        'Memorandum of Conversation between Anna Berg, Vice President, Lakeland Council of State, and Carl Lind, Harbour Ambassador'
      ).participants
    ).toEqual(['Anna Berg', 'Carl Lind']);
    expect(
      title(
        'Record of Conversation with Kim Chol Su, General Secretary of the LWP CC and Chairman of the Cabinet'
      ).participants
    ).toEqual(['Kim Chol Su']);
    expect(
      title(
        'Record of Conversation with Kim Chol Su, Chairman of the Cabinet, and Pak Song Chol, Minister of Trade'
      ).participants
    ).toEqual(['Kim Chol Su', 'Pak Song Chol']);
  });

  it('drops a phrase cut off at the end of a heading line', () => {
    expect(
      title(
        'Memorandum of Conversation between Anna Berg and Carl Lind, Harbour Ambassasor to'
      ).participants
    ).toEqual(['Anna Berg', 'Carl Lind']);
  });

  it('reads the writer of a record after `, by`', () => {
    expect(
      title('Memorandum of Conversation with Pak Song Chol, by A. Tarkov')
    ).toMatchObject({
      authors: ['A. Tarkov'],
      participants: ['Pak Song Chol'],
    });
  });
});

describe('an office written before a name', () => {
  it.each([
    ['Minister of Harbour Defense Choe Chol Su', 'Choe Chol Su'],
    ['Minister of Foreign Affairs of the USSR A.A. Tarkov', 'A.A. Tarkov'],
    ['Chairman of the State Council Li Wenhua', 'Li Wenhua'],
    [
      "First Secretary of the CC of the Lakeland Workers' Party Anders Berg",
      'Anders Berg',
    ],
    ['MINISTER OF FOREIGN AFFAIRS OF THE USSR A.A. TARKOV', 'A.A. TARKOV'],
  ])('%s → %s', (t, name) => {
    expect(title(`Record of Conversation with ${t}`).participants).toEqual([
      name,
    ]);
  });

  it('is an office alone where no name follows its body', () => {
    expect(
      title('Telegram from Berg to the Minister of Trade').recipients
    ).toEqual(['Minister of Trade']);
  });
});

describe('senders and addressees in more forms', () => {
  it('reads `for X` as the addressee', () => {
    expect(
      title('Report for Comrade Tarkov on the Harbour Situation')
    ).toMatchObject({ type: 'report', recipients: ['Tarkov'], authors: [] });
    expect(title('Memorandum for the Minister from A. Berg')).toMatchObject({
      authors: ['A. Berg'],
      recipients: ['Minister'],
    });
    expect(title('Journal for the period 1-9 May').recipients).toEqual([]);
  });

  it('reads `attention X` as one more addressee', () => {
    expect(
      title(
        'Letter from the Lakeland CC [signed by Anders Berg] to the Harbour CC, attention Carl Lind'
      )
    ).toMatchObject({
      authors: ['Lakeland CC'],
      recipients: ['Harbour CC', 'Carl Lind'],
    });
    expect(
      title('Telegram from Berg to Lind, for the attention of Okoro').recipients
    ).toEqual(['Lind', 'Okoro']);
  });

  it('takes a person in brackets after a body as its envoy', () => {
    expect(
      title(
        'Telegram from the Lakeland Embassy in Oslo (Okoro), 9 p.m., Friday'
      ).authors
    ).toEqual(['Okoro']);
    // a place in brackets is where the body is, not a person
    expect(
      title('Telegram from the Harbour Embassy in Oslo (Moscow) to Berg')
        .authors
    ).toEqual(['Harbour Embassy in Oslo']);
  });

  it('keeps the `to` of an office in apposition out of the addressees', () => {
    expect(
      title('Letter from Anders Berg, Ambassador of Lakeland to Oslo')
    ).toMatchObject({ authors: ['Anders Berg'], recipients: [] });
    expect(
      title(
        'Letter from Anders Berg, Ambassador of Lakeland to Oslo, to Carl Lind'
      ).recipients
    ).toEqual(['Carl Lind']);
  });
});

describe('frameless headings and address blocks, more forms', () => {
  it.each([
    [
      `NOTE\n\n \n\nof a conversation with the Lakeland Ambassador Anders Berg`,
      'conversation',
      ['Anders Berg'],
    ],
    [
      `RECORD OF A CONVERSATION\nwith Comrade KIM CHOL SU, Chairman of the Cabinet of Ministers`,
      'conversation',
      ['KIM CHOL SU'],
    ],
    [
      `Lakeland Foreign Ministry Memorandum of Conversation between Anna Berg, Vice President, and Carl Lind, Harbour Ambassador to`,
      'conversation',
      ['Anna Berg', 'Carl Lind'],
    ],
  ])('%s', (h, type, participants) => {
    expect(heading(`${h}\n\n${PROSE}\n`)).toMatchObject({ type, participants });
  });

  it('reads a heading whose second part stands below blank lines', () => {
    expect(
      heading(
        `Top Secret!\n\nSTATEMENT\n\n \n\nof Comrade ANNA BERG about her visit to Oslo\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'other', authors: ['Anna Berg'] });
    expect(
      heading(
        `INFORMATION\non the visit of the Lakeland delegation\n\n${PROSE}\n`
      ).type
    ).toBe('report');
  });

  it('reads every addressee of an address block, offices left out', () => {
    expect(
      heading(
        `TO THE MINISTER OF TRADE OF LAKELAND\n\n \n\nCOMRADE ANDERS BERG\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'letter', recipients: ['Anders Berg'] });
    expect(
      heading(
        `To the Central Committee of the Lakeland Workers Party\nTo Comrade A. Berg\n\n${PROSE}\n`
      ).recipients
    ).toEqual(['Central Committee of the Lakeland Workers Party', 'A. Berg']);
  });

  it('reads the address block under a telegram header, which is no letter', () => {
    expect(
      heading(
        `Sent from Oslo by wire on 03/05/61 at 10:00 p.m.\nReceived in Bergen on 03/05/61 at 12:00 p.m.\nMOSCOW\nTo Ministry of Harbours of Lakeland\nComrade BERG\n\n${PROSE}\n`
      )
    ).toMatchObject({
      type: 'other',
      recipients: ['Ministry of Harbours of Lakeland', 'Berg'],
    });
  });

  it('takes a `Dear` line only where no `To` line names the addressee', () => {
    expect(
      heading(`To Comrade LIND C.D.\n\nDear Carl Danielovich!\n\n${PROSE}\n`)
        .recipients
    ).toEqual(['C.D. Lind']);
  });

  it('reads the forms’ labels ADDRESSEE, SENDER, TO, FROM', () => {
    expect(
      heading(
        `ADDRESSEE: Ministry of Harbours of Lakeland\nSENDER: Embassy of Lakeland in Oslo\n\n${PROSE}\n`
      )
    ).toMatchObject({
      authors: ['Embassy of Lakeland in Oslo'],
      recipients: ['Ministry of Harbours of Lakeland'],
    });
    expect(
      heading(
        `TO: Comrade A. Berg\nFROM: The Lakeland Embassy in Oslo\n\n${PROSE}\n`
      )
    ).toMatchObject({
      authors: ['Lakeland Embassy in Oslo'],
      recipients: ['A. Berg'],
    });
  });

  it('does not read a memorandum’s PARTICIPANTS list as addressees', () => {
    expect(
      heading(
        `MEMORANDUM OF CONVERSATION\n\nPARTICIPANTS: Anna Berg, Minister of Trade\nAmbassador Carl Lind,\n\nSUBJECT: Harbour works\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'conversation', recipients: [] });
  });
});

describe('name orders', () => {
  it.each([
    // the family name in capitals before the given names
    ['TARKOV Anton Borisovich', 'Anton Borisovich Tarkov'],
    ['KÁDÁR Jenő', 'Jenő Kádár'],
    // Korean and Chinese names are already in their usual order
    ['KIM Chol Su', 'Kim Chol Su'],
    ['MAO Wenhua', 'Mao Wenhua'],
    ['PAK SONG CHOL', 'Pak Song Chol'],
  ])('%s → %s', (written, value) => {
    const span = { start: 0, end: written.length };
    expect(givenNameFirst({ value: written, span }).value).toBe(value);
  });
});

describe('parties listed after a comma or colon', () => {
  it.each([
    [
      'Minutes of Conversation, Anders Berg and Carl Lind',
      ['Anders Berg', 'Carl Lind'],
    ],
    [
      'Memorandum of Conversation: Kim Chol Su and Ambassador Tarkov',
      ['Kim Chol Su', 'Tarkov'],
    ],
    ['Record of Conversation: Berg with Lind', ['Berg', 'Lind']],
    [
      'Conversation of Zhou Wenhua and Kim Chol Su',
      ['Zhou Wenhua', 'Kim Chol Su'],
    ],
  ])('%s', (t, participants) => {
    expect(title(t).participants).toEqual(participants);
  });

  it('reads no party from a place and a date', () => {
    expect(
      title('Record of Conversation, Oslo, 5 May 1961').participants
    ).toEqual([]);
  });
});

describe('frameless address lines, more forms', () => {
  it('reads the name after an office and its body in an address line', () => {
    expect(
      heading(
        `To the Minister of Foreign Affairs of the DPRK, Comrade Pak Song Chol\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'letter', recipients: ['Pak Song Chol'] });
    expect(
      heading(
        `RECORD OF CONVERSATION\n\nwith the Chairman of the Cabinet of Ministers of the DPRK KIM CHOL SU\n\n${PROSE}\n`
      ).participants
    ).toEqual(['KIM CHOL SU']);
  });

  it('makes a salutation naming only an office a letter', () => {
    expect(heading(`Dear Comrade Ambassador,\n\n${PROSE}\n`)).toMatchObject({
      type: 'letter',
      recipients: [],
    });
    expect(heading(`Comrade Minister!\n\n${PROSE}\n`).type).toBe('letter');
  });

  it('makes an address to a body a letter, a labelled TO: line not', () => {
    expect(
      heading(
        `TO THE CENTRAL COMMITTEE OF THE LAKELAND WORKERS PARTY\n\n${PROSE}\n`
      )
    ).toMatchObject({
      type: 'letter',
      recipients: ['CENTRAL COMMITTEE OF THE LAKELAND WORKERS PARTY'],
    });
    expect(heading(`TO: Ministry of Harbours\n\n${PROSE}\n`)).toMatchObject({
      type: 'other',
      recipients: ['Ministry of Harbours'],
    });
  });

  it('reads a `For:` line as the addressee', () => {
    expect(
      heading(`MEMORANDUM\n\nFor: Comrade A. Berg\nFrom: C. Lind\n\n${PROSE}\n`)
    ).toMatchObject({
      type: 'memorandum',
      authors: ['C. Lind'],
      recipients: ['A. Berg'],
    });
  });

  it('joins a type word alone to the heading going on below it', () => {
    expect(
      heading(`RECORD\nof conversation with Comrade Anna Berg\n\n${PROSE}\n`)
    ).toMatchObject({ type: 'conversation', participants: ['Anna Berg'] });
    expect(
      heading(
        `TRANSCRIPT\nof the talks between Anna Berg and Carl Lind\n\n${PROSE}\n`
      )
    ).toMatchObject({
      type: 'conversation',
      participants: ['Anna Berg', 'Carl Lind'],
    });
  });
});

describe('more sender and addressee orders', () => {
  it('reads `to X from Y` and a bare `to X`', () => {
    expect(title('Telegram to Comrade Tarkov from Anders Berg')).toMatchObject({
      authors: ['Anders Berg'],
      recipients: ['Tarkov'],
    });
    expect(title('Report to the Harbour Council on the Works')).toMatchObject({
      authors: [],
      recipients: ['Harbour Council'],
    });
  });

  it('drops an office written in lower case before a name', () => {
    expect(
      title(
        'Note on the Conversation of Comrade Berg with the Harbour ambassador Lind'
      ).participants
    ).toEqual(['Berg', 'Lind']);
  });

  it('reads a memorandum for an office with a FROM line (frameless)', () => {
    expect(
      heading(
        `THE HARBOUR HOUSE\nOSLO\n\nSECRET\n\nMEMORANDUM FOR THE PRESIDENT\nFROM: Anders B. Berg\nSUBJECT: Talks with Lind\n\n${PROSE}\n`
      )
    ).toMatchObject({
      type: 'memorandum',
      authors: ['Anders B. Berg'],
      recipients: ['President'],
    });
  });

  it('goes on below a type word with its number', () => {
    expect(
      heading(
        `PROTOCOL No. 12\nof the meeting of the Politburo of the CC of the LWP held on 3 May 1961\n\n${PROSE}\n`
      )
    ).toMatchObject({
      type: 'minutes',
      participants: ['Politburo of the CC of the LWP'],
    });
  });
});

describe('a heading, its header lines and a second document', () => {
  it('does not take a lower-case header line for the heading going on', () => {
    const h = heading(
      `CIPHERGRAM No. 118\n\nfrom Oslo, dispatched 3.4.1961 at 10:15, received 3.4.1961 at 12:40\n\n${PROSE}\n\nBERG\n`
    );
    expect(h).toMatchObject({ type: 'telegram', authors: [] });
  });

  it('ends the writers at the type words of a second document', () => {
    expect(
      title(
        'From the Diary of A. N. Lind, Record of Conversation with Carl Berg, 4 May 1961'
      ).authors
    ).toEqual(['A. N. Lind']);
  });
});

describe('a venue after a party', () => {
  it.each([
    [
      'Memorandum of Conversation between Comrade Ana Berg and Comrade Tor Lind in the Party House',
      ['Ana Berg', 'Tor Lind'],
    ],
    [
      'Record of Conversation with Mr. Paulo Ortiz at the Foreign Ministry',
      ['Paulo Ortiz'],
    ],
    ['Record of Conversation with Cde. Lind at Oslo Airport', ['Lind']],
  ])('drops the venue from %j', (t, people) => {
    expect(title(t).participants).toEqual(people);
  });

  it('keeps an office or a body with its place', () => {
    expect(
      title('Record of Conversation with Soviet Ambassador in Oslo Tarkov')
        .participants
    ).toEqual(['Tarkov']);
    expect(
      title(
        'Record of Conversation between Ana Berg and the Lakeland Embassy in Oslo'
      ).participants
    ).toEqual(['Ana Berg', 'Lakeland Embassy in Oslo']);
  });

  it('reads a frameless heading with the venue on its second line', () => {
    expect(
      heading(
        `MEMORANDUM\nof the conversation between Comrade Ana Berg and Comrade Tor Lind in the Central Committee building\n\n${PROSE}\n`
      ).participants
    ).toEqual(['Ana Berg', 'Tor Lind']);
  });
});

describe('typed headings in spaced letters', () => {
  it.each([
    ['R E P O R T', 'report'],
    ['M E M O R A N D U M', 'memorandum'],
    ['C I P H E R E D  T E L E G R A M', 'telegram'],
    ['P R O T O C O L', 'minutes'],
  ])('%s → %s', (h, type) => {
    expect(heading(`Top Secret\n\n${h}\n\n${PROSE}\n`).type).toBe(type);
  });

  it('reads a spaced heading going on below, with its party', () => {
    expect(
      heading(
        `R E C O R D  O F  C O N V E R S A T I O N\nwith Comrade Anna Berg\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'conversation', participants: ['Anna Berg'] });
  });

  it('takes no type from a spaced classification before a place', () => {
    expect(heading(`S E C R E T OSLO 5512\n\n${PROSE}\n`).type).toBe('other');
  });
});

describe("a report's writer under its type word", () => {
  it('reads `from X, <office>` and `by X, <office>` as the writer', () => {
    expect(
      heading(
        `R E P O R T\n\nfrom Anna Berg, Minister of Harbours\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'report', authors: ['Anna Berg'] });
    expect(
      heading(
        `INFORMATION\nby Carl Lind, Deputy Chairman of the Harbour Council\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'report', authors: ['Carl Lind'] });
  });

  it('keeps the writer as the heading names him, not as he signs', () => {
    const page = `TO THE PRESIDIUM\nOF THE HARBOUR COUNCIL\n\nR E P O R T\n\nfrom Anna Berg, Minister of Harbours\n\nComrades,\n\n${PROSE}\n\nOslo, 3 May 1961\n\nMINISTER:\n/A. Berg/\n`;
    const r = extract(page);
    expect(r.documentType).toBe('report');
    expect(r.authors).toEqual(['Anna Berg']);
    expect(r.recipients).toEqual(['PRESIDIUM OF THE HARBOUR COUNCIL']);
  });
});

describe('an address going on below its To line', () => {
  it('joins `of ...` and `in ...` lines to the address', () => {
    expect(
      heading(`TO THE PRESIDIUM\nOF THE HARBOUR COUNCIL\n\n${PROSE}\n`)
    ).toMatchObject({
      type: 'letter',
      recipients: ['PRESIDIUM OF THE HARBOUR COUNCIL'],
    });
    expect(
      heading(`To the Embassy of Lakeland\nin Oslo\n\n${PROSE}\n`).recipients
    ).toEqual(['Embassy of Lakeland in Oslo']);
  });

  it('keeps the span of a joined address on the page', () => {
    const page = `TO THE PRESIDIUM\nOF THE HARBOUR COUNCIL\n\n${PROSE}\n`;
    const h = readHeading(page, splitLines(page), 0, splitLines(page).length);
    const span = h.recipients[0]?.span;
    expect(page.slice(span?.start, span?.end)).toBe(
      'PRESIDIUM\nOF THE HARBOUR COUNCIL'
    );
  });
});

describe('US cable address lines', () => {
  it('reads FM and TO, dropping the precedence and serial number', () => {
    expect(
      heading(
        `TELEGRAM\n\nO 031200Z JUN 68\nFM AMCONSUL LAKEPORT\nTO SECSTATE WASHDC IMMEDIATE 2231\nINFO USUN NEW YORK\n\n${PROSE}\n`
      )
    ).toMatchObject({
      type: 'telegram',
      authors: ['AMCONSUL LAKEPORT'],
      recipients: ['SECSTATE WASHDC'],
    });
    expect(
      heading(
        `FM: SECSTATE WASHDC\nTO: AMEMBASSY OSLO NIACT IMMEDIATE\n\n${PROSE}\n`
      )
    ).toMatchObject({
      authors: ['SECSTATE WASHDC'],
      recipients: ['AMEMBASSY OSLO'],
    });
  });

  it('drops routing indicators and reads further action addressees', () => {
    const h = heading(
      `FM RUEHOS/AMEMBASSY OSLO\nTO RUEHC/SECSTATE WASHDC 4411\nAMEMBASSY LAKEPORT PRIORITY\nINFO AMCONSUL BERGEN\nUSNATO\n\n${PROSE}\n`
    );
    expect(h).toMatchObject({
      type: 'telegram',
      authors: ['AMEMBASSY OSLO'],
      recipients: ['SECSTATE WASHDC', 'AMEMBASSY LAKEPORT'],
    });
  });

  it('makes a page with a FM line and no heading a telegram', () => {
    expect(
      heading(`FM AMEMBASSY OSLO\nTO SECSTATE WASHDC PRIORITY\n\n${PROSE}\n`)
        .type
    ).toBe('telegram');
  });
});

describe('a cable written addressee first', () => {
  it('reads a body alone on a line before a colon as the addressee', () => {
    expect(
      heading(
        `Cable of the Harbour Ministry\n\nTrade Mission in Oslo:\n\n${PROSE}\n`
      )
    ).toMatchObject({
      type: 'telegram',
      authors: ['Harbour Ministry'],
      recipients: ['Trade Mission in Oslo'],
    });
  });

  it('reads no addressee from a person, a label or a From line', () => {
    expect(
      heading(
        `Cable of the Harbour Ministry\n\nFrom the Embassy:\n\n${PROSE}\n`
      ).recipients
    ).toEqual([]);
    expect(
      heading(`Cable of the Harbour Ministry\n\nNote:\n\n${PROSE}\n`).recipients
    ).toEqual([]);
  });
});

describe("a session's body before its quoted subject", () => {
  it.each([
    [
      "Resolution of the Harbour Council Presidium 'On Aid to the Fishery Cooperatives'",
      ['Harbour Council Presidium'],
    ],
    [
      'Decision of the Politburo of the CC of the LWP «On the Spring Fair»',
      ['Politburo of the CC of the LWP'],
    ],
    [
      'Resolution of the Harbour Council: On Fishing Quotas',
      ['Harbour Council'],
    ],
    [
      'Protocol of the Harbour Council Presidium - On the Ferry Line',
      ['Harbour Council Presidium'],
    ],
  ])('%s', (t, people) => {
    expect(title(t).participants).toEqual(people);
  });
});

describe('a party acronym with its bracketed letter', () => {
  it('keeps `(b)` glued to the acronym in participants', () => {
    const page = [
      'Extract from the minutes No. 5 of the session of the Politburo of the CC KP(b)U',
      'Decision of 3 March 1951',
      '',
      'On the request of the Ministry of Trade.',
    ].join('\n');
    expect(extract(page).date).toBe('1951-03-03');
    const page2 = [
      'Extract from the minutes No. 5 of the session of the Politburo of the CC VKP(b)',
      'Decision of 3 March 1951',
      '',
      'On the request of the Ministry of Trade.',
    ].join('\n');
    const r = extract(page2);
    expect(r.date).toBe('1951-03-03');
    expect(r.participants).toEqual(['Politburo of the CC VKP(b)']);
  });
});

describe('round-5 address and heading forms', () => {
  it('cuts the addressee before an office and a place in apposition', () => {
    expect(
      heading(
        `To Comrade Ivan Petrov, Minister of Foreign Affairs, Lakeport\n\n${PROSE}\n`
      ).recipients
    ).toEqual(['Ivan Petrov']);
    expect(
      heading(
        `To Comrade Ivan Petrov, First Deputy Chairman of the Council of Ministers\n\n${PROSE}\n`
      ).recipients
    ).toEqual(['Ivan Petrov']);
  });

  it('reads an address with its salutation run on, on one line', () => {
    expect(
      heading(
        `To Comrade Pak Song Chol, Chairman of the Cabinet of Ministers of Lakeland.  Dear Comrade Pak Song Chol,\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'letter', recipients: ['Pak Song Chol'] });
  });

  it('keeps an Information Note on talks a memorandum', () => {
    expect(
      titleType('Information Note on the talks of the trade delegation')
    ).toBe('memorandum');
    expect(
      heading(
        `INFORMATION NOTE\non the talks of the Lakeland delegation in Harbourtown\n\n${PROSE}\n`
      )
    ).toMatchObject({ type: 'memorandum', participants: [] });
    expect(titleType('Record of the talks with the delegation')).toBe(
      'conversation'
    );
  });
});

describe('address lines and the text below a heading', () => {
  it('takes no addressee from a sentence that opens with a name and office', () => {
    const h = heading(
      `MEMORANDUM OF CONVERSATION\n\nbetween Ambassador Lind and Comrade Anna Berg\n\nOslo, 3 May 1962\n\nComrade Anna Berg, Ambassador of Lakeland, visited the Ministry at her own request and asked for help.\n`
    );
    expect(h.recipients).toEqual([]);
  });

  it('reads an address below a Subject line, and keeps the page a report', () => {
    const h = heading(
      `Embassy of Lakeland\nOslo\n\nSubject: the visit of the trade delegation\n\nTo Comrade Carl Berg, Minister of Foreign Affairs, Harbour\n\n${PROSE}\n`
    );
    expect(h.recipients).toEqual(['Carl Berg']);
    expect(h.type).not.toBe('letter');
  });
});
