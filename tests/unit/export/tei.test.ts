import type { Element } from '@xmldom/xmldom';
import { afterAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '#shared/errors/index.ts';
import {
  checkTeiExportable,
  TeiTextError,
  teiWhen,
  toTei,
} from '#shared/export/tei.ts';
import { classifyName, indexEntities } from '#shared/export/tei-people.ts';
import type { DocumentRecord, Span } from '#shared/schema/record.ts';
import {
  bodyText,
  childElements,
  logicalElements,
  parseXml,
  teiElements,
  teiPath,
  validateTei,
} from '../../helpers/tei.ts';
import { checkScoredValues } from '../../helpers/tei-values.ts';
import { makeRecord } from '../query/records.ts';

/** The span of the `nth` occurrence of `needle` in `text`. */
function spanOf(text: string, needle: string, nth = 1): Span {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not in the text`);
  }
  return { start: at, end: at + needle.length };
}

/** The first character of a span. */
function first(span: Span): Span {
  return { start: span.start, end: span.start + 1 };
}

/** An ok record for `text` with the given fields. */
function recordOf(
  text: string,
  fields: Partial<DocumentRecord>
): DocumentRecord {
  return makeRecord('rec-0001', {
    title: null,
    documentType: 'other',
    text: {
      excerpt: text.slice(0, 20),
      length: text.length,
      uri: null,
      format: 'txt',
      encoding: 'utf-8',
    },
    ...fields,
  });
}

/** Every export of this file, validated against the schema at the end. */
const written: { name: string; xml: string }[] = [];

function exportOf(record: DocumentRecord, text: string, name: string) {
  const xml = toTei(record, text);
  written.push({ name: `${name}.xml`, xml });
  const doc = parseXml(xml);
  return { xml, doc };
}

/** Body elements with this local name (and attributes), with their offsets. */
function found(
  doc: ReturnType<typeof parseXml>,
  name: string,
  attrs: Record<string, string> = {}
) {
  return logicalElements(doc).filter(
    (l) =>
      l.el.localName === name &&
      Object.entries(attrs).every(([k, v]) => l.el.getAttribute(k) === v)
  );
}

afterAll(async () => {
  // every document this file wrote is valid against the subset schema
  expect(await validateTei(written)).toEqual([]);
});

describe('toTei: escaping and characters', () => {
  it('escapes markup characters and keeps carriage returns, tabs and quotes', () => {
    // Prepare
    const text = 'Title <A & B> "quoted" \'single\' ]]> end\r\nTab\there\r\n';
    const record = recordOf(text, {
      title: 'Title <A & B>',
      provenance: { title: spanOf(text, 'Title <A & B>') },
    });

    // Act
    const { xml, doc } = exportOf(record, text, 'escaping');

    // Assess
    expect(xml).toContain('Title &lt;A &amp; B&gt;');
    expect(xml).toContain('&#13;');
    expect(bodyText(doc)).toBe(text);
    expect(
      teiPath(
        doc.documentElement as Element,
        'teiHeader/fileDesc/titleStmt/title'
      )?.textContent
    ).toBe('Title <A & B>');
    expect(found(doc, 'title')[0]?.el.textContent).toBe('Title <A & B>');
  });

  it('writes characters XML cannot carry as g elements naming them, so the text comes back whole', () => {
    const text =
      'Page one\fPage two \u0001 and a lone \uD800 surrogate; a pair \uD83D\uDE00 stays.';
    const { xml, doc } = exportOf(
      recordOf(text, {}),
      text,
      'control-characters'
    );

    expect(xml).toContain('<g type="non-xml-char" n="U+000C"/>');
    expect(xml).toContain('<g type="non-xml-char" n="U+0001"/>');
    expect(xml).toContain('<g type="non-xml-char" n="U+D800"/>');
    expect(xml).toContain('\uD83D\uDE00');
    expect(bodyText(doc)).toBe(text);
  });

  it('keeps line breaks as the newline itself followed by lb, and paragraphs as p', () => {
    const text =
      '\n  First line\nsecond line\n\n \t\nNext paragraph\u00a0with a no-break space\n\u00a0\n';
    const { doc } = exportOf(recordOf(text, {}), text, 'paragraphs');

    const body = teiPath(
      doc.documentElement as Element,
      'text/body'
    ) as Element;
    const ps = childElements(body);
    expect(ps.map((p) => p.localName)).toEqual(['p', 'p']);
    expect(teiElements(ps[0]!, 'lb')).toHaveLength(1);
    // a line with only a no-break space is text, not a paragraph break
    expect(ps[1]?.textContent).toBe(
      'Next paragraph\u00a0with a no-break space\n\u00a0'
    );
    expect(bodyText(doc)).toBe(text);
  });

  it('writes an empty or blank text as one paragraph', () => {
    for (const text of ['', '  \n\n ']) {
      const { doc } = exportOf(
        recordOf(text, {}),
        text,
        `blank-${text.length}`
      );
      expect(
        childElements(
          teiPath(doc.documentElement as Element, 'text/body') as Element
        ).map((e) => e.localName)
      ).toEqual(['p']);
      expect(bodyText(doc)).toBe(text);
    }
  });
});

describe('toTei: overlapping spans', () => {
  it('splits a span that crosses another into parts linked by next and prev, dropping neither', () => {
    // Prepare: an endorsement and the summary overlap on "Beta Gamma"
    const text = 'Alpha Beta Gamma Delta';
    const record = recordOf(text, {
      endorsements: ['Alpha Beta Gamma'],
      summary: 'Beta Gamma Delta',
      provenance: {
        'endorsements.0': spanOf(text, 'Alpha Beta Gamma'),
        summary: spanOf(text, 'Beta Gamma Delta'),
      },
    });

    // Act
    const { doc } = exportOf(record, text, 'crossing');

    // Assess
    const parts = teiElements(doc, 'seg').filter(
      (s) => s.getAttribute('type') === 'summary'
    );
    expect(parts).toHaveLength(2);
    expect(parts[0]?.getAttribute('next')).toBe(
      `#${parts[1]?.getAttribute('xml:id')}`
    );
    expect(parts[1]?.getAttribute('prev')).toBe(
      `#${parts[0]?.getAttribute('xml:id')}`
    );
    expect(parts.map((p) => p.textContent).join('')).toBe('Beta Gamma Delta');
    const summary = found(doc, 'seg', { type: 'summary' })[0];
    expect(summary && text.slice(summary.start, summary.end)).toBe(
      'Beta Gamma Delta'
    );
    expect(found(doc, 'seg', { type: 'endorsement' })[0]?.el.textContent).toBe(
      'Alpha Beta Gamma'
    );
    expect(bodyText(doc)).toBe(text);
  });

  it('splits a span that crosses a paragraph boundary, one part per paragraph', () => {
    const text = 'Rights begin here\n\nand end here.\n\nAfter.';
    const record = recordOf(text, {
      rights: 'Rights begin here and end here.',
      provenance: { rights: { start: 0, end: text.indexOf('\n\nAfter') } },
    });
    const { doc } = exportOf(record, text, 'across-paragraphs');

    const parts = teiElements(doc, 'seg');
    expect(parts.map((p) => (p.parentNode as Element).localName)).toEqual([
      'p',
      'p',
    ]);
    expect(parts.map((p) => p.textContent)).toEqual([
      'Rights begin here',
      'and end here.',
    ]);
    expect(bodyText(doc)).toBe(text);
  });

  it('nests identical spans: one name element with both roles, a date inside a date', () => {
    const text = 'Moscow, 5 May 1950\n\nSignature: IVANOV';
    const record = recordOf(text, {
      date: '1950-05-05',
      authors: ['Ivanov'],
      signatories: ['Ivanov'],
      telegram: {
        number: null,
        origin: null,
        sentAt: null,
        receivedAt: '1950-05-05',
        arrivedAt: null,
        decipheredAt: null,
        decipheredBy: null,
        distribution: null,
        outgoingNumber: null,
        typedBy: null,
      },
      provenance: {
        date: spanOf(text, '5 May 1950'),
        'telegram.receivedAt': spanOf(text, '5 May 1950'),
        'authors.0': spanOf(text, 'IVANOV'),
        'signatories.0': spanOf(text, 'IVANOV'),
      },
    });
    const { doc } = exportOf(record, text, 'identical-spans');

    const names = teiElements(doc, 'persName').filter((p) =>
      p.getAttribute('role')
    );
    expect(names).toHaveLength(1);
    expect(names[0]?.getAttribute('role')).toBe('author signatory');
    const dates = found(doc, 'date');
    expect(dates.map((d) => d.el.getAttribute('type'))).toEqual([
      'document',
      'received',
    ]);
    expect((dates[1]?.el.parentNode as Element | undefined)?.localName).toBe(
      'date'
    );
    expect(
      checkScoredValues(doc, record).filter((c) => c.found === null)
    ).toEqual([]);
  });

  it('writes an element that cannot hold what falls inside it as seg with its name as type', () => {
    // an identifier with a name inside it (idno holds only text and idno)
    const text = 'Cable No. 44/Petrov/7 received';
    const record = recordOf(text, {
      recipients: ['Petrov'],
      telegram: {
        number: '44/Petrov/7',
        origin: null,
        sentAt: null,
        receivedAt: null,
        arrivedAt: null,
        decipheredAt: null,
        decipheredBy: null,
        distribution: null,
        outgoingNumber: null,
        typedBy: null,
      },
      provenance: {
        'telegram.number': spanOf(text, '44/Petrov/7'),
        'recipients.0': spanOf(text, 'Petrov'),
      },
    });
    const { doc } = exportOf(record, text, 'downgrade');

    expect(
      teiElements(doc, 'idno').filter(
        (i) => i.getAttribute('type') === 'telegram-number'
      )
    ).toHaveLength(0);
    const seg = found(doc, 'seg', { type: 'idno' })[0];
    expect(seg?.el.textContent).toBe('44/Petrov/7');
    expect(
      teiElements(seg?.el as Element, 'persName')[0]?.getAttribute('role')
    ).toBe('recipient');
    expect(bodyText(doc)).toBe(text);
  });
});

