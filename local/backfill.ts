/**
 * The embedded runtime's backfill: the same segment loop the AWS
 * state machine runs (shared/backfill/segment.ts), over the same
 * parallel-scan segments of the table (dynalite here), run in-process a
 * few segments at a time, with the messages going onto the runtime's
 * queue instead of SQS. What the Distributed Map does in AWS (one child
 * per segment, bounded concurrency, loop until done) is the loop below.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoSegmentScanner } from '#functions/backfill/adapters.ts';
import {
  addCounts,
  type BackfillCounts,
  type CurrentVersions,
  currentVersions,
  type OutgoingMessage,
  runSegment,
  type Selection,
  ZERO_COUNTS,
} from '#shared/backfill/index.ts';

/** Segments of a local run: dynalite serves one process, a few suffice. */
export const LOCAL_SEGMENTS = 4;

/** Segments scanned at once locally. */
export const LOCAL_CONCURRENCY = 4;

export interface LocalBackfillProgress {
  segmentsDone: number;
  totalSegments: number;
  counts: BackfillCounts;
}

export interface LocalBackfillOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  selection: Selection;
  /** Puts messages on the runtime's queue (or prints them: a dry run). */
  send(entries: readonly OutgoingMessage[]): Promise<void>;
  /** Default LOCAL_SEGMENTS. */
  totalSegments?: number;
  /** Default LOCAL_CONCURRENCY. */
  concurrency?: number;
  /** Default: the versions this build writes. */
  current?: CurrentVersions;
  /** Items examined per scan page (default DynamoDB's 1 MB; tests). */
  pageLimit?: number;
  /** Stops at the next page boundary of every segment (Ctrl-C). */
  signal?: AbortSignal;
  onProgress?(progress: LocalBackfillProgress): void;
  /** A selected record with nothing to re-read. */
  onSkip?(documentId: string, reason: string): void;
}

export interface LocalBackfillResult {
  counts: BackfillCounts;
  segments: { segment: number; counts: BackfillCounts; done: boolean }[];
  /** False when the signal stopped it before every segment was through. */
  complete: boolean;
}

/**
 * Runs a backfill over every segment of the table, in this process.
 *
 * @param options table, selection, where messages go, progress hooks
 */
export async function runLocalBackfill(
  options: LocalBackfillOptions
): Promise<LocalBackfillResult> {
  const totalSegments = options.totalSegments ?? LOCAL_SEGMENTS;
  const concurrency = Math.max(1, options.concurrency ?? LOCAL_CONCURRENCY);
  const current = options.current ?? currentVersions();
  const scanner = dynamoSegmentScanner(
    options.db,
    options.tableName,
    options.pageLimit ? { pageLimit: options.pageLimit } : {}
  );
  const sender = {
    sendBatch: async (entries: readonly OutgoingMessage[]) => {
      await options.send(entries);
      return { refused: [] };
    },
  };
  let counts = ZERO_COUNTS;
  let segmentsDone = 0;
  const report = () =>
    options.onProgress?.({ segmentsDone, totalSegments, counts });
  const results: LocalBackfillResult['segments'] = [];
  let next = 0;
  const worker = async () => {
    while (next < totalSegments) {
      const segment = next;
      next += 1;
      const result = await runSegment(
        { segment, totalSegments, selection: options.selection },
        {
          scanner,
          sender,
          current,
          hasTime: () => !options.signal?.aborted,
          onPage: (delta) => {
            counts = addCounts(counts, delta);
            report();
          },
          ...(options.onSkip ? { onSkip: options.onSkip } : {}),
        }
      );
      results.push({ segment, counts: result.counts, done: result.done });
      if (result.done) segmentsDone += 1;
      report();
      if (options.signal?.aborted) return;
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, totalSegments) }, worker)
  );
  results.sort((a, b) => a.segment - b.segment);
  return {
    counts,
    segments: results,
    complete: results.length === totalSegments && results.every((r) => r.done),
  };
}
