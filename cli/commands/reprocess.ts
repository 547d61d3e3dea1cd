/**
 * `archive reprocess [--all | --stale | --older-than-parser VERSION |
 * filters]`: re-runs extraction on stored sources by enqueueing reprocess
 * messages for the same ingest handler (locally into the runtime's queue,
 * in AWS onto the ingest queue); objects are never copied or rewritten.
 *
 * Locally it waits (with progress) and reports what the handler did, read
 * back from the store: re-extracted, unchanged (already current) and
 * skipped (no source, object gone) separately (cli/ingest-report.ts).
 */
import type { Command } from 'commander';
import { PARSER_VERSION } from '#shared/extract/version.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  formatReprocessReport,
  reportReprocess,
  settleWithProgress,
} from '../ingest-report.ts';
import {
  type CliIo,
  processIo,
  runAction,
  UsageError,
  watchInterrupts,
} from '../io.ts';
import { startupProgress } from '../progress.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type Target,
  type TargetFlags,
} from '../target.ts';
import { addFilterOptions, filtersFrom, type QueryFlags } from './query.ts';
import { correctionReport, formatCorrectionReport } from './review.ts';

export interface ReprocessOptions extends TargetFlags, QueryFlags {
  all?: boolean;
  /** Records made by an older parser or indexed by an older index layout. */
  stale?: boolean;
  olderThanParser?: string;
  dryRun?: boolean;
}

/** Compares dotted versions numerically (`0.10.0` > `0.9.1`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Why a selected record gets no reprocess message, or null when it gets
 * one: a reprocess re-reads the stored source object.
 */
export function notReprocessable(record: DocumentRecord): string | null {
  if (!record.source.bucket || !record.source.key) {
    return 'no stored source object';
  }
  if (record.source.deleted) return 'the source object was deleted';
  return null;
}

/** The reprocess message of a record, or null when it has no S3 source. */
export function reprocessMessage(record: DocumentRecord, force: boolean) {
  const { bucket, key, versionId } = record.source;
  if (!bucket || !key) return null;
  return {
    type: 'reprocess' as const,
    bucket,
    key,
    ...(versionId ? { versionId } : {}),
    force,
  };
}

async function selectRecords(
  target: Target,
  options: ReprocessOptions
): Promise<DocumentRecord[]> {
  const filters = filtersFrom({
    ...options,
    limit: undefined,
    cursor: undefined,
  });
  const selected: DocumentRecord[] = [];
  if (options.stale) {
    const ids = new Set<string>();
    for await (const r of target.query.allRecords()) {
      if (compareVersions(r.parserVersion, PARSER_VERSION) < 0) {
        ids.add(r.id);
        selected.push(r);
      }
    }
    let cursor: string | null = null;
    do {
      const page = await target.store.listRecords({
        staleIndex: true,
        limit: 500,
        cursor,
      });
      for (const r of page.items) {
        if (!ids.has(r.id)) selected.push(r);
        ids.add(r.id);
      }
      cursor = page.cursor;
    } while (cursor);
    return selected;
  }
  if (Object.keys(filters).length > 0) {
    let cursor: string | undefined;
    do {
      const page = await target.query.search({
        ...filters,
        limit: 100,
        cursor,
      });
      selected.push(...page.items);
      cursor = page.cursor ?? undefined;
    } while (cursor);
  } else {
    for await (const r of target.query.allRecords()) selected.push(r);
  }
  const older = options.olderThanParser;
  return older
    ? selected.filter((r) => compareVersions(r.parserVersion, older) < 0)
    : selected;
}

