/**
 * TEI export on every real page: the three corpus sets (main, set2,
 * frameless) and every fixture page of the project (fixtures/pages,
 * fixtures/frameless/pages, fixtures/variants/pages), each extracted as
 * tests/unit/extract/corpus.test.ts does and exported with `toTei`.
 * Checked with a real XML parser (@xmldom/xmldom) and a real RELAX NG
 * validator (xmllint-wasm) against fixtures/tei/archive-tei.rng; the seed
 * is compared element by element with fixtures/tei/seed.expected.xml,
 * written by hand from the page.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Document, Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEI_NS, toTei } from '#shared/export/tei.ts';
import { extract } from '#shared/extract/index.ts';
import type { AuditEvent } from '#shared/pipeline/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  CORPUS_SET_NAMES,
  corpusPages,
  projectFile,
} from '../helpers/corpus.ts';
import {
  bodyText,
  childElements,
  compareXml,
  logicalElements,
  parseXml,
  teiElements,
  teiPath,
  validateTei,
} from '../helpers/tei.ts';
import { checkScoredValues } from '../helpers/tei-values.ts';

interface Page {
  name: string;
  text: string;
}

/** Every `.txt` page of a fixture folder. */
function fixturePages(dir: string): Page[] {
  const full = projectFile(dir);
  return readdirSync(full)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({
      name: `${dir}/${f}`,
      text: readFileSync(join(full, f), 'utf8'),
    }));
}

const PAGES: Page[] = [
  ...CORPUS_SET_NAMES.flatMap((set) =>
    corpusPages(set).map((p) => ({
      name: `corpus ${set}/${p.name}`,
      text: p.text,
    }))
  ),
  ...fixturePages('fixtures/pages'),
  ...fixturePages('fixtures/frameless/pages'),
  ...fixturePages('fixtures/variants/pages'),
];

/** A stored record around a page's extraction, as the pipeline would make it. */
function recordFor(name: string, text: string, id: string): DocumentRecord {
  const key = `incoming/${basename(name)}`;
  return {
    ...extract(text),
    id,
    status: 'ok',
    parserVersion: '0.2.0',
    source: {
      bucket: 'archive-raw',
      key,
      versionId: 'v1',
      uri: `s3://archive-raw/${key}?versionId=v1`,
      sha256: createHash('sha256').update(text).digest('hex'),
      size: Buffer.byteLength(text),
      contentType: 'text/plain; charset=utf-8',
    },
    text: {
      excerpt: text.slice(0, 100),
      length: text.length,
      uri: null,
      format: 'txt',
      encoding: 'utf-8',
    },
    processedAt: '2026-03-02T10:15:30.000Z',
    duplicateOf: null,
    failure: null,
    ocr: null,
  };
}

interface Export {
  page: Page;
  record: DocumentRecord;
  xml: string;
  doc: Document;
}

let exports: Export[] = [];

beforeAll(() => {
  exports = PAGES.map((page, i) => {
    const record = recordFor(page.name, page.text, `page-${i}`);
    const xml = toTei(record, page.text);
    return { page, record, xml, doc: parseXml(xml) };
  });
});

