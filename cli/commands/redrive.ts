/**
 * `archive redrive [message ids...]`: moves dead letters back onto the
 * queue they failed on, the text ingest queue or the OCR queue (locally
 * with a fresh receive count; in AWS with an SQS message-move task per
 * dead-letter queue), e.g. after the cause of a transient failure is fixed.
 */
import type { Command } from 'commander';
import { formatReport, reportOutcomes } from '../ingest-report.ts';
import { type CliIo, processIo, runAction } from '../io.ts';
import {
  addTargetOptions,
  explainTargetError,
  openTarget,
  type TargetFlags,
} from '../target.ts';

/** The command body; locally waits for the replayed messages and reports. */
export async function runRedrive(
  ids: readonly string[],
  options: TargetFlags,
  io: CliIo = processIo
): Promise<number> {
  const target = await openTarget(options, {
    ingest: true,
    requires: ['queue'],
  });
  try {
    const letters = await target.failures();
    const chosen = ids.length
      ? letters.filter((l) => ids.includes(l.messageId))
      : letters;
    const unknown = ids.filter(
      (id) => !letters.some((l) => l.messageId === id)
    );
    for (const id of unknown)
      io.stderr(`archive redrive: no dead letter ${id}\n`);
    if (target.kind === 'aws') {
      const tasks = await target.redrive(ids.length ? ids : undefined);
      io.stdout(
        tasks.length === 0
          ? 'Nothing to redrive: no dead letters.\n'
          : `Started moving dead letters back to their queues (task${tasks.length > 1 ? 's' : ''} ${tasks.join(', ')}).\n`
      );
      return 0;
    }
    if (chosen.length === 0) {
      io.stdout('Nothing to redrive: no dead letters.\n');
      return unknown.length ? 1 : 0;
    }
    const moved = await target.redrive(chosen.map((l) => l.messageId));
    io.stdout(`Redriving ${moved.length} message(s).\n`);
    await target.settle();
    const keys = chosen.flatMap((l) => (l.key ? [l.key] : []));
    io.stdout(formatReport(await reportOutcomes(target, keys), 'redriven'));
    return unknown.length ? 1 : 0;
  } catch (error) {
    throw explainTargetError(error, target);
  } finally {
    await target.close();
  }
}

/** Adds the command to `archive` (cli/main.ts). */
export function registerRedrive(program: Command): void {
  addTargetOptions(
    program
      .command('redrive')
      .description('replay dead-lettered messages (all, or the ids given)')
      .argument('[ids...]', 'message ids from archive failures')
  ).action(async (ids: string[], opts: TargetFlags) => {
    await runAction(() => runRedrive(ids, opts));
  });
}
