/**
 * `archive reprocess [--all | --stale | --older-than-parser VERSION |
 * --status S | filters]`: re-runs extraction on stored sources by
 * enqueueing reprocess messages for the same ingest handler; objects are
 * never copied or rewritten (docs/BACKFILL.md).
 *
 * A selection by version or status is a backfill: in AWS the CLI starts
 * the backfill state machine (a Distributed Map over parallel-scan
 * segments) and shows its progress, or leaves it (`--detach`; later
 * `--run <id>`); locally the same segment loop runs in-process
 * (local/backfill.ts) onto the runtime's queue. A selection by query
 * filters (person, type, dates...) reads the query indexes here and
 * enqueues what they name.
 *
 * Locally it waits (with progress) and reports what the handler did, read
 * back from the store: re-extracted, unchanged (already current) and
 * skipped (no source, object gone) separately (cli/ingest-report.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { LOCAL_SEGMENTS, runLocalBackfill } from '#local/backfill.ts';
import {
  type BackfillRun,
  compareVersions,
  describeSelection,
  executionName,
  forceFor,
  formatCounts,
  isFinished,
  MAX_SEGMENTS,
  notReprocessableSource,
  type OutgoingMessage,
  type Selection,
  segmentCount,
} from '#shared/backfill/index.ts';
import { PARSER_VERSION } from '#shared/extract/version.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  formatReprocessReport,
  reportReprocess,
  settleWithProgress,
} from '../ingest-report.ts';
import {
  type CliIo,
  type Interruption,
  positiveInt,
  processIo,
  runAction,
  UsageError,
  watchInterrupts,
  whenAborted,
} from '../io.ts';
import {
  formatDuration,
  type Progress,
  startProgress,
  startupProgress,
} from '../progress.ts';
import {
  addTargetOptions,
  type CloudBackfill,
  explainTargetError,
  openTarget,
  type Target,
  type TargetFlags,
  wantsAws,
} from '../target.ts';
import { addFilterOptions, filtersFrom, type QueryFlags } from './query.ts';
import { correctionReport, formatCorrectionReport } from './review.ts';

export interface ReprocessOptions extends TargetFlags, QueryFlags {
  all?: boolean;
  /** Records made by an older parser or indexed by an older index layout. */
  stale?: boolean;
  olderThanParser?: string;
  dryRun?: boolean;
  /** Parallel-scan segments of a backfill (default: from the table size). */
  segments?: number;
  /** AWS: start the run and return; `--run <id>` shows it later. */
  detach?: boolean;
  /** AWS: show (and follow, unless `--detach`) a backfill run. */
  run?: string;
}

/** How the command waits (tests shorten it). */
export interface ReprocessDeps {
  /** Between looks at a run in AWS (default 5 s). */
  pollMs?: number;
  now?: () => Date;
}

export { compareVersions };

/**
 * Why a selected record gets no reprocess message, or null when it gets
 * one: a reprocess re-reads the stored source object.
 */