describe('toTei: the letter, the distribution list, numbered points', () => {
  const letterText = [
    'Telegram from Pyongyang',
    '',
    'I transmit the following letter:',
    '',
    '"Dear Comrade STALIN,',
    '',
    'We ask you for help.',
    '',
    '1. To send 20 advisers.',
    '',
    '2. To train 100-150 pilots.',
    '',
    'With respect,',
    'KIM IL SUNG"',
    '',
    'Copies: Stalin - 2, Molotov - 1, file.',
  ].join('\n');

  function letterRecord(): DocumentRecord {
    const t = letterText;
    return recordOf(t, {
      documentType: 'telegram',
      title: 'Telegram from Pyongyang',
      authors: ['Pyongyang'],
      letter: {
        salutation: 'Dear Comrade STALIN',
        signedBy: 'Kim Il Sung',
        body: 'We ask ...',
      },
      requests: [
        {
          number: 1,
          text: 'To send 20 advisers.',
          quantities: [{ min: 20, max: 20, unit: 'advisers' }],
        },
        {
          number: 2,
          text: 'To train 100-150 pilots.',
          quantities: [{ min: 100, max: 150, unit: 'pilots' }],
        },
      ],
      telegram: {
        number: null,
        origin: null,
        sentAt: null,
        receivedAt: null,
        arrivedAt: null,
        decipheredAt: null,
        decipheredBy: null,
        distribution: {
          copies: null,
          recipients: [
            { name: 'Stalin', copies: 2 },
            { name: 'Molotov', copies: 1 },
            { name: 'file', copies: 1 },
          ],
        },
        outgoingNumber: null,
        typedBy: null,
      },
      provenance: {
        title: spanOf(t, 'Telegram from Pyongyang'),
        'authors.0': spanOf(t, 'Pyongyang'),
        'letter.salutation': spanOf(t, 'Dear Comrade STALIN'),
        'letter.body': {
          start: t.indexOf('We ask'),
          end: t.indexOf('pilots.') + 7,
        },
        'letter.signedBy': spanOf(t, 'KIM IL SUNG'),
        'requests.0.number': first(spanOf(t, '1. To send')),
        'requests.0.text': spanOf(t, 'To send 20 advisers.'),
        'requests.0.quantities.0': spanOf(t, '20 advisers'),
        'requests.1.number': first(spanOf(t, '2. To train')),
        'requests.1.text': spanOf(t, 'To train 100-150 pilots.'),
        'requests.1.quantities.0': spanOf(t, '100-150 pilots'),
        'telegram.distribution.recipients.0.name': spanOf(t, 'Stalin'),
        'telegram.distribution.recipients.1.name': spanOf(t, 'Molotov'),
        'telegram.distribution.recipients.2.name': spanOf(t, 'file'),
      },
    });
  }

  it('wraps a quoted letter in floatingText with opener, salute, closer and signed', () => {
    const { doc } = exportOf(letterRecord(), letterText, 'letter');

    const floating = teiElements(doc, 'floatingText')[0] as Element;
    expect(floating.getAttribute('type')).toBe('letter');
    const inner = childElements(teiPath(floating, 'body') as Element).map(
      (e) => e.localName
    );
    expect(inner).toEqual(['opener', 'p', 'list', 'closer']);
    expect(teiElements(floating, 'salute')[0]?.textContent).toBe(
      'Dear Comrade STALIN'
    );
    const closer = teiElements(floating, 'closer')[0] as Element;
    expect(closer.textContent).toBe('With respect,\nKIM IL SUNG"');
    expect(teiElements(closer, 'signed')[0]?.textContent).toBe('KIM IL SUNG');
    expect(bodyText(doc)).toBe(letterText);
  });

  it('writes numbered points as items of a list with their number in n, quantities as measure', () => {
    const { doc } = exportOf(letterRecord(), letterText, 'points');

    const list = teiElements(doc, 'list').find(
      (l) => l.getAttribute('type') === 'requests'
    ) as Element;
    expect(childElements(list).map((i) => i.getAttribute('n'))).toEqual([
      '1',
      '2',
    ]);
    const measures = teiElements(doc, 'measure').filter((m) =>
      m.getAttribute('commodity')
    );
    expect(
      measures.map((m) => [
        m.getAttribute('quantity'),
        m.getAttribute('unit'),
        m.getAttribute('commodity'),
      ])
    ).toEqual([
      ['20', 'count', 'advisers'],
      [null, 'count', 'pilots'],
    ]);
    const range = teiElements(measures[1] as Element, 'num')[0];
    expect([
      range?.getAttribute('min'),
      range?.getAttribute('max'),
      range?.textContent,
    ]).toEqual(['100', '150', '100-150']);
  });

  it('writes the distribution as a list inside its paragraph, one item per entry', () => {
    const { doc } = exportOf(letterRecord(), letterText, 'distribution');

    const list = found(doc, 'list', { type: 'distribution' })[0]?.el as Element;
    expect((list.parentNode as Element).localName).toBe('p');
    const items = childElements(list);
    expect(items.map((i) => i.textContent)).toEqual([
      'Stalin - 2,',
      'Molotov - 1,',
      'file.',
    ]);
    expect(
      teiElements(items[0] as Element, 'num')[0]?.getAttribute('value')
    ).toBe('2');
    // `file` is no one's name: a plain name, not a person
    expect(childElements(items[2] as Element)[0]?.localName).toBe('name');
    expect(
      checkScoredValues(doc, letterRecord()).filter((c) => c.found === null)
    ).toEqual([]);
  });

  it('puts opener and closer in the body itself when the letter is the whole page', () => {
    const text = 'Dear Comrade Ri,\n\nThank you for the letter.\n\nJ. KÁDÁR';
    const record = recordOf(text, {
      documentType: 'letter',
      letter: {
        salutation: 'Dear Comrade Ri',
        signedBy: 'J. Kádár',
        body: 'Thank you for the letter.',
      },
      provenance: {
        'letter.salutation': spanOf(text, 'Dear Comrade Ri'),
        'letter.body': spanOf(text, 'Thank you for the letter.'),
        'letter.signedBy': spanOf(text, 'J. KÁDÁR'),
      },
    });
    const { doc } = exportOf(record, text, 'whole-letter');

    const body = teiPath(
      doc.documentElement as Element,
      'text/body'
    ) as Element;
    expect(childElements(body).map((e) => e.localName)).toEqual([
      'opener',
      'p',
      'closer',
    ]);
    expect(teiElements(doc, 'floatingText')).toHaveLength(0);
  });

  it('marks salutation and signature as seg where they cannot make a letter', () => {
    // salutation and signature in one paragraph: no opener/closer structure
    const text = 'Dear Sir, all is well. Yours, PAK';
    const record = recordOf(text, {
      letter: { salutation: 'Dear Sir', signedBy: 'Pak', body: 'all is well.' },
      provenance: {
        'letter.salutation': spanOf(text, 'Dear Sir'),
        'letter.body': spanOf(text, 'all is well.'),
        'letter.signedBy': spanOf(text, 'PAK'),
      },
    });
    const { doc } = exportOf(record, text, 'letter-fallback');

    expect(found(doc, 'seg', { type: 'salute' })[0]?.el.textContent).toBe(
      'Dear Sir'
    );
    expect(found(doc, 'seg', { type: 'signed' })[0]?.el.textContent).toBe(
      'PAK'
    );
    expect(found(doc, 'seg', { type: 'letter-body' })[0]?.el.textContent).toBe(
      'all is well.'
    );
    expect(
      checkScoredValues(doc, record).filter((c) => c.found === null)
    ).toEqual([]);
  });
});

