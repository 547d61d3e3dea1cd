/**
 * `archive get <id>`: one record with its warnings in words, the lines it
 * asks a person to check (review flags), its source link and its audit
 * trail; `--json` prints the whole view.
 */
import type { Command } from 'commander';
import type { RecordView } from '#shared/query/index.ts';
import { type CliIo, processIo, runAction } from '../io.ts';
import { printable, renderTable } from '../output.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type TargetFlags,
} from '../target.ts';
import { describeCorrection } from './correct.ts';

/**
 * The view as readable text. Values come from pages: terminal control
 * characters in them are shown escaped (`printable`), never sent raw.
 */
export function formatRecordView(view: RecordView): string {
  const r = view.record;
  const lines: string[] = [];
  // a field a correction set is marked, with the corrections listed below
  const corrected = Object.keys(view.corrected ?? {});
  const field = (label: string, value: string | null | undefined) => {
    const paths = CORRECTABLE_LABELS[label] ?? [];
    const mark = corrected.some((k) =>
      paths.some(
        (p) => k === p || k.startsWith(`${p}.`) || p.startsWith(`${k}.`)
      )
    )
      ? '  [corrected]'
      : '';
    if (value) lines.push(`${`${label}:`.padEnd(14)} ${value}${mark}`);
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
  // corrections and the reviewed marker (a view from an older API has none)
  const corrections = view.corrections ?? [];
  if (corrections.length > 0) {
    lines.push('');
    lines.push('Corrections (the values above include the applied ones):');
    for (const c of corrections) {
      lines.push(`  ${describeCorrection(c)}`);
      if (c.note) lines.push(`    note: ${c.note}`);
    }
  }
  if (view.reviewed) {
    lines.push('');
    lines.push(
      `Reviewed by ${view.reviewed.by} at ${view.reviewed.at}${view.reviewed.note ? `: ${view.reviewed.note}` : ''}`
    );
  } else if (view.reviewFlags?.length) {
    lines.push('');
    lines.push(
      `Waiting for review (${view.reviewFlags.join(', ')}): archive review --done ${r.id}`
    );
  }
  lines.push('');
  lines.push(`Source: ${view.source.uri ?? '(unknown)'}`);
  field('  sha256', r.source.sha256);
  lines.push(
    view.source.link
      ? `  link (AWS: valid 5 minutes; local: while the runtime runs): ${view.source.link}`
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
  return printable(`${lines.join('\n')}\n`);
}

/** The record paths each printed label shows (to mark corrected ones). */
const CORRECTABLE_LABELS: Record<string, readonly string[]> = {
  title: ['title'],
  date: ['date'],
  type: ['documentType'],
  authors: ['authors'],
  recipients: ['recipients'],
  via: ['via'],
  participants: ['participants'],
  signatories: ['signatories'],
  telegram: ['telegram.number', 'telegram.origin'],
  sent: ['telegram.sentAt'],
  received: ['telegram.receivedAt'],
  arrived: ['telegram.arrivedAt'],
  deciphered: ['telegram.decipheredAt', 'telegram.decipheredBy'],
  distribution: ['telegram.distribution'],
  'outgoing No.': ['telegram.outgoingNumber'],
  'typed by': ['telegram.typedBy'],
  'letter to': ['letter.salutation'],
  'letter from': ['letter.signedBy'],
  summary: ['summary'],
};

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
