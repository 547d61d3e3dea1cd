/**
 * The forms of a document's close and of the archive's frame around it:
 * signatures, letters, the summary, citations, numbered points. Every
 * example is written for this test (invented names and numbers), one per
 * form, so a rule is pinned down apart from the pages it was first seen on.
 */
import { describe, expect, it } from 'vitest';
import { readCitations } from '#shared/extract/citations.ts';
import {
  isClosingLine,
  isDateline,
  isDateOnly,
} from '#shared/extract/frame.ts';
import { extract } from '#shared/extract/index.ts';
import { signatureOf } from '#shared/extract/letter.ts';
import { readQuantities } from '#shared/extract/quantities.ts';
import { splitLines } from '#shared/extract/text.ts';

/** A framed page: the website's date line and title, then the body. */
function framed(title: string, body: string, tail = '\nRecord ID\n\n999\n') {
  return `Skip to content\n\nMay 3, 1952\n\n${title}\n\n${body}\n${tail}`;
}

function line(text: string) {
  const [l] = splitLines(text);
  if (!l) throw new Error('no line');
  return l;
}

describe('signature lines', () => {
  it.each([
    ['/-/ Kowalczyk', 'Kowalczyk'],
    ['Signed: P. Dumitru', 'P. Dumitru'],
    ['(B. Sorokin)', 'B. Sorokin'],
    ['Chargé d’Affaires [signature] (K. Lebedev)', 'K. Lebedev'],
    ['Soviet Consul in Harbin [signature] (M. Orlov)', 'M. Orlov'],
    ['Colonel-General - ZHUKOVSKY', 'Zhukovsky'],
    ['Devotedly yours, PAK SON', 'Pak Son'],
    ['With comradely greetings, E. Honecker', 'E. Honecker'],
    ['Best regards, J. Cyrankiewicz', 'J. Cyrankiewicz'],
    ['[signed] A. Novotny', 'A. Novotny'],
    ['Sgd. T. Zhivkov', 'T. Zhivkov'],
    ['gez. W. Ulbricht', 'W. Ulbricht'],
    ['(-) Gomułka', 'Gomułka'],
    ['ss/ I. Gheorghe', 'I. Gheorghe'],
    ['Kovács Béla s.k.', 'Kovács Béla'],
    ['A. Novotný v.r.', 'A. Novotný'],
    ['V. KUZNETSOV /signature/', 'V. Kuznetsov'],
    ['/Petrov/', 'Petrov'],
    ['P. A B R A S I M O V', 'P. Abrasimov'],
    ['K. Lebedev 14.IV.57', 'K. Lebedev'],
    ['Ambassador: /T. Georgiev/', 'T. Georgiev'],
    ['Original signed by: Averell Harriman', 'Averell Harriman'],
    ['Ambassador of the USSR in the DPRK      V. Ivanov', 'V. Ivanov'],
  ])('reads %s as %s', (text, name) => {
    expect(signatureOf(line(text))?.value).toBe(name);
  });

  it('keeps the span on the name as written', () => {
    const text = 'Counsellor [signature] (A. Vetrov)';
    const s = signatureOf(line(text));
    expect(s && text.slice(s.span.start, s.span.end)).toBe('A. Vetrov');
  });

  it('does not take a word cut off by the page end for a name', () => {
    expect(signatureOf(line('Au'))).toBeNull();
  });

  it('reads the signer above an office line and a closing dateline', () => {
    const r = extract(
      framed(
        'Report from the Embassy in Sofia',
        [
          'The delegation visited the port and the shipyard and met the director of the works there.',
          'Varga Miklós',
          'Head of Section',
          'Sofia, 1971 June 4.',
        ].join('\n')
      )
    );
    expect(r.signatories).toEqual(['Varga Miklós']);
  });

  it('reads the sender of a dashed closing line as the signer', () => {
    const r = extract(
      framed(
        'Telegram from the Hungarian Embassy in Hanoi to the Foreign Ministry',
        [
          'The delegation left for the south today; the next report follows on its return.',
          '– Szilágyi – 218 –',
        ].join('\n')
      )
    );
    expect(r.signatories).toEqual(['Szilágyi']);
    expect(r.telegram?.outgoingNumber).toBe('218');
  });

  it('signs a cable typed in capitals with the surname under its text', () => {
    const r = extract(
      [
        'CONFIDENTIAL',
        'FM AMEMBASSY OSLO',
        'TO SECSTATE WASHDC',
        '',
        '1. THE FOREIGN MINISTER TOLD ME TODAY THAT THE GOVERNMENT WILL NOT CHANGE ITS POSITION ON THE FISHERIES QUESTION.',
        '',
        'TIBBETTS',
      ].join('\n')
    );
    expect(r.signatories).toEqual(['Tibbetts']);
  });

  it.each([
    ['A. Gromyko / V. Zorin', ['A. Gromyko', 'V. Zorin']],
    ['SOKOLOV, ORLOV', ['Sokolov', 'Orlov']],
    ['Signed: Ion Popa / Petre Lupu', ['Ion Popa', 'Petre Lupu']],
    [
      'Ambassador: K. Novak / First Secretary: J. Horak',
      ['K. Novak', 'J. Horak'],
    ],
  ])('reads two signers on one line: %s', (line, names) => {
    const r = extract(
      framed(
        'Report from the Embassy in Hanoi',
        [
          'The delegation visited the port and the shipyard and met the director of the works there.',
          line,
          'No. 41/58',
        ].join('\n')
      )
    );
    expect(r.signatories).toEqual(names);
  });

  it('reads signers above their offices, and a name under or beside its office', () => {
    const two = extract(
      framed(
        'Information Note of the Polish Embassy in Sofia',
        [
          'The Embassy will follow the matter and report on the next round of the talks.',
          'T. Nowak / J. Kowal',
          "Chargé d'Affaires a.i. / Second Secretary",
          '',
          'The Embassy reports on the talks.',
        ].join('\n')
      )
    );
    expect(two.signatories).toEqual(['T. Nowak', 'J. Kowal']);
    const under = extract(
      framed(
        'Record of Conversation of Ambassador Ivanov with Nam Il',
        [
          'Nam Il asked for specialists for the new steel works and for the railway.',
          'Ambassador of the USSR in the DPRK',
          '(V. Ivanov)',
          '',
          'Sent:',
        ].join('\n')
      )
    );
    expect(under.signatories).toEqual(['V. Ivanov']);
    const beside = signatureOf(
      line('Ambassador of the USSR in the DPRK /A. Puzanov/')
    );
    expect(beside?.value).toBe('A. Puzanov');
  });

  it('does not sign with a section heading in roman numerals', () => {
    const r = extract(
      framed(
        'Record of Conversation of Ambassador Puzanov with Kim Il Sung',
        [
          'Kim Il Sung raised several questions of industry and of agriculture with me today.',
          '',
          'II. Agriculture.',
          '',
          '3. To send 15 specialists in irrigation.',
        ].join('\n')
      )
    );
    expect(r.signatories).toEqual([]);
  });

  it('does not sign a page with the name in its heading above its date', () => {
    const r = extract(
      framed(
        'From the Diary of Ambassador Pervukhin',
        [
          'From the diary of',
          'M. G. PERVUKHIN',
          'Record of conversation',
          'with the Chairman of the State Council of the GDR',
          'W. Ulbricht',
          '',
          '2 March 1960',
          '',
          'Today I visited W. Ulbricht, who spoke of the trade talks and of the situation in Berlin.',
          'M. PERVUKHIN',
          'Three copies',
        ].join('\n')
      )
    );
    expect(r.signatories).toEqual(['M. Pervukhin']);
  });

  it('reads a signer under a dateline, above an enclosure line', () => {
    const r = extract(
      framed(
        'Letter from Todor Zhivkov to Leonid Brezhnev',
        [
          'Dear Comrade Brezhnev,',
          'We ask that the question of the credit be examined at the next meeting of our two delegations.',
          'Sofia, 5 May 1975',
          'T. Zhivkov',
          '',
          'Enclosure: the draft of the agreement',
        ].join('\n')
      )
    );
    expect(r.signatories).toEqual(['T. Zhivkov']);
  });

  it('does not sign a page with a place written as a dateline', () => {
    const r = extract(
      framed(
        'Letter from Kim Tu Bong to the Soviet Ambassador',
        [
          'We thank the Soviet people for the help given to our country in the past year.',
          '(T. Kim)',
          '12 May 1952',
          'Pyongyang',
          '13 May 1952',
        ].join('\n')
      )
    );
    expect(r.signatories).toEqual(['T. Kim']);
  });

  it('reads a signer whose date is written with its time or part of day', () => {
    for (const date of ['Night of March 2 [1951]', '6:30 a.m., 2 March [1951]'])
      expect(isDateOnly(date), date).toBe(true);
    const r = extract(
      framed(
        'Telegram from Gao Gang to Mao Zedong',
        [
          'The first train with grain has left and the second will follow within a week as agreed.',
          'Gao Gang',
          'Night of March 2 [1951]',
        ].join('\n')
      )
    );
    expect(r.signatories).toEqual(['Gao Gang']);
  });
});