describe('toTei: header', () => {
  it('merges spellings and code names into one person of listPerson', () => {
    const text =
      'Telegram from Kim Il Sung to Filippov [Stalin]\n\nTo Comrade STALIN\n\nKIM IL SUNG';
    const record = recordOf(text, {
      documentType: 'telegram',
      title: 'Telegram from Kim Il Sung to Filippov [Stalin]',
      authors: ['Kim Il Sung'],
      recipients: ['Stalin'],
      signatories: ['Kim Il Sung'],
      identifications: [{ alias: 'Filippov', name: 'Stalin' }],
      provenance: {
        title: spanOf(text, 'Telegram from Kim Il Sung to Filippov [Stalin]'),
        'authors.0': spanOf(text, 'Kim Il Sung'),
        'recipients.0': spanOf(text, 'Stalin'),
        'identifications.0': spanOf(text, 'Stalin'),
        'signatories.0': spanOf(text, 'KIM IL SUNG'),
      },
    });
    const { doc } = exportOf(record, text, 'people');

    const persons = teiElements(doc, 'person');
    expect(persons.map((p) => p.getAttribute('xml:id'))).toEqual([
      'pers-kim-il-sung',
      'pers-stalin',
    ]);
    const stalin = childElements(persons[1] as Element).map((n) => [
      n.textContent,
      n.getAttribute('type'),
    ]);
    expect(stalin).toEqual([
      ['Stalin', null],
      ['Filippov', 'alias'],
    ]);
    const refs = teiElements(doc, 'persName')
      .filter((p) => p.getAttribute('role'))
      .map((p) => [
        p.textContent,
        p.getAttribute('ref'),
        p.getAttribute('role'),
      ]);
    expect(refs).toEqual([
      ['Kim Il Sung', '#pers-kim-il-sung', 'author'],
      ['Stalin', '#pers-stalin', 'recipient identification'],
      ['KIM IL SUNG', '#pers-kim-il-sung', 'signatory'],
    ]);
  });

  it('merges spelling systems and partial forms by the people index key', () => {
    const text = 'Mao Tse-tung to I.V. Stalin\n\nMAO ZEDONG\n\nCopies: Stalin';
    const index = indexEntities(
      recordOf(text, {
        authors: ['Mao Tse-tung'],
        recipients: ['I.V. Stalin'],
        signatories: ['Mao Zedong'],
        telegram: {
          number: null,
          origin: null,
          sentAt: null,
          receivedAt: null,
          arrivedAt: null,
          decipheredAt: null,
          decipheredBy: null,
          distribution: {
            copies: null,
            recipients: [{ name: 'Stalin', copies: 1 }],
          },
          outgoingNumber: null,
          typedBy: null,
        },
        provenance: {
          'authors.0': spanOf(text, 'Mao Tse-tung'),
          'recipients.0': spanOf(text, 'I.V. Stalin'),
          'signatories.0': spanOf(text, 'MAO ZEDONG'),
          'telegram.distribution.recipients.0.name': spanOf(text, 'Stalin', 2),
        },
      })
    );
    expect(
      index.entities.map((e) => [e.id, e.names.map((n) => n.value)])
    ).toEqual([
      ['pers-mao-tse-tung', ['Mao Tse-tung', 'Mao Zedong']],
      ['pers-i-v-stalin', ['I.V. Stalin', 'Stalin']],
    ]);
  });

  it('tells bodies and places from people', () => {
    expect(classifyName('Romanian Embassy in Pyongyang', 'author')).toBe('org');
    expect(classifyName('Pyongyang', 'author')).toBe('place');
    expect(classifyName('PEKING', 'origin')).toBe('place');
    expect(classifyName('File of 8th', 'distribution')).toBe('other');
    expect(classifyName('Molotov', 'distribution')).toBe('person');
    const text = 'From PYONGYANG to the Ministry';
    const index = indexEntities(
      recordOf(text, {
        authors: ['Pyongyang'],
        recipients: ['Ministry of Foreign Affairs'],
        telegram: {
          number: null,
          origin: 'PYONGYANG',
          sentAt: null,
          receivedAt: null,
          arrivedAt: null,
          decipheredAt: null,
          decipheredBy: null,
          distribution: null,
          outgoingNumber: null,
          typedBy: null,
        },
        provenance: { 'telegram.origin': spanOf(text, 'PYONGYANG') },
      })
    );
    // the author and the origin are one place
    expect(index.byPath.get('authors.0')).toBe(
      index.byPath.get('telegram.origin')
    );
    expect(index.byPath.get('authors.0')?.id).toBe('place-pyongyang');
    expect(index.byPath.get('recipients.0')?.kind).toBe('org');
  });

  it('describes the source object, the citations, correspondents and the processing history', () => {
    const text = 'Sent 31.8.50 11:32\n\nAPRF, f. 45, op. 1, d. 346, ll. 5-6';
    const record = recordOf(text, {
      documentType: 'telegram',
      date: '1950-08-31',
      authors: ['Shtykov'],
      recipients: ['Stalin'],
      warnings: ['truncated', 'unread-header-line'],
      sources: [
        {
          archive: 'APRF',
          fond: '45',
          opis: '1',
          delo: '346',
          papka: null,
          listy: '5-6',
        },
      ],
      source: {
        bucket: 'raw',
        key: 'incoming/Record of 1950.txt',
        versionId: 'a+b/c',
        uri: 's3://raw/incoming/Record of 1950.txt?versionId=a%2Bb%2Fc',
        sha256: 'c'.repeat(64),
        size: 1234,
        contentType: 'text/plain',
      },
      telegram: {
        number: null,
        origin: null,
        sentAt: '1950-08-31T11:32',
        receivedAt: null,
        arrivedAt: null,
        decipheredAt: null,
        decipheredBy: null,
        distribution: null,
        outgoingNumber: null,
        typedBy: null,
      },
      provenance: {
        'telegram.sentAt': spanOf(text, '31.8.50 11:32'),
        'sources.0': spanOf(text, 'APRF, f. 45, op. 1, d. 346, ll. 5-6'),
      },
    });
    const xml = toTei(record, text, {
      auditTrail: [
        {
          type: 'stored',
          at: '2026-01-02T03:04:05.000Z',
          agent: 'ingest',
          parserVersion: '0.2.0',
          outcome: 'ok',
          detail: {},
        },
      ],
    });
    written.push({ name: 'header.xml', xml });
    const doc = parseXml(xml);
    const root = doc.documentElement as Element;

    expect(
      teiPath(root, 'teiHeader/fileDesc/titleStmt/title')?.textContent
    ).toBe('[Untitled telegram, 1950-08-31]');
    const ptr = teiElements(doc, 'ptr')[0];
    expect(ptr?.getAttribute('target')).toBe(
      's3://raw/incoming/Record%20of%201950.txt?versionId=a%2Bb%2Fc'
    );
    const idnos = Object.fromEntries(
      teiElements(doc, 'idno')
        .filter((i) => !found(doc, 'idno').some((l) => l.el === i))
        .map((i) => [i.getAttribute('type'), i.textContent])
    );
    expect(idnos).toMatchObject({
      fond: '45',
      opis: '1',
      delo: '346',
      listy: '5-6',
      'SHA-256': 'c'.repeat(64),
      'version-id': 'a+b/c',
    });
    expect(teiElements(doc, 'repository')[0]?.textContent).toBe('APRF');
    expect(teiElements(doc, 'measure')[0]?.getAttribute('quantity')).toBe(
      '1234'
    );
    // the citation's parts marked where the page writes them
    expect(found(doc, 'idno', { type: 'delo' })[0]?.el.textContent).toBe('346');
    const sent = teiElements(doc, 'correspAction')[0] as Element;
    expect(sent.getAttribute('type')).toBe('sent');
    expect(teiElements(sent, 'date')[0]?.getAttribute('when')).toBe(
      '1950-08-31T11:32:00'
    );
    expect(
      teiElements(doc, 'note')
        .filter((n) => n.getAttribute('type') === 'warning')
        .map((n) => n.getAttribute('n'))
    ).toEqual(['truncated', 'unread-header-line']);
    const change = teiElements(doc, 'change');
    expect(
      change.map((c) => [
        c.getAttribute('when'),
        c.getAttribute('type'),
        c.textContent,
      ])
    ).toEqual([
      [
        '2026-01-02T03:04:05.000Z',
        'stored',
        'stored: ok (ingest, parser 0.2.0)',
      ],
    ]);
  });

  it('gives W3C dates for when: seconds added to a time, partial dates kept', () => {
    expect(teiWhen('1950-10-09T07:05')).toBe('1950-10-09T07:05:00');
    expect(teiWhen('1950-10')).toBe('1950-10');
    expect(teiWhen('1950')).toBe('1950');
    expect(teiWhen('October 1950')).toBeNull();
  });
});