export function notReprocessable(record: DocumentRecord): string | null {
  return notReprocessableSource(record.source);
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

/** Query filters only the query indexes answer (`status` a scan can). */
const INDEXED_FILTERS = [
  'person',
  'role',
  'type',
  'from',
  'to',
  'telegram',
  'text',
] as const satisfies readonly (keyof QueryFlags)[];

/**
 * The backfill a selection is (by version and status, answered by a
 * table scan), or null when query filters choose the records.
 *
 * @param options the command's flags (already checked for conflicts)
 */
export function backfillSelection(options: ReprocessOptions): Selection | null {
  if (INDEXED_FILTERS.some((k) => options[k] !== undefined)) return null;
  const status = options.status;
  if (status !== undefined && status !== 'ok' && status !== 'failed') {
    throw new UsageError(`--status must be ok or failed, got "${status}"`);
  }
  const only: Pick<Selection, 'status'> = status ? { status } : {};
  if (options.stale) return { mode: 'stale', ...only };
  if (options.olderThanParser) {
    return {
      mode: 'older-than-parser',
      olderThanParser: options.olderThanParser,
      ...only,
    };
  }
  return { mode: 'all', ...only };
}

/** The command body: select, then enqueue (locally: wait and report). */
export async function runReprocess(
  options: ReprocessOptions,
  io: CliIo = processIo,
  deps: ReprocessDeps = {}
): Promise<number> {
  const hasFilters = Object.keys(filtersFrom(options)).length > 0;
  if (options.run !== undefined) {
    if (options.all || options.stale || options.olderThanParser || hasFilters) {
      throw new UsageError(
        '--run shows a backfill run; it cannot be combined with a selection'
      );
    }
    return showRun(options, io, deps);
  }
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
  const selection = backfillSelection(options);
  if (options.segments !== undefined) {
    if (selection === null) {
      throw new UsageError(
        '--segments applies to a backfill (--all, --stale, --older-than-parser, --status), not to query filters'
      );
    }
    try {
      segmentCount(null, options.segments);
    } catch (error) {
      throw new UsageError(`--${(error as Error).message}`);
    }
  }
  if (options.detach && !wantsAws(options)) {
    throw new UsageError(
      '--detach applies to a backfill run in AWS; locally reprocess runs in this process'
    );
  }
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
    const cloud =
      selection !== null && target.backfill !== null && !options.dryRun;
    if (options.detach && !cloud) {
      throw new UsageError(
        '--detach applies to a backfill run in AWS (a state machine named by --backfill-arn, ARCHIVE_BACKFILL_ARN or cdk-outputs.json)'
      );
    }
    if (cloud && target.backfill) {
      return await startCloudRun(target.backfill, selection, options, io, {
        ...deps,
        interrupt,
      });
    }
    if (selection !== null && target.kind === 'local') {
      return await localBackfill(target, selection, options, io, interrupt);
    }
    if (selection !== null && !options.dryRun) {
      io.stderr(
        'archive: no backfill state machine named (--backfill-arn, env ARCHIVE_BACKFILL_ARN, or cdk-outputs.json with this queue): selecting and enqueueing from this machine.\n'
      );
    }
    return await indexedReprocess(target, options, io, interrupt);
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    interrupt.dispose();
    await target.close();
  }
}

/**
 * Selects through the query service (indexes, or a listing in pages) and
 * enqueues from here: query filters, and AWS without a backfill state
 * machine.
 */
async function indexedReprocess(
  target: Target,
  options: ReprocessOptions,
  io: CliIo,
  interrupt: Interruption
): Promise<number> {
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
  return settleAndReport(target, io, interrupt, {
    before: records,
    notSent,
    force,
    sent,
    baseline,
  });
}

/**
 * The embedded runtime's backfill: the shared segment loop over the
 * table's scan segments, in this process, onto the runtime's queue. Each
 * batch's records are read just before the batch is enqueued (the report
 * compares them with the records after).
 */
