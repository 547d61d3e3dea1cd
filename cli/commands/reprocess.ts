/**
 * `archive reprocess [--all | --older-than-parser VERSION | filters]`:
 * re-runs extraction on stored sources by enqueueing reprocess messages for
 * the same ingest handler (locally into the runtime's queue, in AWS onto
 * the ingest queue); objects are never copied or rewritten.
 */
import type { Command } from 'commander';
import { PARSER_VERSION } from '#shared/extract/version.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { formatReport, reportOutcomes } from '../ingest-report.ts';
import { type CliIo, processIo, runAction, UsageError } from '../io.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type Target,
  type TargetFlags,
} from '../target.ts';
import { addFilterOptions, filtersFrom, type QueryFlags } from './query.ts';

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
  if (
    options.olderThanParser &&
    !/^\d+(\.\d+)*$/.test(options.olderThanParser)
  ) {
    throw new UsageError(
      `--older-than-parser must be a version like 1.2.0, got "${options.olderThanParser}"`
    );
  }
  const target = await openTarget(options, {
    ingest: true,
    requires: ['table', 'queue'],
  });
  try {
    const records = await selectRecords(target, options);
    // a parser-version change alone makes a new processing key; otherwise force
    const force = !options.olderThanParser;
    const messages = records.flatMap((r) => reprocessMessage(r, force) ?? []);
    if (messages.length === 0) {
      io.stdout('Nothing to reprocess: no stored source matches.\n');
      return 0;
    }
    if (options.dryRun) {
      for (const m of messages)
        io.stdout(`would reprocess ${m.bucket}/${m.key}\n`);
      io.stdout(`${messages.length} source(s) would be reprocessed.\n`);
      return 0;
    }
    const sent = await target.enqueue(messages);
    io.stdout(
      `Enqueued ${sent} reprocess message(s) on the ${target.kind === 'local' ? 'local queue' : 'ingest queue'}.\n`
    );
    if (target.kind === 'local') {
      await target.settle();
      io.stdout(
        formatReport(
          await reportOutcomes(
            target,
            messages.map((m) => m.key)
          ),
          'reprocessed'
        )
      );
    }
    return 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
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