describe('closing lines', () => {
  it.each([
    ['Warsaw, 1968 April 9.', true],
    ['Prague, 3 June 1969', true],
    ['Three copies', true],
    ['Moscow, Kremlin.', false],
    ['The talks went well, 3 June', false],
  ])('%s is a closing line: %s', (text, closing) => {
    expect(isClosingLine(text)).toBe(closing);
  });

  it('tells a dateline from a sentence with a date in it', () => {
    expect(isDateline('Berlin, 12 January 1962')).toBe(true);
    expect(isDateline('We met on 12 January 1962')).toBe(false);
  });
});

describe('letters', () => {
  it('takes the Dear line of an address block as the salutation', () => {
    const r = extract(
      framed(
        'Letter from the Minister of Culture to the Director of the Festival',
        [
          'Mr. Jan Novak',
          'Festival Director',
          'Karlovy Vary',
          '',
          'Dear Mr. Novak,',
          'We are pleased to confirm that our films will be shown at the festival this summer.',
        ].join('\n')
      )
    );
    expect(r.letter?.salutation).toBe('Dear Mr. Novak');
  });

  it.each([
    ['Your Excellency,', 'Your Excellency'],
    ['Comrades!', 'Comrades'],
    ['Respected Comrade Kim Il Sung!', 'Respected Comrade Kim Il Sung'],
    ['Mr. President,', 'Mr. President'],
  ])('reads the salutation %s in a letter', (line, salutation) => {
    const r = extract(
      framed(
        'Letter from the Minister of Foreign Affairs to the Ambassador',
        [
          line,
          'I have the honour to inform you that the delegation will arrive on the first of next month.',
        ].join('\n')
      )
    );
    expect(r.letter?.salutation).toBe(salutation);
  });

  it('takes the Dear line under an address ending with an initial', () => {
    const r = extract(
      framed(
        'Letter, Kim Tu Bong to I.V. Stalin',
        [
          'To the Chairman of the Council of Ministers',
          'Comrade STALIN I.V.',
          '',
          'Dear Iosif Vissarionovich!',
          'The Government of the Republic thanks the Soviet Government for the help it has given.',
          'With deep respect,',
          'KIM TU BONG',
          'Chairman of the Presidium',
          'of the Supreme People’s Assembly',
          '',
          'Pyongyang, 3 March 1949',
        ].join('\n')
      )
    );
    expect(r.letter?.salutation).toBe('Dear Iosif Vissarionovich');
    expect(r.letter?.signedBy).toBe('Kim Tu Bong');
    expect(r.signatories).toEqual(['Kim Tu Bong']);
  });

  it('takes the salutation standing after the address on the same line', () => {
    const r = extract(
      framed(
        'Letter, Kim Il Sung to I.V. Stalin',
        [
          'To Comrade STALIN I.V., Moscow.      Dear Iosif Vissarionovich!',
          'On behalf of the Party I express to you our deep gratitude for the help you have given us.',
          'KIM IL SUNG',
          'Pyongyang, 3 March 1950',
        ].join('\n')
      )
    );
    expect(r.letter?.salutation).toBe('Dear Iosif Vissarionovich');
  });

  it('reads an office addressed with a colon as a letter salutation', () => {
    const r = extract(
      framed(
        'Letter from Peng Dehuai to Mao Zedong',
        [
          'Chairman [Mao Zedong]:',
          'The army has taken up positions north of the river and awaits the supplies that were promised.',
          'Peng Dehuai',
          '3 December [1950]',
        ].join('\n')
      )
    );
    expect(r.letter?.salutation).toBe('Chairman [Mao Zedong]');
    expect(r.letter?.signedBy).toBe('Peng Dehuai');
  });

  it('reads a letter enclosed after the document closes, its address over two lines', () => {
    const text = framed(
      'Telegram from Roshchin to Stalin, Transmitting a Letter',
      [
        'I am sending you the letter of the Chinese comrades which was handed to me today in person.',
        '(N. Roshchin)',
        '4 May 1952',
        '[handwritten:]',
        'Dear Cde.',
        'I. V. Stalin',
        'We thank you for your constant attention to the needs of our people and our army.',
        'Faithfully yours,',
        'Zhu De',
        'Beijing',
        '1 May 1952',
      ].join('\n')
    );
    const r = extract(text);
    expect(r.letter?.salutation).toBe('Dear Cde. I. V. Stalin');
    expect(r.letter?.signedBy).toBe('Zhu De');
    expect(r.signatories).toEqual(['N. Roshchin']);
    const span = r.provenance['letter.salutation'];
    expect(span && text.slice(span.start, span.end)).toBe(
      'Dear Cde.\nI. V. Stalin'
    );
  });
});