/** The command body: select, then enqueue (locally: wait and report). */
export async function runReprocess(
  options: ReprocessOptions,
  io: CliIo = processIo
): Promise<number> {
  const hasFilters = Object.keys(filtersFrom(options)).length > 0;
  if (
    !options.all &&
    !options.stale &&
    !options.olderThanParser &&
    !hasFilters
  ) {
    throw new UsageError(
      'choose what to reprocess: --stale, --all, --older-than-parser VERSION, or query filters'
    );
  }
  if (options.all && (options.olderThanParser || hasFilters || options.stale)) {
    throw new UsageError(
      '--all cannot be combined with --stale, --older-than-parser or filters'
    );
  }
  if (options.stale && (options.olderThanParser || hasFilters)) {
    throw new UsageError(
      '--stale cannot be combined with --older-than-parser or filters'
    );
  }
  checkOlderThanParser(options.olderThanParser);
  const startup = startupProgress(io);
  const target = await openTarget(options, {
    ingest: true,
    requires: ['table', 'queue'],
    runtime: { onStartup: startup.onStartup },
    onWait: (message) => io.stderr(`archive: ${message}\n`),
  }).finally(() => startup.stop());
  const interrupt = watchInterrupts(io, {
    onForce: () => target.releaseSync(),
  });
  try {
    const records = await selectRecords(target, options);
    // a parser-version change alone makes a new processing key; otherwise force
    const force = !options.olderThanParser;
    const notSent = new Map<string, string>();
    const messages = records.flatMap((r) => {
      const why = notReprocessable(r);
      if (why) notSent.set(r.id, why);
      return why ? [] : (reprocessMessage(r, force) ?? []);
    });
    if (records.length === 0) {
      io.stdout('Nothing to reprocess: no stored record matches.\n');
      return 0;
    }
    if (options.dryRun) {
      for (const m of messages)
        io.stdout(`would reprocess ${m.bucket}/${m.key}\n`);
      io.stdout(
        `${messages.length} source(s) would be reprocessed; ${notSent.size} record(s) skipped (no stored source).\n`
      );
      return 0;
    }
    const stoppedEarly = interrupt.exitCode();
    if (stoppedEarly !== null) {
      io.stdout(
        'Interrupted before anything was enqueued: nothing was reprocessed.\n'
      );
      return stoppedEarly;
    }
    const baseline = await target.queueStats();
    const sent = messages.length > 0 ? await target.enqueue(messages) : 0;
    io.stdout(
      `Enqueued ${sent} reprocess message(s) on the ${target.kind === 'local' ? 'local queue' : 'ingest queue'}` +
        (notSent.size
          ? `; ${notSent.size} record(s) have no source to re-read`
          : '') +
        '.\n'
    );
    if (target.kind !== 'local') {
      io.stdout(
        "Ingestion runs asynchronously: follow it with 'archive query' and 'archive failures'.\n"
      );
      return 0;
    }
    const settled =
      sent === 0 ||
      (await settleWithProgress(target, io, {
        baseline,
        signal: interrupt.signal,
        label: 'reprocess',
        unit: 'records',
      }));
    if (!settled) await target.stopIngesting();
    const report = await reportReprocess(target, records, {
      notSent,
      settled,
      force,
    });
    io.stdout(formatReprocessReport(report));
    // what re-extraction did to the corrections people made (issue 13)
    io.stdout(
      formatCorrectionReport(
        await correctionReport(
          target,
          records.map((r) => r.id)
        )
      )
    );
    const signalled = interrupt.exitCode();
    if (signalled !== null) {
      io.stdout(
        `Interrupted: ${report.pending.length} record(s) were not reprocessed yet; run the same command again for them.\n`
      );
      return signalled;
    }
    // failure records and skips are outcomes, reported above; a dead
    // letter is work that did not get done
    return report.deadLettered.length > 0 ? 1 : 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    interrupt.dispose();
    await target.close();
  }
}

/**
 * Checks `--older-than-parser`: a version (`1.2.0`) not newer than the
 * running parser's. Every record is older than a future version, but none
 * can be brought up to it: reprocessing would run this parser again and
 * leave the records as they are.
 *
 * @param version the flag's value (undefined: not given)
 */
export function checkOlderThanParser(version: string | undefined): void {
  if (version === undefined) return;
  if (!/^\d+(\.\d+)*$/.test(version)) {
    throw new UsageError(
      `--older-than-parser must be a version like 1.2.0, got "${version}"`
    );
  }
  if (compareVersions(version, PARSER_VERSION) > 0) {
    throw new UsageError(
      `--older-than-parser ${version} is newer than this parser (${PARSER_VERSION}): no record can be brought up to it; use --older-than-parser ${PARSER_VERSION} or --stale`
    );
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerReprocess(program: Command): void {
  const command = program
    .command('reprocess')
    .description(
      're-run extraction on stored sources (enqueues messages; copies nothing)'
    )
    .option('--all', 'every stored source')
    .option(
      '--stale',
      'records made by an older parser or indexed by an older index layout (after an upgrade: this one)'
    )
    .option(
      '--older-than-parser <version>',
      'records made by a parser older than this version'
    )
    .option('--dry-run', 'list what would be reprocessed');
  addFilterOptions(command, false);
  addTargetOptions(command).action(async (opts: ReprocessOptions) => {
    await runAction(() => runReprocess(opts));
  });
}
