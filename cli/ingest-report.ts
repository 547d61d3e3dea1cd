/**
 * After local work settles: what became of each object (record ok, failure
 * record, dead letter, nothing yet), for the summaries of `up`, `upload`,
 * `reprocess` and `redrive`.
 */
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { Target } from './target.ts';

export interface IngestReport {
  ok: number;
  failed: { key: string; reason: string }[];
  deadLettered: string[];
  pending: string[];
  /** Total warnings over the ok records. */
  warnings: number;
}

/**
 * Looks up the record of each key in the raw bucket.
 *
 * @param target where the records are
 * @param keys full object keys (with the upload prefix)
 */
export async function reportOutcomes(
  target: Target,
  keys: readonly string[]
): Promise<IngestReport> {
  const bucket = target.rawBucket();
  const dead = new Set((await target.failures()).map((f) => f.key));
  const report: IngestReport = {
    ok: 0,
    failed: [],
    deadLettered: [],
    pending: [],
    warnings: 0,
  };
  for (const key of new Set(keys)) {
    const record = await target.store.getRecord(documentIdFor(bucket, key));
    if (record?.status === 'ok') {
      report.ok += 1;
      report.warnings += record.warnings.length;
    } else if (record?.status === 'failed') {
      report.failed.push({
        key,
        reason: record.failure
          ? `${record.failure.reason}: ${record.failure.message}`
          : 'failed',
      });
    } else if (dead.has(key)) {
      report.deadLettered.push(key);
    } else {
      report.pending.push(key);
    }
  }
  return report;
}

/** Lines describing a report; `label` names what was ingested. */
export function formatReport(report: IngestReport, label = 'ingested'): string {
  const total =
    report.ok +
    report.failed.length +
    report.deadLettered.length +
    report.pending.length;
  const lines = [
    `${label} ${total}: ${report.ok} ok, ${report.failed.length} failed` +
      (report.deadLettered.length
        ? `, ${report.deadLettered.length} dead-lettered`
        : '') +
      (report.pending.length ? `, ${report.pending.length} pending` : '') +
      `; ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`,
  ];
  for (const f of report.failed) lines.push(`  failed: ${f.key} (${f.reason})`);
  for (const k of report.deadLettered) {
    lines.push(`  dead-lettered: ${k} (see 'archive failures')`);
  }
  return `${lines.join('\n')}\n`;
}
