/**
 * (adapter) Step Functions task → one backfill segment → the state to loop
 * on. Each invocation of the backfill-segment Lambda runs one segment of
 * the table's parallel scan from where the last one stopped
 * (shared/backfill/segment.ts) and returns before its time runs out; the
 * state machine invokes it again until the segment is `done`
 * (infra/constructs/backfill.ts).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import {
  type CurrentVersions,
  currentVersions,
  type MessageSender,
  parseSegmentState,
  runSegment,
  type SegmentResult,
  type SegmentScanner,
} from '#shared/backfill/index.ts';

/**
 * Time an invocation keeps in hand when it decides whether to read one
 * more page: a page is at most 1 MB of scan and a few hundred messages
 * (seconds), so a minute leaves a wide margin before the timeout.
 */
export const TIME_RESERVE_MS = 60_000;

export interface BackfillHandlerDeps {
  scanner: SegmentScanner;
  sender: MessageSender;
  /** Default: the versions this build writes. */
  current?: CurrentVersions;
  /** Default TIME_RESERVE_MS. */
  reserveMs?: number;
  logger?: Logger;
  /** Waits before sending refused entries again (tests: no wait). */
  sleep?: (ms: number) => Promise<void>;
}

/** What the handler reads of the Lambda context. */
export interface BudgetContext {
  getRemainingTimeInMillis(): number;
}

export type BackfillHandler = (
  event: unknown,
  context?: BudgetContext
) => Promise<SegmentResult>;

/**
 * Builds the backfill-segment handler around its ports.
 *
 * @example
 * const handler = makeHandler({ scanner, sender });
 * const next = await handler({ segment: 0, totalSegments: 4, selection: { mode: 'stale' } }, context);
 */
export function makeHandler(deps: BackfillHandlerDeps): BackfillHandler {
  const logger = deps.logger ?? new Logger({ serviceName: 'backfill' });
  const current = deps.current ?? currentVersions();
  const reserve = deps.reserveMs ?? TIME_RESERVE_MS;
  return async (event, context) => {
    // a bad input is a bug of the caller: fail the task (no retry helps)
    const state = parseSegmentState(event);
    const result = await runSegment(state, {
      scanner: deps.scanner,
      sender: deps.sender,
      current,
      hasTime: () =>
        context === undefined || context.getRemainingTimeInMillis() > reserve,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
    });
    logger.info('backfill segment', {
      segment: result.segment,
      totalSegments: result.totalSegments,
      selection: result.selection,
      done: result.done,
      counts: result.counts,
    });
    return result;
  };
}