describe('TEI export of every corpus and fixture page', () => {
  it('covers the three corpus sets and the fixture pages', () => {
    // the corpus is beside the clone in CI (corpusPages throws there when it is not)
    expect(
      PAGES.filter((p) => p.name.startsWith('fixtures/')).length
    ).toBeGreaterThan(30);
    expect(exports).toHaveLength(PAGES.length);
  });

  it('is a TEI document with the header and body the export promises', () => {
    for (const { page, record, doc } of exports) {
      const root = doc.documentElement as Element;
      expect(root.localName, page.name).toBe('TEI');
      expect(root.namespaceURI, page.name).toBe(TEI_NS);
      const title = teiPath(root, 'teiHeader/fileDesc/titleStmt/title');
      expect(title?.textContent?.trim(), page.name).toBeTruthy();
      expect(
        teiPath(root, 'teiHeader/fileDesc/publicationStmt/publisher')
          ?.textContent
      ).toBe('Archive Ingest');
      expect(
        teiPath(root, 'teiHeader/fileDesc/publicationStmt/idno')?.textContent
      ).toBe(record.id);
      const object = teiElements(doc, 'bibl').find(
        (b) => b.getAttribute('type') === 'source-object'
      );
      const ptr = object ? teiPath(object, 'ptr') : null;
      expect(ptr?.getAttribute('target'), page.name).toMatch(
        /^s3:\/\/archive-raw\/incoming\/.+\?versionId=v1$/
      );
      expect(teiElements(doc, 'msDesc'), page.name).toHaveLength(
        record.sources.length
      );
      const correspondence =
        record.documentType === 'telegram' ||
        record.documentType === 'letter' ||
        record.telegram !== null;
      const t = record.telegram;
      const anything =
        record.authors.length + record.recipients.length + record.via.length >
          0 || Boolean(t?.origin || t?.sentAt || t?.receivedAt || record.date);
      expect(
        teiPath(root, 'teiHeader/profileDesc/correspDesc') !== null,
        page.name
      ).toBe(correspondence && anything);
      expect(
        teiPath(root, 'teiHeader/revisionDesc/change'),
        page.name
      ).not.toBeNull();
      expect(teiPath(root, 'text/body'), page.name).not.toBeNull();
      if (record.rights)
        expect(
          teiPath(
            root,
            'teiHeader/fileDesc/publicationStmt/availability/licence'
          )?.textContent
        ).toBe(record.rights);
      // every pointer lands on an element of the document
      const ids = new Set<string>();
      for (const el of Array.from(doc.getElementsByTagName('*'))) {
        const id = el.getAttribute('xml:id');
        if (id) {
          expect(ids.has(id), `${page.name}: duplicate xml:id ${id}`).toBe(
            false
          );
          ids.add(id);
        }
      }
      for (const el of Array.from(doc.getElementsByTagName('*'))) {
        for (const attr of ['ref', 'next', 'prev']) {
          const v = el.getAttribute(attr);
          if (v)
            expect(
              ids.has(v.replace(/^#/, '')),
              `${page.name}: ${attr}="${v}"`
            ).toBe(true);
        }
      }
    }
  });

  it('gives back the decoded text exactly when the markup is stripped from the body', () => {
    for (const { page, doc } of exports)
      expect(bodyText(doc), page.name).toBe(page.text);
  });

  it('marks every provenance span with an element that covers exactly it', () => {
    for (const { page, record, doc } of exports) {
      const located = logicalElements(doc);
      const letter =
        teiElements(doc, 'floatingText').length > 0 ||
        teiElements(doc, 'opener').length > 0;
      for (const [path, span] of Object.entries(record.provenance)) {
        if (path === 'letter.body' && letter) continue; // the letter's own body
        const hit = located.some(
          (l) => l.start === span.start && l.end === span.end
        );
        expect(hit, `${page.name}: ${path} [${span.start}, ${span.end})`).toBe(
          true
        );
      }
    }
  });

  it('reads every scored value back from its element', () => {
    let checked = 0;
    let inBody = 0;
    let inHeader = 0;
    const missing: string[] = [];
    const headerFields = new Map<string, number>();
    for (const { page, record, doc } of exports) {
      for (const c of checkScoredValues(doc, record)) {
        checked += 1;
        if (c.found === 'body') inBody += 1;
        else if (c.found === 'header') {
          inHeader += 1;
          const field = c.path
            .replace(/\.\d+/g, '')
            .replace(/^warnings\..*/, 'warnings');
          headerFields.set(field, (headerFields.get(field) ?? 0) + 1);
        } else
          missing.push(`${page.name}: ${c.path} = ${JSON.stringify(c.value)}`);
      }
    }
    const byField = [...headerFields].map(([f, n]) => `${f} ${n}`).join(', ');
    console.info(
      `TEI round trip: ${exports.length} pages, ${checked} scored values checked, ${inBody} found in their element in the body, ${inHeader} in the header (${byField}), ${missing.length} not found`
    );
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(exports.length);
  });

  it('is valid against the TEI subset schema (RELAX NG, libxml2)', async () => {
    const errors = await validateTei(
      exports.map((e) => ({ name: `${e.record.id}.xml`, xml: e.xml }))
    );
    expect(errors).toEqual([]);
  });
});

describe('TEI export of the seed page', () => {
  const SEED_TRAIL: AuditEvent[] = [
    {
      type: 'received',
      at: '2026-03-02T10:15:29.100Z',
      agent: 'archive-ingest-dev',
      parserVersion: '0.2.0',
      outcome: 'ok',
      detail: {},
    },
    {
      type: 'stored',
      at: '2026-03-02T10:15:30.000Z',
      agent: 'archive-ingest-dev',
      parserVersion: '0.2.0',
      outcome: 'ok',
      detail: {},
    },
  ];

  function seedRecord(): { record: DocumentRecord; text: string } {
    const bytes = readFileSync(projectFile('fixtures/pages/seed.txt'));
    const text = bytes.toString('utf8');
    const version = '3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY';
    return {
      text,
      record: {
        ...extract(text),
        id: 'seed-5f3c2a1b',
        status: 'ok',
        parserVersion: '0.2.0',
        source: {
          bucket: 'archive-raw',
          key: 'incoming/seed.txt',
          versionId: version,
          uri: `s3://archive-raw/incoming/seed.txt?versionId=${version}`,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          size: bytes.length,
          contentType: 'text/plain; charset=utf-8',
        },
        text: {
          excerpt: text.slice(0, 100),
          length: text.length,
          uri: 's3://archive-derived/derived/text/seed-5f3c2a1b/8c4c684f.txt',
          format: 'txt',
          encoding: 'utf-8',
        },
        processedAt: '2026-03-02T10:15:30.000Z',
        duplicateOf: null,
        failure: null,
        ocr: null,
      },
    };
  }

  it('equals the TEI written by hand from the page, element by element', () => {
    // Prepare
    const { record, text } = seedRecord();
    const expected = parseXml(
      readFileSync(projectFile('fixtures/tei/seed.expected.xml'), 'utf8')
    );

    // Act
    const actual = parseXml(toTei(record, text, { auditTrail: SEED_TRAIL }));

    // Assess
    expect(compareXml(expected, actual)).toEqual([]);
    expect(
      childElements(
        teiPath(actual.documentElement as Element, 'text/body') as Element
      ).length
    ).toBeGreaterThan(10);
  });

  it('has a hand-written expected file that is itself valid and round-trips', async () => {
    const xml = readFileSync(
      projectFile('fixtures/tei/seed.expected.xml'),
      'utf8'
    );
    expect(await validateTei([{ name: 'seed.expected.xml', xml }])).toEqual([]);
    expect(bodyText(parseXml(xml))).toBe(seedRecord().text);
  });
});