async function localBackfill(
  target: Target,
  selection: Selection,
  options: ReprocessOptions,
  io: CliIo,
  interrupt: Interruption
): Promise<number> {
  const force = forceFor(selection);
  const before: DocumentRecord[] = [];
  const notSent = new Map<string, string>();
  const dryRun = options.dryRun === true;
  const baseline = dryRun ? null : await target.queueStats();
  let sent = 0;
  const totalSegments = options.segments ?? undefined;
  let progress: Progress | null = null;
  const send = async (entries: readonly OutgoingMessage[]) => {
    if (dryRun) {
      for (const e of entries) {
        io.stdout(`would reprocess ${e.message.bucket}/${e.message.key}\n`);
      }
      sent += entries.length;
      return;
    }
    before.push(
      ...(await target.store.getRecords(entries.map((e) => e.documentId)))
    );
    // segments run at once: add after the await, not across it
    const enqueued = await target.enqueue(entries.map((e) => e.message));
    sent += enqueued;
  };
  const result = await runLocalBackfill({
    db: target.table.db,
    tableName: target.table.name,
    selection,
    send,
    ...(totalSegments ? { totalSegments } : {}),
    signal: interrupt.signal,
    onSkip: (id, reason) => notSent.set(id, reason),
    onProgress: (p) => {
      progress ??= startProgress(io, {
        label: 'reprocess: scanning',
        unit: 'segments',
        total: p.totalSegments,
      });
      progress.update(p.segmentsDone, p.totalSegments);
    },
  }).finally(() => (progress as Progress | null)?.stop());
  if (notSent.size > 0 && !dryRun) {
    before.push(...(await target.store.getRecords([...notSent.keys()])));
  }
  if (result.counts.selected === 0 && result.complete) {
    io.stdout('Nothing to reprocess: no stored record matches.\n');
    return 0;
  }
  if (dryRun) {
    io.stdout(
      `${sent} source(s) would be reprocessed; ${notSent.size} record(s) skipped (no stored source).\n`
    );
    return interrupt.exitCode() ?? 0;
  }
  const stoppedEarly = interrupt.exitCode();
  if (stoppedEarly !== null && sent === 0) {
    io.stdout(
      'Interrupted before anything was enqueued: nothing was reprocessed.\n'
    );
    return stoppedEarly;
  }
  return settleAndReport(target, io, interrupt, {
    before,
    notSent,
    force,
    sent,
    baseline,
  });
}

