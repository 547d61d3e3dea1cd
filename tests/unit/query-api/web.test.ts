import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extract } from '#shared/extract/index.ts';
import { PERSON_ROLES } from '#shared/query/index.ts';
import { DOCUMENT_TYPES } from '#shared/schema/record.ts';
import { BUNDLE_PATH, buildWebBundle } from '../../../web/build.ts';
import {
  type FieldValue,
  fieldLabels,
  formatQuantity,
  recordSections,
} from '../../../web/fields.ts';
import { ROLE_OPTIONS, TYPE_OPTIONS } from '../../../web/options.ts';
import { segment } from '../../../web/source-view.ts';
import { makeRecord } from '../query/records.ts';

const WEB_DIR = fileURLToPath(new URL('../../../web/', import.meta.url));
const SEED = fileURLToPath(
  new URL('../../../fixtures/pages/seed.txt', import.meta.url)
);

async function seedRecord() {
  const text = await readFile(SEED, 'utf8');
  const { provenance, ...fields } = extract(text);
  return { text, record: makeRecord('seed', { ...fields, provenance }) };
}

function allValues(sections: ReturnType<typeof recordSections>): FieldValue[] {
  return sections.flatMap((s) => [
    ...s.rows.flatMap((r) => r.values),
    ...(s.table?.rows ?? []).flatMap((row) =>
      row.flatMap((cell) =>
        typeof cell === 'string' ? [] : Array.isArray(cell) ? cell : [cell]
      )
    ),
  ]);
}

describe('web page: record sections', () => {
  it('links the seed page values to the spans they were read from', async () => {
    // Prepare
    const { text, record } = await seedRecord();

    // Act
    const values = allValues(recordSections(record));

    // Assess
    const byPath = new Map(values.map((v) => [v.path, v]));
    const number = byPath.get('telegram.number');
    expect(number?.text).toBe('600382/sh');
    const span = record.provenance['telegram.number']!;
    expect(text.slice(span.start, span.end)).toBe('600382/sh');
    for (const path of [
      'authors.0',
      'telegram.decipheredBy',
      'telegram.distribution.recipients.0.name',
      'requests.1.quantities.0',
      'sources.0',
    ]) {
      expect(byPath.get(path), path).toBeDefined();
    }
    expect(byPath.get('requests.1.quantities.0')?.text).toBe('1,000 tankists');
    expect(byPath.get('telegram.distribution.recipients.0.name')?.label).toBe(
      'Copy recipient 1'
    );
  });

  it('leaves out absent fields and keeps values without a span unlinked', () => {
    // Prepare
    const record = makeRecord('letter', {
      documentType: 'letter',
      title: 'A letter',
      authors: ['Kim Il Sung'],
      provenance: { title: { start: 0, end: 8 } },
    });

    // Act
    const sections = recordSections(record);

    // Assess
    expect(sections.map((s) => s.title)).toEqual(['Document']);
    const values = allValues(sections);
    expect(values.find((v) => v.text === 'A letter')?.path).toBe('title');
    expect(values.find((v) => v.text === 'Kim Il Sung')?.path).toBeNull();
    expect(fieldLabels(sections)).toEqual(new Map([['title', 'Title']]));
  });

  it('writes quantities as ranges with their unit', () => {
    expect(formatQuantity({ min: 200, max: 300, unit: 'pilots' })).toBe(
      '200–300 pilots'
    );
    expect(formatQuantity({ min: 2000, max: 2000, unit: 'pilots' })).toBe(
      '2,000 pilots'
    );
  });
});

describe('web page: source segments', () => {
  it('cuts the text at every span boundary, innermost field first', () => {
    // Prepare: a name inside a title, and a span past the end of the text
    const provenance = {
      title: { start: 0, end: 20 },
      'authors.0': { start: 14, end: 20 },
      summary: { start: 25, end: 99 },
    };

    // Act
    const pieces = segment(30, provenance);

    // Assess
    expect(pieces).toEqual([
      { start: 0, end: 14, paths: ['title'] },
      { start: 14, end: 20, paths: ['authors.0', 'title'] },
      { start: 20, end: 25, paths: [] },
      { start: 25, end: 30, paths: ['summary'] },
    ]);
  });
});

describe('web page: files', () => {
  it('offers exactly the roles and types the query service accepts', () => {
    expect([...ROLE_OPTIONS]).toEqual([...PERSON_ROLES]);
    expect([...TYPE_OPTIONS]).toEqual([...DOCUMENT_TYPES]);
  });

  it('commits app.js as web/build.ts builds it from web/*.ts', async () => {
    // Act
    const committed = await readFile(BUNDLE_PATH, 'utf8');

    // Assess
    expect(committed, 'web/app.js is stale: run `npx tsx web/build.ts`').toBe(
      await buildWebBundle()
    );
    // search, people, review queue and corrections: about 52 KB (18 KB gzipped)
    expect(Buffer.byteLength(committed)).toBeLessThan(60_000);
  });

  it('never renders through innerHTML, outerHTML or insertAdjacentHTML', async () => {
    // Prepare
    const sources = (await readdir(WEB_DIR)).filter((f) => f.endsWith('.ts'));

    // Act
    const offenders: string[] = [];
    for (const file of sources) {
      const code = await readFile(`${WEB_DIR}${file}`, 'utf8');
      if (
        /\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write/.test(
          code
        )
      ) {
        offenders.push(file);
      }
    }

    // Assess
    expect(sources).toContain('app.ts');
    expect(offenders).toEqual([]);
  });
});
