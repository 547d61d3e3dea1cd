/**
 * Terminal control characters from pages (issue 14, item 7): extraction
 * drops them from every value, and the CLI shows any that reach it (a
 * record stored before, an object key) escaped, never raw.
 */
import { describe, expect, it } from 'vitest';
import { formatRecordView } from '#cli/commands/get.ts';
import type { CliIo } from '#cli/io.ts';
import { printRecords } from '#cli/output.ts';
import { extract } from '#shared/extract/index.ts';
import type { RecordView } from '#shared/query/index.ts';
import { makeRecord } from '../query/records.ts';

const ESC = '\u001b';
/** Clears the screen and writes a fake line: what a hostile page would send. */
const ATTACK = `${ESC}[2J${ESC}]0;owned\u0007Harbour\rStatus: verified`;

const capture = () => {
  const out: string[] = [];
  const io: CliIo = {
    stdout: (t) => {
      out.push(t);
    },
    stderr: (t) => {
      out.push(t);
    },
    isTTY: true,
  };
  return { io, text: () => out.join('') };
};

describe('control characters', () => {
  it('are removed from extracted values, while spans still point into the text', () => {
    // Prepare: an invented telegram whose title and summary carry ESC codes
    const text = [
      'Skip to content',
      '',
      'November 18, 1950',
      '',
      `Ciphered Telegram No. 77, Ivanov to Petrov ${ESC}[31mon the harbour${ESC}[0m`,
      '',
      'To Comrade PETROV.',
      '',
      `The cranes are repaired.${ESC}[2J`,
    ].join('\n');

    // Act
    const record = extract(text);

    // Assess
    const strings = JSON.stringify(record, (k, v) =>
      k === 'provenance' ? undefined : v
    );
    expect(strings).not.toMatch(/\\u001b/);
    expect(JSON.stringify(record)).not.toContain(ESC);
    expect(record.title ?? '').toContain('harbour');
  });

  it('are escaped in `archive get` output', () => {
    // Prepare
    const record = makeRecord('r1', {
      title: ATTACK,
      authors: [`Ivanov${ESC}[8m`],
    });
    const view: RecordView = {
      record,
      warnings: [],
      review: [],
      source: {
        bucket: 'raw',
        key: `incoming/${ESC}[2Jkey.txt`,
        uri: `s3://raw/incoming/${ESC}[2Jkey.txt`,
        link: null,
      },
      auditTrail: [
        {
          type: 'failed',
          at: '2024-01-01T00:00:00.000Z',
          agent: 'ingest',
          parserVersion: '0.1.0',
          outcome: 'failed',
          detail: { message: `${ESC}[2J` },
        },
      ],
      corrections: [],
      corrected: {},
      reviewed: null,
      reviewFlags: [],
    };

    // Act
    const text = formatRecordView(view);

    // Assess
    expect([...text].some((c) => c < ' ' && c !== '\n')).toBe(false);
    expect(text).not.toContain('\u009b');
    expect(text).toContain(
      '\\u001b[2J\\u001b]0;owned\\u0007Harbour\\u000dStatus'
    );
    expect(text).toContain('Ivanov\\u001b[8m');
  });

  it('are escaped in `archive query` tables', () => {
    // Prepare
    const { io, text } = capture();

    // Act
    printRecords(io, 'table', [makeRecord('r2', { title: ATTACK })], null);

    // Assess
    expect(text()).not.toContain(ESC);
    expect(text()).not.toContain('\r');
    expect(text()).toContain('\\u001b[2J');
  });
});
