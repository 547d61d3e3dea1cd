import { describe, expect, it } from 'vitest';
import {
  csvCell,
  csvHeader,
  csvRow,
  dublinCoreFooter,
  dublinCoreHeader,
  dublinCoreRecord,
  xmlEscape,
} from '#shared/query/index.ts';
import { makeRecord } from './records.ts';
import { parseXmlElements } from './xml-check.ts';

describe('Dublin Core export', () => {
  it('is well-formed XML with one oai_dc:dc per record, markup escaped', () => {
    // Prepare
    const records = [
      makeRecord('a', {
        title: 'Telegram <draft> from "Kim" & Co\u0001',
        date: '1950-10-09',
        authors: ['Kim Il Sung'],
        recipients: ['Stalin'],
        summary: "Shtykov's note </dc:title> ]]>",
        sources: [
          {
            archive: 'APRF',
            fond: '45',
            opis: '1',
            delo: '347',
            papka: null,
            listy: '72-73',
          },
        ],
        rights: 'Reuse welcome',
      }),
      makeRecord('b', {
        status: 'failed',
        failure: { reason: 'empty', message: 'empty file', attempts: 1 },
      }),
    ];

    // Act
    const xml =
      dublinCoreHeader() +
      records.map(dublinCoreRecord).join('') +
      dublinCoreFooter();
    const elements = parseXmlElements(xml);

    // Assess
    expect(elements.filter((e) => e === 'oai_dc:dc')).toHaveLength(2);
    expect(xml).toContain(
      '<dc:title>Telegram &lt;draft&gt; from &quot;Kim&quot; &amp; Co</dc:title>'
    );
    expect(xml).toContain('<dc:creator>Kim Il Sung</dc:creator>');
    expect(xml).toContain('<dc:contributor>Stalin</dc:contributor>');
    expect(xml).toContain(
      '<dc:source>APRF, fond 45, opis 1, delo 347, listy 72-73</dc:source>'
    );
    expect(xml).toContain(
      '<dc:description>Not processed: empty (empty file)</dc:description>'
    );
    for (const name of [
      'title',
      'date',
      'type',
      'identifier',
      'description',
      'rights',
    ]) {
      expect(elements).toContain(`dc:${name}`);
    }
  });

  it('the checker itself rejects broken XML', () => {
    // Act + Assess
    expect(() => parseXmlElements('<a><b></a></b>')).toThrow();
    expect(() => parseXmlElements('<a>x & y</a>')).toThrow();
    expect(() => parseXmlElements('<a></a><b></b>')).toThrow();
  });

  it('drops characters XML 1.0 forbids', () => {
    // Act + Assess
    expect(xmlEscape('a\u0000b\u001Fc\uFFFEd\uD800e')).toBe('abcde');
  });
});

describe('CSV export', () => {
  it('quotes separators and defuses formulas', () => {
    // Act + Assess
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nnow')).toBe('"say ""hi""\nnow"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell(null)).toBe('');
  });

  it('writes one row per record under the header', () => {
    // Prepare
    const record = makeRecord('seed', {
      authors: ['Kim Il Sung', 'Shtykov'],
      date: '1950-10-09',
    });

    // Act
    const header = csvHeader().trimEnd().split(',');
    const row = csvRow(record);

    // Assess
    expect(header[0]).toBe('id');
    expect(
      row.startsWith(
        'seed,1950-10-09,telegram,Document seed,Kim Il Sung; Shtykov,'
      )
    ).toBe(true);
    expect(row.endsWith('\r\n')).toBe(true);
  });
});
