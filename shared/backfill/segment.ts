/**
 * One segment of a backfill: scan pages of a DynamoDB parallel-scan
 * segment, decide each record item, send the reprocess messages in
 * batches of 10, and stop at a page boundary when time runs short,
 * returning where to continue. Pure over two ports (the scanner and the
 * sender), so the backfill-segment Lambda (functions/backfill) and the
 * embedded runtime (local/backfill.ts) run the same loop.
 *
 * Delivery is at least once: a segment retried after a failure starts
 * again at its last returned key, so messages of the page in flight may go
 * twice. The ingest handler is idempotent per record (a forced re-run of
 * a record just made re-makes the same record).
 */
import * as z from 'zod/mini';
import type { ReprocessMessage } from '#functions/ingest/events.ts';
import { MAX_SEGMENTS } from './plan.ts';
import { addCounts, type BackfillCounts, ZERO_COUNTS } from './progress.ts';
import {
  decideRecord,
  type ItemKey,
  type ProjectedRecord,
  type RecordScanSpec,
  recordScanSpec,
} from './scan.ts';
import { type CurrentVersions, SelectionSchema } from './selection.ts';

/** SQS SendMessageBatch takes at most 10 entries. */
export const SEND_BATCH = 10;

/** Batches of one page in flight at once. */
export const SEND_CONCURRENCY = 5;

/** Rounds a batch's refused entries are sent again before the segment fails. */
export const SEND_ATTEMPTS = 3;

const CountsSchema = z.object({
  scanned: z.int().check(z.minimum(0)),
  selected: z.int().check(z.minimum(0)),
  enqueued: z.int().check(z.minimum(0)),
  skipped: z.int().check(z.minimum(0)),
});

/**
 * A segment's state: the Map item that starts it (`segment`,
 * `totalSegments`, `selection`) and, once it ran, where it stopped and
 * what it counted. The Lambda's input and output; Step Functions loops
 * while `done` is false.
 */
export const SegmentStateSchema = z.object({
  segment: z.int().check(z.minimum(0), z.maximum(MAX_SEGMENTS - 1)),
  totalSegments: z.int().check(z.minimum(1), z.maximum(MAX_SEGMENTS)),
  selection: SelectionSchema,
  startKey: z.optional(
    z.nullable(z.record(z.string(), z.union([z.string(), z.number()])))
  ),
  counts: z.optional(CountsSchema),
  done: z.optional(z.boolean()),
});
export type SegmentState = z.infer<typeof SegmentStateSchema>;

/** A segment's state after a run: always with its key, counts and `done`. */
export interface SegmentResult extends SegmentState {
  startKey: ItemKey | null;
  counts: BackfillCounts;
  done: boolean;
}

/**
 * Parses a segment state (the Lambda's event).
 *
 * @throws Error naming the first problem
 */
export function parseSegmentState(value: unknown): SegmentState {
  const parsed = SegmentStateSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `segment state: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`
    );
  }
  if (parsed.data.segment >= parsed.data.totalSegments) {
    throw new Error(
      `segment state: segment ${parsed.data.segment} is not below totalSegments ${parsed.data.totalSegments}`
    );
  }
  return parsed.data;
}

/** One page of a parallel-scan segment. */
export interface ScanPage {
  items: ProjectedRecord[];
  /** Items DynamoDB examined for this page (before the filter). */
  scannedCount: number;
  /** Where the next page starts; null: the segment is done. */
  lastKey: ItemKey | null;
}

/** (port) Reads one page of a segment. */
export interface SegmentScanner {
  page(request: {
    segment: number;
    totalSegments: number;
    spec: RecordScanSpec;
    startKey: ItemKey | null;
  }): Promise<ScanPage>;
}

/** One reprocess message to send, with its batch entry id. */
export interface OutgoingMessage {
  /** Unique within its batch (SQS entry id). */
  id: string;
  documentId: string;
  message: ReprocessMessage;
}

/** An entry the queue refused; `senderFault`: retrying cannot help. */
export interface RefusedEntry {
  id: string;
  reason: string;
  senderFault: boolean;
}

/** (port) Sends up to `SEND_BATCH` messages; answers the refused entries. */
export interface MessageSender {
  sendBatch(
    entries: readonly OutgoingMessage[]
  ): Promise<{ refused: readonly RefusedEntry[] }>;
}

export class BackfillSendError extends Error {
  constructor(
    message: string,
    readonly refused: readonly RefusedEntry[]
  ) {
    super(message);
    this.name = 'BackfillSendError';
  }
}