describe('letters enclosed after a separator', () => {
  it('reads an address over two lines in capitals under a place line', () => {
    const r = extract(
      framed(
        'Telegram from Shtykov to Vyshinsky, Transmitting a Letter',
        [
          'I am sending the text of the letter which I received today from the Minister.',
          'S H T Y K O V',
          'No. 77',
          '* * * * *',
          'Pyongyang, Government House.',
          'HIGHLY ESTEEMED Andrei',
          'Yanuarievich VYSHINSKY.',
          'On behalf of our government we thank you for the grain delivered in the spring.',
        ].join('\n')
      )
    );
    expect(r.letter?.salutation).toBe(
      'HIGHLY ESTEEMED Andrei Yanuarievich VYSHINSKY'
    );
    expect(r.signatories).toEqual(['Shtykov']);
  });
});

describe('the summary', () => {
  it('is read when the page stops inside the tail marker', () => {
    const r = extract(
      framed(
        'Telegram from the Central Military Commission to the Northeast Bureau',
        [
          'Send the two regiments north by the end of the month and report when they have left.',
          'Central Military Commission',
          'February 2 [1950]',
          'The Commission orders two regiments moved north and asks to be told when they leave.',
          'Asso',
        ].join('\n'),
        ''
      )
    );
    expect(r.summary).toBe(
      'The Commission orders two regiments moved north and asks to be told when they leave.'
    );
    expect(r.warnings).toContain('truncated');
  });

  it('is read on a cut-off page after a marked signature', () => {
    const r = extract(
      framed(
        'Telegram from Sofia to Bucharest',
        [
          'A Bulgarian diplomat said the delegation would arrive next week with a new trade offer.',
          'Signed: D. Ionescu',
          'The Romanian Embassy reports a Bulgarian trade delegation will come with a new offer',
        ].join('\n'),
        ''
      )
    );
    expect(r.summary).toMatch(/^The Romanian Embassy reports/);
  });

  it('is read on a cut-off page after the distribution list', () => {
    const r = extract(
      framed(
        'Record of Conversation of Ambassador Yudin with Liu Shaoqi',
        [
          'Liu Shaoqi asked for specialists for the new steel works and for the railway.',
          '/P. YUDIN/',
          '3 copies printed',
          '1 - Cde. Suslov',
          '2 - Cde. Fedorenko',
          '3 - to file',
          'Yudin records Liu Shaoqi’s requests for specialists for the steel works and the rail',
        ].join('\n'),
        ''
      )
    );
    expect(r.summary).toMatch(/^Yudin records/);
  });

  it('is not the document going on in the first person after a closing date', () => {
    const r = extract(
      framed(
        'Telegram from Zhou Enlai to Filippov',
        [
          'The first list of medicines was sent to you on 2 March by the trade mission in Moscow.',
          'Zhou Enlai',
          '4 March 1952',
          'In view of the new outbreaks, our doctors ask that the quantities we requested be doubled at once',
        ].join('\n'),
        ''
      )
    );
    expect(r.summary).toBeNull();
  });

  it('is not a diary entry that follows its date under a heading', () => {
    const r = extract(
      framed(
        'Journal of Counsellor Ivanov',
        [
          'JOURNAL',
          'of Counsellor S. P. Ivanov',
          '3 May 1952',
          'I received the head of the trade mission who told me about the talks on the new agreement',
        ].join('\n'),
        ''
      )
    );
    expect(r.summary).toBeNull();
  });
});