/** Says what was enqueued; locally waits for the queue and reports. */
async function settleAndReport(
  target: Target,
  io: CliIo,
  interrupt: Interruption,
  run: {
    before: DocumentRecord[];
    notSent: Map<string, string>;
    force: boolean;
    sent: number;
    baseline: Awaited<ReturnType<Target['queueStats']>>;
  }
): Promise<number> {
  const { before, notSent, force, sent, baseline } = run;
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
  const report = await reportReprocess(target, before, {
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
        before.map((r) => r.id)
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
}

/** Starts the backfill state machine; follows it unless `--detach`. */
async function startCloudRun(
  backfill: CloudBackfill,
  selection: Selection,
  options: ReprocessOptions,
  io: CliIo,
  deps: ReprocessDeps & { interrupt: Interruption }
): Promise<number> {
  const totalSegments = segmentCount(
    options.segments === undefined ? await backfill.tableItemCount() : null,
    options.segments
  );
  const now = deps.now?.() ?? new Date();
  const name = executionName(selection, now, randomBytes(2).toString('hex'));
  if (deps.interrupt.exitCode() !== null) {
    io.stdout('Interrupted before the run started: nothing was reprocessed.\n');
    return deps.interrupt.exitCode() ?? 130;
  }
  const executionArn = await backfill.start(name, {
    selection,
    totalSegments,
  });
  io.stdout(
    `Started backfill run ${name} in AWS: ${describeSelection(selection)}, ${totalSegments} scan segment(s).\n` +
      `  execution: ${executionArn}\n` +
      `  follow it: archive reprocess --run ${name}\n`
  );
  if (options.detach) {
    io.stdout(
      'Detached: the run goes on in AWS; nothing here needs to stay open.\n'
    );
    return 0;
  }
  return followRun(backfill, name, io, deps);
}

/** `--run <id>`: a run's state; followed to its end unless `--detach`. */
async function showRun(
  options: ReprocessOptions,
  io: CliIo,
  deps: ReprocessDeps
): Promise<number> {
  const target = await openTarget(options, { requires: [] });
  const interrupt = watchInterrupts(io);
  try {
    if (target.kind !== 'aws' || target.backfill === null) {
      throw new UsageError(
        '--run names a backfill run in AWS: give --backfill-arn (or env ARCHIVE_BACKFILL_ARN, or cdk-outputs.json with --queue-url)'
      );
    }
    const id = options.run ?? '';
    if (options.detach) {
      const run = await target.backfill.describe(id);
      io.stdout(formatRun(run));
      return 0;
    }
    return await followRun(target.backfill, id, io, { ...deps, interrupt });
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    interrupt.dispose();
    await target.close();
  }
}

/**
 * Follows a run with a progress bar of its segments until it ends (exit 0
 * when it succeeded, 1 otherwise) or Ctrl-C (the run goes on).
 */
async function followRun(
  backfill: CloudBackfill,
  id: string,
  io: CliIo,
  deps: ReprocessDeps & { interrupt: Interruption }
): Promise<number> {
  const pollMs = deps.pollMs ?? 5_000;
  let progress: Progress | null = null;
  let shown = -1;
  let run: BackfillRun;
  try {
    for (;;) {
      run = await backfill.describe(id);
      if (run.segments) {
        const { total } = run.segments;
        const done = run.segments.succeeded + run.segments.failed;
        if (io.isTTY) {
          progress ??= startProgress(io, {
            label: `reprocess in AWS (${run.name})`,
            unit: 'segments',
            total,
          });
          progress.update(done, total);
        } else if (done !== shown) {
          // a log or a pipe: one line each time a segment finishes
          shown = done;
          io.stderr(
            `reprocess in AWS: ${done}/${total} segments done (${total > 0 ? Math.floor((done * 100) / total) : 100}%), ${run.segments.running} running\n`
          );
        }
      }
      if (isFinished(run) || deps.interrupt.signal.aborted) break;
      await Promise.race([
        new Promise((resolve) => setTimeout(resolve, pollMs)),
        whenAborted(deps.interrupt.signal),
      ]);
    }
  } finally {
    (progress as Progress | null)?.stop();
  }
  io.stdout(formatRun(run));
  const signalled = deps.interrupt.exitCode();
  if (signalled !== null && !isFinished(run)) {
    io.stdout(
      `Stopped following; the run goes on in AWS: archive reprocess --run ${run.name}\n`
    );
    return signalled;
  }
  return run.status === 'SUCCEEDED' ? 0 : 1;
}

/** A run in a few lines: status, segments, counts, error. */
export function formatRun(run: BackfillRun): string {
  const lines: string[] = [];
  const took =
    run.startedAt && run.stoppedAt
      ? ` in ${formatDuration(run.stoppedAt.getTime() - run.startedAt.getTime())}`
      : run.startedAt
        ? ` since ${run.startedAt.toISOString()}`
        : '';
  lines.push(
    `run ${run.name}: ${run.status}${took}` +
      (run.selection ? ` (${describeSelection(run.selection)})` : '')
  );
  if (run.segments) {
    const s = run.segments;
    lines.push(
      `  segments: ${s.succeeded + s.failed}/${s.total} done (${s.failed} failed), ${s.running} running, ${s.pending} pending`
    );
  }
  if (run.counts) lines.push(`  ${formatCounts(run.counts)}`);
  if (run.error) lines.push(`  error: ${run.error}`);
  if (run.status === 'SUCCEEDED') {
    lines.push(
      "  the ingest functions work through the queue: follow with 'archive query' and 'archive failures'"
    );
  }
  return `${lines.join('\n')}\n`;
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
    .option('--dry-run', 'list what would be reprocessed')
    .option(
      '--segments <n>',
      `parallel-scan segments of a backfill (1-${MAX_SEGMENTS}; default: from the table size in AWS, ${LOCAL_SEGMENTS} locally)`,
      positiveInt(MAX_SEGMENTS)
    )
    .option(
      '--detach',
      'AWS: start the backfill run and return (it needs no open terminal)'
    )
    .option(
      '--run <id>',
      'AWS: show a backfill run (execution name or ARN), following it to its end unless --detach'
    )
    .option(
      '--backfill-arn <arn>',
      'AWS backfill state machine (env ARCHIVE_BACKFILL_ARN; default: BackfillStateMachineArn from cdk-outputs.json)'
    );
  addFilterOptions(command, false);
  addTargetOptions(command).action(async (opts: ReprocessOptions) => {
    await runAction(() => runReprocess(opts));
  });
}