export interface RunSegmentDeps {
  scanner: SegmentScanner;
  sender: MessageSender;
  /** The versions the running code writes (stale is measured against them). */
  current: CurrentVersions;
  /**
   * Asked after each page: false stops at that page boundary, returning
   * the key to continue from (the Lambda's time budget).
   */
  hasTime(): boolean;
  /** After each page: what it added (progress). */
  onPage?(delta: BackfillCounts): void;
  /** A selected record with nothing to re-read. */
  onSkip?(documentId: string, reason: string): void;
  /** Batches of one page in flight at once (default SEND_CONCURRENCY). */
  sendConcurrency?: number;
  /** Waits before sending refused entries again (tests pass a no-op). */
  sleep?(ms: number): Promise<void>;
}

const sleepFor = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a segment from where its state stopped until it is done or
 * `hasTime` says stop, always ending on a page boundary.
 *
 * @param state the segment, its selection and where it stopped
 * @param deps scanner, sender, versions, time budget
 * @returns the state to continue from (`done` when the segment is through)
 */
export async function runSegment(
  state: SegmentState,
  deps: RunSegmentDeps
): Promise<SegmentResult> {
  const spec = recordScanSpec(state.selection, deps.current);
  let counts = addCounts(state.counts ?? ZERO_COUNTS);
  let startKey: ItemKey | null = state.startKey ?? null;
  for (;;) {
    const page = await deps.scanner.page({
      segment: state.segment,
      totalSegments: state.totalSegments,
      spec,
      startKey,
    });
    const outgoing: Omit<OutgoingMessage, 'id'>[] = [];
    let skipped = 0;
    for (const item of page.items) {
      const decision = decideRecord(item, state.selection, deps.current);
      if (decision.kind === 'send') {
        outgoing.push({
          documentId: decision.documentId,
          message: decision.message,
        });
      } else if (decision.kind === 'skip') {
        skipped += 1;
        deps.onSkip?.(decision.documentId, decision.reason);
      }
    }
    await sendAll(outgoing, deps);
    const delta: BackfillCounts = {
      scanned: page.scannedCount,
      selected: outgoing.length + skipped,
      enqueued: outgoing.length,
      skipped,
    };
    counts = addCounts(counts, delta);
    deps.onPage?.(delta);
    startKey = page.lastKey;
    if (startKey === null || !deps.hasTime()) break;
  }
  return {
    segment: state.segment,
    totalSegments: state.totalSegments,
    selection: state.selection,
    startKey,
    counts,
    done: startKey === null,
  };
}

/** Sends a page's messages in batches of 10, a few batches at a time. */
async function sendAll(
  outgoing: readonly Omit<OutgoingMessage, 'id'>[],
  deps: RunSegmentDeps
): Promise<void> {
  const batches: OutgoingMessage[][] = [];
  for (let i = 0; i < outgoing.length; i += SEND_BATCH) {
    batches.push(
      outgoing.slice(i, i + SEND_BATCH).map((m, j) => ({ ...m, id: String(j) }))
    );
  }
  const inFlight = Math.max(1, deps.sendConcurrency ?? SEND_CONCURRENCY);
  for (let i = 0; i < batches.length; i += inFlight) {
    await Promise.all(
      batches.slice(i, i + inFlight).map((b) => sendBatch(b, deps))
    );
  }
}

/**
 * Sends one batch, sending refused entries again (throttling, a queue's
 * internal error) up to SEND_ATTEMPTS rounds; a sender fault (a message
 * the queue will never take) fails at once.
 */
async function sendBatch(
  batch: readonly OutgoingMessage[],
  deps: RunSegmentDeps
): Promise<void> {
  let pending = batch;
  for (let attempt = 1; ; attempt += 1) {
    const { refused } = await deps.sender.sendBatch(pending);
    if (refused.length === 0) return;
    const fatal = refused.filter((r) => r.senderFault);
    if (fatal.length > 0 || attempt >= SEND_ATTEMPTS) {
      const first = (fatal[0] ?? refused[0]) as RefusedEntry;
      throw new BackfillSendError(
        `the queue refused ${refused.length} message(s)${fatal.length > 0 ? '' : ` after ${attempt} attempts`}: ${first.reason}`,
        refused
      );
    }
    const again = new Set(refused.map((r) => r.id));
    pending = pending.filter((m) => again.has(m.id));
    await (deps.sleep ?? sleepFor)(100 * 2 ** attempt);
  }
}