describe('the frame of other layouts', () => {
  it('takes no summary paragraph for a title, nor the ready-made citation for body', () => {
    const text = [
      'July 6, 1951',
      '',
      '    The ambassador reports several requests of the Chinese leaders. They ask for advisers and for a trade delegation.',
      '    "Report, Ivanov to Stalin," July 6, 1951, History and Public Policy Program Digital Archive, APRF: F. 3, Op. 65, D. 1.',
      'To Comrade I.V. Stalin.',
      '',
      'In conversations with me the Chinese comrades asked me to report to you the following.',
      '',
      'RECORD ID',
    ].join('\n');
    const r = extract(text);
    expect(r.title).toBeNull();
    expect(r.signatories).toEqual([]);
  });

  it('does not sign a page with the word its end cut in two', () => {
    const r = extract(
      framed(
        'Telegram from Moscow to Washington',
        [
          'The talks on the consular convention will resume next week in the usual place.',
          '',
          'Secre',
        ].join('\n'),
        ''
      )
    );
    expect(r.signatories).toEqual([]);
  });
});

describe('citations', () => {
  const read = (text: string) =>
    readCitations(splitLines(text), 0, splitLines(text).length).map(
      (c) => c.value.archive
    );

  it.each([
    [
      'Archive of the Ministry of Culture of Ruritania (AMCR), Folder 12/1970, Matter 4.',
      'AMCR',
    ],
    [
      'Archive of the Foreign Ministry, Republic of Ruritania, R-I-7-12, 4. Obtained by A. Reader.',
      'ArchiveoftheForeignMinistry,RepublicofRuritania',
    ],
    ['NAR KL XII-B-3-c Box 7, 00123. Translated by A. Reader.', 'NARKL'],
    ['Archive of the Fo', 'ArchiveoftheFo'],
  ])('gives the archive alone for %s', (text, archive) => {
    expect(read(`Source\n${text}`)).toEqual([archive]);
  });

  it.each([
    [
      'Archive of Foreign Policy of the Ruritanian Federation (AVPRR), fond 0102, opis 9, delo 4, list 12.',
      { archive: 'AVPRR', fond: '0102', opis: '9', delo: '4', listy: '12' },
    ],
    [
      'RGASPI f. 17, op. 3, d. 1',
      { archive: 'RGASPI', fond: '17', opis: '3', delo: '1', listy: null },
    ],
    [
      'GARF, f. R-5446, op. 1, d. 2',
      { archive: 'GARF', fond: 'R-5446', opis: '1', delo: '2', listy: null },
    ],
  ])('reads the fields of %s', (text, fields) => {
    const lines = splitLines(`Source\n${text}`);
    const [c] = readCitations(lines, 0, lines.length).map((f) => f.value);
    expect(c).toEqual({ papka: null, ...fields });
  });

  it('gives the acronym of an archive named in its own language', () => {
    expect(
      read(
        'Source\nArchiwum Akt Nowych (AAN), Warsaw, z. 3, w. 7, t. 12. Translated by A. Reader.'
      )
    ).toEqual(['AAN']);
  });

  it('reads the fields after other parts of a citation with an acronym', () => {
    const lines = splitLines(
      'Source\nState Archive of the Foreign Ministry of Ruritania (SAFMR), PA, 1956, f. 12, d. 7, br. 3/56.'
    );
    expect(readCitations(lines, 0, lines.length)[0]?.value).toEqual({
      archive: 'SAFMR',
      fond: '12',
      opis: null,
      delo: '7',
      papka: null,
      listy: null,
    });
  });

  it.each([
    ['Arquivo Histórico do Ministério (AHM), Lisboa, 1961.', 'AHM'],
    ['Harry S. Truman Library (HSTL), Papers of the President.', 'HSTL'],
  ])('gives the acronym of %s', (text, archive) => {
    expect(read(`Source\n${text}`)).toEqual([archive]);
  });

  it('keeps the back of a sheet in listy', () => {
    const lines = splitLines('Source\nAVPRF, f. 7, op. 2, d. 5, l. 5 ob.');
    expect(readCitations(lines, 0, lines.length)[0]?.value.listy).toBe('5 ob');
  });

  it('gives an acronym that opens a citation of other parts', () => {
    expect(read('Source\nAMSZ, Department II, z. 9, w. 52')).toEqual(['AMSZ']);
    expect(read('Source\nSAPMO-BArch, DY 30/J IV 2/2J/58')).toEqual([
      'SAPMO-BArch',
    ]);
  });

  it('gives none for a published book or a tail label', () => {
    expect(read('Selected Works of the Chairman, vol. 2, p. 45.')).toEqual([]);
    expect(read('Source\nOriginal Archive')).toEqual([]);
  });
});

