/**
 * `archive failures`: what did not become a record. Two kinds: dead letters
 * (messages that failed 5 deliveries, waiting for `archive redrive`) and
 * failure records (inputs that can never succeed as they are: empty,
 * unsupported, too large...; `archive reprocess --status failed` re-runs
 * them once the cause is fixed).
 */
import type { Command } from 'commander';
import { jsonLine } from '#shared/query/index.ts';
import { type CliIo, processIo, runAction } from '../io.ts';
import {
  addFormatOptions,
  chosenFormat,
  type FormatFlags,
  renderTable,
} from '../output.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type Target,
  type TargetFlags,
} from '../target.ts';

export interface FailureItem {
  kind: 'dead-letter' | 'failure-record';
  /** Message id (dead letter) or record id (failure record). */
  id: string;
  bucket: string | null;
  key: string | null;
  reason: string;
  attempts: number;
  at: string;
}

/** Dead letters first (they need action), then failure records. */
export async function listFailures(target: Target): Promise<FailureItem[]> {
  const items: FailureItem[] = (await target.failures()).map((l) => ({
    kind: 'dead-letter',
    id: l.messageId,
    bucket: l.bucket,
    key: l.key,
    reason: l.lastError ?? 'handler reported the message as failed',
    attempts: l.receiveCount,
    at: l.deadLetteredAt,
  }));
  for await (const r of target.query.allRecords({ status: 'failed' })) {
    items.push({
      kind: 'failure-record',
      id: r.id,
      bucket: r.source.bucket ?? null,
      key: r.source.key ?? null,
      reason: r.failure
        ? `${r.failure.reason}: ${r.failure.message}`
        : 'failed',
      attempts: r.failure?.attempts ?? 1,
      at: r.processedAt,
    });
  }
  return items;
}

export type FailuresOptions = TargetFlags & FormatFlags;

/** The command body; dead letters first, then failure records. */
export async function runFailures(
  options: FailuresOptions,
  io: CliIo = processIo
): Promise<number> {
  const format = chosenFormat(options);
  const target = await openTarget(options, { requires: ['table'] });
  try {
    const items = await listFailures(target);
    if (format === 'json') io.stdout(`${JSON.stringify(items, null, 2)}\n`);
    else if (format === 'jsonl')
      for (const item of items) io.stdout(jsonLine(item));
    else if (items.length === 0) io.stdout('No failures.\n');
    else {
      io.stdout(
        renderTable(items, [
          { header: 'KIND', value: (i) => i.kind, max: 14 },
          { header: 'ID', value: (i) => i.id, max: 36 },
          { header: 'TRIES', value: (i) => String(i.attempts), max: 5 },
          { header: 'KEY', value: (i) => i.key ?? '', max: 40 },
          { header: 'REASON', value: (i) => i.reason },
        ])
      );
      const dead = items.filter((i) => i.kind === 'dead-letter').length;
      if (dead > 0)
        io.stdout(`${dead} dead letter(s): 'archive redrive' replays them.\n`);
    }
    return 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerFailures(program: Command): void {
  const command = program
    .command('failures')
    .description('list dead letters and failure records');
  addFormatOptions(command);
  addTargetOptions(command).action(async (opts: FailuresOptions) => {
    await runAction(() => runFailures(opts));
  });
}
