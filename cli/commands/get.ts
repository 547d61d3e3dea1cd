/**
 * `archive get <id>`: one record with its warnings in words, the lines it
 * asks a person to check (review flags), its source link and its audit
 * trail; `--json` prints the whole view.
 */
import type { Command } from 'commander';
import type { RecordView } from '#shared/query/index.ts';
import { type CliIo, processIo, runAction } from '../io.ts';
import { renderTable } from '../output.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type TargetFlags,
} from '../target.ts';

/** The view as readable text. */
export function formatRecordView(view: RecordView): string {
  const r = view.record;
  const lines: string[] = [];
  const field = (label: string, value: string | null | undefined) => {
    if (value) lines.push(`${`${label}:`.padEnd(14)} ${value}`);
  };
  const list = (names: readonly string[]) => names.join(', ');
  field('id', r.id);
  field(
    'status',
    r.status === 'failed'
      ? `failed (${r.failure?.reason}: ${r.failure?.message})`
      : 'ok'
  );
  field('title', r.title);
  field('date', r.date);
  field('type', r.documentType);
  field('authors', list(r.authors));
  field('recipients', list(r.recipients));
  field('via', list(r.via));
  field('participants', list(r.participants));
  field('signatories', list(r.signatories));
  if (r.telegram) {
    const t = r.telegram;
    field(
      'telegram',
      [t.number && `No. ${t.number}`, t.origin && `from ${t.origin}`]
        .filter(Boolean)
        .join(' ')
    );
    field('sent', t.sentAt);
    field('received', t.receivedAt);
    field('arrived', t.arrivedAt);
    field(
      'deciphered',
      [t.decipheredAt, t.decipheredBy && `by ${t.decipheredBy}`]
        .filter(Boolean)
        .join(' ')
    );
    if (t.distribution) {
      field(
        'distribution',
        `${t.distribution.copies ?? '?'} copies: ${t.distribution.recipients.map((d) => `${d.name} ${d.copies}`).join(', ')}`
      );
    }
    field('outgoing No.', t.outgoingNumber);
    field('typed by', t.typedBy);
  }
  if (r.letter) {
    field('letter to', r.letter.salutation);
    field('letter from', r.letter.signedBy);
  }
  for (const e of r.endorsements) field('endorsement', e);
  for (const q of r.requests) {
    field(`request ${q.number}`, q.text);
    if (q.quantities.length > 0) {
      field(
        '  quantities',
        q.quantities
          .map((x) =>
            x.min === x.max
              ? `${x.min} ${x.unit}`
              : `${x.min}-${x.max} ${x.unit}`
          )
          .join('; ')
      );
    }
  }
  field('summary', r.summary);
  for (const c of r.sources) {
    field(
      'citation',
      [
        c.archive,
        c.fond && `fond ${c.fond}`,
        c.opis && `opis ${c.opis}`,
        c.delo && `delo ${c.delo}`,
        c.papka && `papka ${c.papka}`,
        c.listy && `listy ${c.listy}`,
      ]
        .filter(Boolean)
        .join(', ')
    );
  }
  field('duplicate of', r.duplicateOf);
  field('parser', r.parserVersion);
  lines.push('');
  if (view.warnings.length) {
    lines.push('Warnings:');
    for (const w of view.warnings) lines.push(`  ${w.code}: ${w.message}`);
  } else {
    lines.push('Warnings: none');
  }
  // a view from an API older than review flags has none
  const review = view.review ?? [];
  if (review.length > 0) {
    lines.push('');
    lines.push('Needs review:');
    for (const f of review) {
      lines.push(
        `  ${f.code} at ${f.span.start}-${f.span.end}: "${f.text}"`,
        `    ${f.message}`
      );
    }
  }
  lines.push('');
  lines.push(`Source: ${view.source.uri ?? '(unknown)'}`);
  field('  sha256', r.source.sha256);
  lines.push(
    view.source.link
      ? `  link (expires in 15 min): ${view.source.link}`
      : '  link: none (run `archive up` and ask again for a local link)'
  );
  lines.push('');
  lines.push('Audit trail:');
  const trail = renderTable(view.auditTrail, [
    { header: 'AT', value: (e) => e.at, max: 24 },
    { header: 'STEP', value: (e) => e.type, max: 16 },
    { header: 'OUTCOME', value: (e) => e.outcome, max: 8 },
    { header: 'AGENT', value: (e) => `${e.agent}@${e.parserVersion}`, max: 24 },
    { header: 'DETAIL', value: (e) => JSON.stringify(e.detail) },
  ]);
  lines.push(
    ...trail
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`)
  );
  return `${lines.join('\n')}\n`;
}

export type GetOptions = TargetFlags & { json?: boolean };

/** The command body; an unknown id throws NotFoundError (exit 1). */
export async function runGet(
  id: string,
  options: GetOptions,
  io: CliIo = processIo
): Promise<number> {
  const target = await openTarget(options, { requires: ['table'] });
  try {
    const view = await target.query.getRecordView(id);
    io.stdout(
      options.json
        ? `${JSON.stringify(view, null, 2)}\n`
        : formatRecordView(view)
    );
    return 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerGet(program: Command): void {
  addTargetOptions(
    program
      .command('get')
      .description('one record with its warnings, source link and audit trail')
      .argument('<id>', 'record id (see archive query)')
      .option('--json', 'print the record view as JSON')
  ).action(async (id: string, opts: GetOptions) => {
    await runAction(() => runGet(id, opts));
  });
}