describe('numbered points', () => {
  it('reads a point that opens a quotation', () => {
    const r = extract(
      framed(
        'Record of Conversation between Stalin and Zhou Enlai',
        [
          'Stalin read out the draft proposal, which says that the parties agree on the following:',
          '"1. An end to the shelling on both sides.',
          '2. The exchange of all prisoners.',
          '',
          'Stalin and Zhou Enlai discuss a draft proposal for an armistice.',
        ].join('\n')
      )
    );
    expect(r.requests.map((q) => q.number)).toEqual([1, 2]);
  });

  it('ends a point where a new sentence starts a new line', () => {
    const r = extract(
      framed(
        'Record of Conversation between Tsedenbal and Mikoyan',
        [
          'Tsedenbal raised the following questions.',
          '',
          '1. We ask for a loan of 20 million rubles for the new power station.',
          'The answer was: we can discuss this.',
          '',
          '2. We ask for help with the railway to the',
          'border, which is to open next year.',
          '',
          'Tsedenbal and Mikoyan discuss loans and the railway.',
        ].join('\n')
      )
    );
    expect(r.requests.map((q) => q.text)).toEqual([
      'We ask for a loan of 20 million rubles for the new power station.',
      'We ask for help with the railway to the border, which is to open next year.',
    ]);
  });

  it('reads points typed without a space after the number', () => {
    const r = extract(
      framed(
        'Letter from the DPRK Ministry of Education to the Czechoslovak Embassy',
        [
          'Dear Comrade Ambassador,',
          'We ask for the following:',
          '1.To receive 20 Korean students at Charles University.',
          '2.To send 4 lecturers of chemistry to Pyongyang.',
          '',
          'The Ministry asks for places for students and for lecturers.',
        ].join('\n')
      )
    );
    expect(r.requests.map((q) => [q.number, q.quantities[0]?.unit])).toEqual([
      [1, 'korean students'],
      [2, 'lecturers of chemistry'],
    ]);
  });

  it('reads points numbered inside one paragraph', () => {
    const r = extract(
      framed(
        'Telegram from Zhou Enlai to Ni Zhiliang',
        [
          'Please tell the Premier: (1) The trains may cross the border at night only. (2) Send us the lists of the cargo 3 days ahead. (3) We agree to the meeting.',
          'Zhou Enlai',
          'March 2 [1951]',
          '',
          'Zhou Enlai gives instructions on the trains.',
        ].join('\n')
      )
    );
    expect(r.requests.map((q) => [q.number, q.text])).toEqual([
      [1, 'The trains may cross the border at night only.'],
      [2, 'Send us the lists of the cargo 3 days ahead.'],
      [3, 'We agree to the meeting.'],
    ]);
  });

  it('does not read footnotes called by note marks as points', () => {
    const r = extract(
      framed(
        'Cable from Mao Zedong to Filippov',
        [
          '(1) The cable was sent by wire.',
          '(2) Filippov was the code name of Stalin.',
          'Comrade Filippov(2):',
          'I am sending you the report(1) on the situation in the west of the country.',
        ].join('\n')
      )
    );
    expect(r.requests).toEqual([]);
  });

  it('counts no duration, however it is qualified', () => {
    expect(readQuantities('during the next two dry seasons')).toEqual([]);
    expect(readQuantities('for three full years')).toEqual([]);
  });

  it('reads a range written with to', () => {
    expect(
      readQuantities('to send 8 to 10 engineers').map((q) => q.value)
    ).toEqual([{ min: 8, max: 10, unit: 'engineers' }]);
    expect(readQuantities('to reduce 5 to the minimum')).toEqual([]);
  });

  it('reads no range from a year, and a thousands number after a month', () => {
    expect(
      readQuantities('to raise output in 1976 to 19 million tons').map(
        (q) => q.value
      )
    ).toEqual([{ min: 19000000, max: 19000000, unit: 'tons' }]);
    expect(
      readQuantities('to deliver in November 5,000 tons of wheat').map(
        (q) => q.value.min
      )
    ).toEqual([5000]);
    expect(readQuantities('on November 5 the delegation')).toEqual([]);
  });

  it.each([
    ['two hundred and fifty beds', 250],
    ['two and a half thousand tons of cotton', 2500],
    ['fifteen hundred tractors', 1500],
    ['thirty-five thousand tons of steel', 35000],
    ['twenty-one specialists', 21],
  ])('reads the number in words in %s', (text, n) => {
    expect(readQuantities(text).map((q) => q.value.min)).toEqual([n]);
  });

  it('reads half of a scale, and no number from a scale alone', () => {
    expect(
      readQuantities('to buy half a million tons of grain').map(
        (q) => q.value.min
      )
    ).toEqual([500000]);
    expect(readQuantities('several hundred young workers')).toEqual([]);
  });

  it('keeps a model number in the counted noun', () => {
    expect(
      readQuantities('a dozen An-2 aircraft for the farms').map((q) => [
        q.value.min,
        q.value.unit,
      ])
    ).toEqual([[12, 'an-2 aircraft']]);
  });

  it('reads a number in words after a month name', () => {
    expect(
      readQuantities('before the end of October two divisions of tanks').map(
        (q) => q.value.min
      )
    ).toEqual([2]);
  });

  it.each([
    ['six or seven specialists', 6, 7],
    ['ten to twelve engineers', 10, 12],
    ['1,200-1,500 tons of cotton', 1200, 1500],
  ])('reads the range in %s', (text, min, max) => {
    expect(readQuantities(text).map((q) => [q.value.min, q.value.max])).toEqual(
      [[min, max]]
    );
  });

  it('counts no span of years', () => {
    expect(
      readQuantities('to deliver in 1961-1962 four turbines').map((q) => [
        q.value.min,
        q.value.unit,
      ])
    ).toEqual([[4, 'turbines']]);
  });

  it('ends a unit at a participle, a preposition or a possessive', () => {
    expect(
      readQuantities(
        'two plants producing fibre, 9 tons above the plan and 3 million rubles’ worth'
      ).map((q) => q.value.unit)
    ).toEqual(['plants', 'tons', 'rubles']);
  });

  it('ends a unit at a word that closes the counted phrase', () => {
    expect(
      readQuantities('building 3,000 square meters worth of offices').map(
        (q) => q.value.unit
      )
    ).toEqual(['square meters']);
  });
});
