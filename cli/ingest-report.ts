/**
 * After local work settles: what became of each object (record ok, failure
 * record, dead letter, nothing yet), for the summaries of `up`, `upload`,
 * `reprocess` and `redrive`; and the wait itself, with progress.
 *
 * Reports say what the pipeline did, read back from the store, never what
 * a command asked for: a reprocess request for a record that is already
 * current is answered "unchanged", not counted as reprocessed.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { PARSER_VERSION } from '#shared/extract/version.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { type CliIo, whenAborted } from './io.ts';
import { startProgress } from './progress.ts';
import type { QueueStats, Target } from './target.ts';

export interface IngestReport {
  ok: number;
  failed: { key: string; reason: string }[];
  deadLettered: string[];
  pending: string[];
  /** Total warnings over the ok records. */
  warnings: number;
}

const failureText = (record: DocumentRecord) =>
  record.failure
    ? `${record.failure.reason}: ${record.failure.message}`
    : 'failed';

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
  const unique = [...new Set(keys)];
  const records = new Map(
    (
      await target.store.getRecords(unique.map((k) => documentIdFor(bucket, k)))
    ).map((r) => [r.id, r])
  );
  for (const key of unique) {
    const record = records.get(documentIdFor(bucket, key));
    if (record?.status === 'ok') {
      report.ok += 1;
      report.warnings += record.warnings.length;
    } else if (record?.status === 'failed') {
      report.failed.push({ key, reason: failureText(record) });
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

/**
 * Waits until the local queue is idle, showing ingest progress with rate
 * and time left. Returns false when `signal` aborted first (Ctrl-C): the
 * caller decides what to do with the work in flight.
 *
 * @param target a local target (AWS settles at once)
 * @param io where the progress goes
 * @param options the queue's counters before this command's work
 *   (`baseline`), interruption, label and unit
 */
export async function settleWithProgress(
  target: Target,
  io: CliIo,
  options: {
    baseline: QueueStats | null;
    signal?: AbortSignal;
    label?: string;
    unit?: string;
  }
): Promise<boolean> {
  const base = options.baseline;
  const baseDone = base ? base.succeeded + base.deadLettered : 0;
  const progress = startProgress(io, {
    label: options.label ?? 'ingest',
    unit: options.unit ?? 'pages',
    total: 0,
  });
  const poll = setInterval(() => {
    target
      .queueStats()
      .then((stats) => {
        if (!stats) return;
        const done = stats.succeeded + stats.deadLettered - baseDone;
        progress.update(done, Math.max(stats.enqueued - baseDone, done));
      })
      .catch(() => undefined);
  }, 250);
  const stop = new AbortController();
  try {
    const settled = target.settle(stop.signal).then(
      () => true,
      (error: unknown) => {
        if (stop.signal.aborted) return false;
        throw error;
      }
    );
    return await Promise.race([
      settled,
      whenAborted(options.signal).then(() => false),
    ]);
  } finally {
    clearInterval(poll);
    progress.stop();
    stop.abort();
  }
}

/** What reprocessing did to each selected record. */
export interface ReprocessReport {
  /** Records extracted again (a new processing run committed). */
  reextracted: { ok: number; failed: { key: string; reason: string }[] };
  /** Records left as they were: the same version, by the same parser. */
  unchanged: { key: string; reason: string }[];
  /** Records not reprocessed, with why (no source, the object is gone). */
  skipped: { key: string; reason: string }[];
  deadLettered: string[];
  /** Not done yet (AWS, or a command interrupted while waiting). */
  pending: string[];
  /** Warnings over the records extracted again with status ok. */
  warnings: number;
}

/** Facts gathered around a reprocess run, for `classifyReprocess`. */
export interface ReprocessFacts {
  /** Records for which no message was sent, by id, with why. */
  notSent: ReadonlyMap<string, string>;
  /** Keys waiting in the dead-letter store. */
  deadKeys: ReadonlySet<string>;
  /** Keys whose source object no longer exists. */
  missingKeys: ReadonlySet<string>;
  /** The queue settled (false: AWS, or interrupted). */
  settled: boolean;
}

const keyOf = (r: DocumentRecord) => r.source.key ?? r.id;

/**
 * Classifies each selected record by comparing it as read before the
 * messages were sent with the record now: a changed `processedAt` means a
 * run committed (re-extracted); the same one means the ingest handler left
 * it (a duplicate: same version, same parser), unless its message was
 * dead-lettered or its object is gone (skipped).
 *
 * @param before the selected records, as read before enqueueing
 * @param after the records now, by id (null: no record)
 * @param facts what was not sent, dead letters, missing objects
 */
export function classifyReprocess(
  before: readonly DocumentRecord[],
  after: ReadonlyMap<string, DocumentRecord | null>,
  facts: ReprocessFacts
): ReprocessReport {
  const report: ReprocessReport = {
    reextracted: { ok: 0, failed: [] },
    unchanged: [],
    skipped: [],
    deadLettered: [],
    pending: [],
    warnings: 0,
  };
  for (const record of before) {
    const key = keyOf(record);
    const notSent = facts.notSent.get(record.id);
    if (notSent) {
      report.skipped.push({ key, reason: notSent });
      continue;
    }
    const now = after.get(record.id) ?? null;
    if (now && now.processedAt !== record.processedAt) {
      if (now.status === 'ok') {
        report.reextracted.ok += 1;
        report.warnings += now.warnings.length;
      } else {
        report.reextracted.failed.push({ key, reason: failureText(now) });
      }
    } else if (facts.deadKeys.has(key)) {
      report.deadLettered.push(key);
    } else if (now?.source.deleted || facts.missingKeys.has(key)) {
      report.skipped.push({
        key,
        reason: 'the source object no longer exists',
      });
    } else if (!facts.settled || !now) {
      report.pending.push(key);
    } else {
      report.unchanged.push({
        key,
        reason: `already made by parser ${now.parserVersion} from this version of the object`,
      });
    }
  }
  return report;
}

/** At most this many keys are listed per kind (the counts say the rest). */
const LISTED = 20;

function listSome(
  lines: string[],
  label: string,
  items: readonly { key: string; reason: string }[]
): void {
  for (const item of items.slice(0, LISTED)) {
    lines.push(`  ${label}: ${item.key} (${item.reason})`);
  }
  if (items.length > LISTED) {
    lines.push(`  ... and ${items.length - LISTED} more ${label}`);
  }
}

/** The lines of a reprocess report. */
export function formatReprocessReport(report: ReprocessReport): string {
  const { reextracted } = report;
  const count = reextracted.ok + reextracted.failed.length;
  const total =
    count +
    report.unchanged.length +
    report.skipped.length +
    report.deadLettered.length +
    report.pending.length;
  const lines = [
    `reprocessed ${total}: ${count} re-extracted (${reextracted.ok} ok, ${reextracted.failed.length} failed), ` +
      `${report.unchanged.length} unchanged, ${report.skipped.length} skipped` +
      (report.deadLettered.length
        ? `, ${report.deadLettered.length} dead-lettered`
        : '') +
      (report.pending.length ? `, ${report.pending.length} pending` : '') +
      `; ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`,
  ];
  listSome(lines, 'failed', reextracted.failed);
  listSome(lines, 'skipped', report.skipped);
  listSome(lines, 'unchanged', report.unchanged);
  listSome(
    lines,
    'dead-lettered',
    report.deadLettered.map((key) => ({
      key,
      reason: "see 'archive failures'",
    }))
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Reads back what reprocessing did (see `classifyReprocess`): the records
 * now, the dead letters, and whether the objects of records left unchanged
 * by a forced run still exist.
 *
 * @param target where the records are
 * @param before the selected records, as read before enqueueing
 * @param options records not sent (with why); whether the queue settled;
 *   whether the messages forced a re-run
 */
export async function reportReprocess(
  target: Target,
  before: readonly DocumentRecord[],
  options: {
    notSent: ReadonlyMap<string, string>;
    settled: boolean;
    force: boolean;
  }
): Promise<ReprocessReport> {
  const ids = before.map((r) => r.id);
  const now = new Map(
    (await target.store.getRecords(ids)).map((r) => [r.id, r])
  );
  const after = new Map(ids.map((id) => [id, now.get(id) ?? null]));
  const deadKeys = new Set(
    (await target.failures()).flatMap((f) => (f.key ? [f.key] : []))
  );
  // a record the handler left alone although it had to re-run (forced, or
  // made by another parser): its object may be gone
  const missingKeys = new Set<string>();
  for (const r of before) {
    const a = after.get(r.id);
    const mustRerun = options.force || r.parserVersion !== PARSER_VERSION;
    if (
      !mustRerun ||
      !options.settled ||
      options.notSent.has(r.id) ||
      !a ||
      a.processedAt !== r.processedAt ||
      a.source.deleted ||
      !r.source.bucket ||
      !r.source.key
    ) {
      continue;
    }
    if (!(await objectExists(target, r.source.bucket, r.source.key))) {
      missingKeys.add(r.source.key);
    }
  }
  return classifyReprocess(before, after, {
    notSent: options.notSent,
    deadKeys,
    missingKeys,
    settled: options.settled,
  });
}

async function objectExists(
  target: Target,
  bucket: string,
  key: string
): Promise<boolean> {
  try {
    await target.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    const e = error as {
      name?: string;
      $metadata?: { httpStatusCode?: number };
    };
    if (e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404) {
      return false;
    }
    throw error;
  }
}