describe('toTei: what cannot be exported', () => {
  it('refuses a failure record: it has no text to mark up', () => {
    const record = makeRecord('failed-0001', {
      status: 'failed',
      failure: {
        reason: 'needs-ocr',
        message: 'image without text layer',
        attempts: 1,
      },
    });
    expect(() => toTei(record, '')).toThrow(NotFoundError);
    expect(() => toTei(record, '')).toThrow(
      /not processed \(needs-ocr: image without text layer\)/
    );
  });

  it('refuses a text that is not the record’s whole decoded text', () => {
    const text = 'Only an excerpt';
    const record = recordOf(text, {
      text: {
        excerpt: text,
        length: 500,
        uri: 's3://d/t.txt',
        format: 'txt',
        encoding: 'utf-8',
      },
    });
    expect(() => checkTeiExportable(record, text)).toThrow(TeiTextError);
    expect(() => checkTeiExportable(record, text)).toThrow(
      /15 characters, its decoded text 500/
    );
  });

  it('refuses a span that lies outside the text', () => {
    const text = 'Short';
    const record = recordOf(text, {
      summary: 'x',
      provenance: { summary: { start: 2, end: 40 } },
    });
    expect(() => toTei(record, text)).toThrow(
      /span of summary \[2, 40\) lies outside its text/
    );
  });

  it('has a schema that rejects what TEI does not allow', async () => {
    const valid = toTei(recordOf('Text', {}), 'Text');
    const broken = [
      valid.replace('<body><p>Text</p></body>', '<body>Text</body>'),
      valid.replace(
        '<p>Text</p>',
        '<p><persName><list type="distribution"><item>Text</item></list></persName></p>'
      ),
      valid.replace('<p>Text</p>', '<p><idno>Te<lb/>xt</idno></p>'),
      valid.replace(
        '<p>Text</p>',
        '<p><date when="1950-10-09T07:05">Text</date></p>'
      ),
    ];
    broken.forEach((xml, i) => {
      expect(xml, `case ${i}`).not.toBe(valid);
    });
    // one validator run for all; each file must have its own error
    const errors = await validateTei(
      broken.map((xml, i) => ({ name: `broken-${i}.xml`, xml }))
    );
    broken.forEach((_, i) => {
      expect(
        errors.some((e) => e.includes(`broken-${i}.xml`)),
        `case ${i}: ${errors.join('\n')}`
      ).toBe(true);
    });
  });
});
