/**
 * The embedded runtime's queue: what SQS and Lambda's SQS event source do
 * in AWS, done in-process for the same ingest handler.
 *
 * Semantics kept from AWS:
 * - batches of up to 10 SQS-shaped records (messageId, receiptHandle,
 *   attributes.ApproximateReceiveCount, ...), a short batching window;
 * - partial batch responses: only the `batchItemFailures` are retried; a
 *   handler that throws, or names an unknown item, fails the whole batch;
 * - a failed message becomes visible again after a back-off; after
 *   `maxReceiveCount` (5) failed receives it moves to the dead-letter store,
 *   which `archive failures` lists and `archive redrive` replays.
 *
 * The queue itself lives in memory. What makes a stop mid-batch lose
 * nothing is the start-up reconciliation in runtime.ts (objects under
 * `incoming/` without a matching record are enqueued again), as SQS's
 * visibility timeout would redeliver them in AWS.
 */
import { createHash, randomUUID } from 'node:crypto';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import type { DeadLetter, DeadLetterStore } from './dead-letters.ts';

/** The ingest handler's signature, as Lambda calls it. */
export type SqsHandler = (
  event: SQSEvent,
  context: Context
) => Promise<SQSBatchResponse | undefined>;

export interface DispatcherOptions {
  handler: SqsHandler;
  deadLetters: DeadLetterStore;
  /**
   * The queue's name, as its AWS twin's (`ingest`, `ingest-ocr`): in its
   * ARN, the function name of the Lambda context, and on its dead letters.
   */
  name?: string;
  /** Records per batch (Lambda's BatchSize); at most 10. */
  batchSize?: number;
  /** Receives before a message is dead-lettered (the redrive policy). */
  maxReceiveCount?: number;
  /** Delay before a failed message is visible again, by receive count. */
  retryDelayMs?: (receiveCount: number) => number;
  /** How long to gather messages before delivering a partial batch. */
  batchWindowMs?: number;
  /** Batches delivered at the same time (Lambda's concurrency). */
  concurrency?: number;
  queueArn?: string;
  region?: string;
  /** Called with one line per notable event (retry, dead letter). */
  log?: (line: string) => void;
}

export interface DispatcherStats {
  enqueued: number;
  batches: number;
  deliveries: number;
  succeeded: number;
  retried: number;
  deadLettered: number;
}

interface QueuedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  sentAt: number;
  firstReceivedAt: number | null;
  lastError: string | null;
}

/** Exponential back-off from 200 ms, capped at 5 s. */
export function defaultRetryDelayMs(receiveCount: number): number {
  return Math.min(200 * 2 ** Math.max(0, receiveCount - 1), 5_000);
}

/** Where a message points, for listings: S3 event or reprocess message. */
export function describeMessageTarget(body: string): {
  bucket: string | null;
  key: string | null;
} {
  try {
    const parsed = JSON.parse(body) as {
      bucket?: unknown;
      key?: unknown;
      Records?: {
        s3?: { bucket?: { name?: string }; object?: { key?: string } };
      }[];
    };
    if (typeof parsed.bucket === 'string' && typeof parsed.key === 'string') {
      return { bucket: parsed.bucket, key: parsed.key };
    }
    const s3 = parsed.Records?.[0]?.s3;
    if (s3?.bucket?.name && s3.object?.key) {
      return {
        bucket: s3.bucket.name,
        key: decodeURIComponent(s3.object.key.replace(/\+/g, ' ')),
      };
    }
  } catch {
    // not JSON: listed without a target
  }
  return { bucket: null, key: null };
}

/** Lambda's SQS event source, in-process. See the module comment. */
export class Dispatcher {
  readonly stats: DispatcherStats = {
    enqueued: 0,
    batches: 0,
    deliveries: 0,
    succeeded: 0,
    retried: 0,
    deadLettered: 0,
  };
  private readonly ready: QueuedMessage[] = [];
  private readonly delayed = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private windowTimer: NodeJS.Timeout | null = null;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private readonly batchSize: number;
  private readonly maxReceiveCount: number;
  private readonly retryDelayMs: (n: number) => number;
  private readonly batchWindowMs: number;
  private readonly concurrency: number;
  private readonly queueArn: string;
  private readonly region: string;
  readonly name: string;

  constructor(private readonly options: DispatcherOptions) {
    this.name = options.name ?? 'ingest';
    this.batchSize = Math.min(Math.max(options.batchSize ?? 10, 1), 10);
    this.maxReceiveCount = options.maxReceiveCount ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
    this.batchWindowMs = options.batchWindowMs ?? 20;
    this.concurrency = Math.max(options.concurrency ?? 2, 1);
    this.region = options.region ?? 'us-east-1';
    this.queueArn =
      options.queueArn ??
      `arn:aws:sqs:${this.region}:000000000000:${this.name}-local`;
  }

  /** Sends one message (an S3 notification or a reprocess message). */
  enqueue(body: string | object): string {
    if (this.closed) throw new Error('The local queue is closed');
    const message: QueuedMessage = {
      messageId: randomUUID(),
      body: typeof body === 'string' ? body : JSON.stringify(body),
      receiveCount: 0,
      sentAt: Date.now(),
      firstReceivedAt: null,
      lastError: null,
    };
    this.stats.enqueued += 1;
    this.ready.push(message);
    this.schedule();
    return message.messageId;
  }

  /** True when nothing is queued, waiting for a retry, or being handled. */
  get idle(): boolean {
    return (
      this.ready.length === 0 && this.delayed.size === 0 && this.inFlight === 0
    );
  }

  /** Resolves once every message has succeeded or been dead-lettered. */
  drain(): Promise<void> {
    if (this.idle) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The dead-lettered messages, oldest first. */
  failures(): Promise<DeadLetter[]> {
    return this.options.deadLetters.list();
  }

  /**
   * Moves dead letters back onto the queue with a fresh receive count, as
   * SQS's redrive does; returns the ids moved.
   */
  async redrive(ids?: readonly string[]): Promise<string[]> {
    const letters = await this.options.deadLetters.take(ids);
    for (const letter of letters) {
      this.stats.enqueued += 1;
      this.ready.push({
        messageId: letter.messageId,
        body: letter.body,
        receiveCount: 0,
        sentAt: Date.now(),
        firstReceivedAt: null,
        lastError: null,
      });
    }
    this.schedule();
    return letters.map((l) => l.messageId);
  }

  /**
   * Stops taking messages and waits for the batches in flight; messages
   * still queued are dropped here and found again by the next start's
   * reconciliation.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    if (this.windowTimer) clearTimeout(this.windowTimer);
    this.windowTimer = null;
    this.ready.length = 0;
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    this.notifyIdle();
  }

  private schedule(): void {
    if (this.closed) return;
    while (this.inFlight < this.concurrency && this.ready.length > 0) {
      if (this.ready.length < this.batchSize && this.batchWindowMs > 0) {
        // a partial batch waits for the window, as Lambda's batching window
        if (!this.windowTimer) {
          this.windowTimer = setTimeout(() => {
            this.windowTimer = null;
            this.flush();
          }, this.batchWindowMs);
        }
        return;
      }
      this.flush();
    }
    this.notifyIdle();
  }

  private flush(): void {
    if (this.closed) return;
    while (this.inFlight < this.concurrency && this.ready.length > 0) {
      const batch = this.ready.splice(0, this.batchSize);
      this.inFlight += 1;
      void this.deliver(batch).finally(() => {
        this.inFlight -= 1;
        this.schedule();
        this.notifyIdle();
      });
    }
  }

  private async deliver(batch: QueuedMessage[]): Promise<void> {
    const now = Date.now();
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
    }
    this.stats.batches += 1;
    this.stats.deliveries += batch.length;
    const event: SQSEvent = { Records: batch.map((m) => this.toRecord(m)) };
    let failedIds: Set<string>;
    let error: string | null = null;
    try {
      const response = await this.options.handler(
        event,
        lambdaContext(`${this.name}-local`)
      );
      const failures = response?.batchItemFailures ?? [];
      const known = new Set(batch.map((m) => m.messageId));
      failedIds = new Set(failures.map((f) => f.itemIdentifier));
      if ([...failedIds].some((id) => !known.has(id))) {
        // Lambda treats an unknown or empty itemIdentifier as a failed batch
        failedIds = known;
        error = 'handler reported an unknown itemIdentifier';
      }
    } catch (thrown) {
      failedIds = new Set(batch.map((m) => m.messageId));
      error = thrown instanceof Error ? thrown.message : String(thrown);
    }
    for (const message of batch) {
      if (!failedIds.has(message.messageId)) {
        this.stats.succeeded += 1;
        continue;
      }
      message.lastError = error ?? message.lastError;
      await this.retryOrDeadLetter(message);
    }
  }

  private async retryOrDeadLetter(message: QueuedMessage): Promise<void> {
    const target = describeMessageTarget(message.body);
    const label = target.key ?? message.messageId;
    if (message.receiveCount >= this.maxReceiveCount) {
      this.stats.deadLettered += 1;
      await this.options.deadLetters.add({
        messageId: message.messageId,
        body: message.body,
        receiveCount: message.receiveCount,
        firstSentAt: new Date(message.sentAt).toISOString(),
        deadLetteredAt: new Date().toISOString(),
        lastError: message.lastError,
        queue: this.name,
        ...target,
      });
      this.options.log?.(
        `dead-lettered ${label} after ${message.receiveCount} receives`
      );
      return;
    }
    this.stats.retried += 1;
    const delay = this.retryDelayMs(message.receiveCount);
    this.options.log?.(
      `retrying ${label} (receive ${message.receiveCount}) in ${delay} ms`
    );
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      if (this.closed) return;
      this.ready.push(message);
      this.schedule();
    }, delay);
    this.delayed.add(timer);
  }

  private toRecord(message: QueuedMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'LOCAL',
        ApproximateFirstReceiveTimestamp: String(
          message.firstReceivedAt ?? Date.now()
        ),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: this.queueArn,
      awsRegion: this.region,
    };
  }

  private notifyIdle(): void {
    if (!this.idle && !this.closed) return;
    if (this.inFlight > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** A Lambda context good enough for handlers that log and read the name. */
function lambdaContext(functionName: string): Context {
  const requestId = randomUUID();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The embedded runtime's two ingest paths seen as one queue, as the CLI
 * sees them in AWS: messages go in on the text queue; a scan moves on to
 * the OCR queue (the text handler forwards it through `forward`, the local
 * twin of SQS SendMessage); `drain` waits for both; `failures` and
 * `redrive` cover both dead-letter stores, each letter going back to its
 * own queue, as an SQS redrive moves messages back to their source queue.
 *
 * `stats` counts a message once from its first queue to its end: one that
 * moved to the OCR queue is neither enqueued nor succeeded twice.
 */
export class IngestQueues {
  /** Messages the text path handed to the OCR queue. */
  private forwarded = 0;

  constructor(
    readonly text: Dispatcher,
    readonly ocr: Dispatcher
  ) {}

  /** Sends one message to the text queue (S3 event or reprocess request). */
  enqueue(body: string | object): string {
    return this.text.enqueue(body);
  }

  /** The text handler's OCR queue: the message body, unchanged. */
  forward(body: string): string {
    const id = this.ocr.enqueue(body);
    this.forwarded += 1;
    return id;
  }

  get idle(): boolean {
    return this.text.idle && this.ocr.idle;
  }

  get stats(): DispatcherStats {
    const t = this.text.stats;
    const o = this.ocr.stats;
    return {
      enqueued: t.enqueued + o.enqueued - this.forwarded,
      batches: t.batches + o.batches,
      deliveries: t.deliveries + o.deliveries,
      succeeded: t.succeeded + o.succeeded - this.forwarded,
      retried: t.retried + o.retried,
      deadLettered: t.deadLettered + o.deadLettered,
    };
  }

  /** Resolves once both queues are idle (a forward refills the OCR one). */
  async drain(): Promise<void> {
    while (!this.idle) {
      await this.text.drain();
      await this.ocr.drain();
    }
  }

  /** Both queues' dead letters, oldest first. */
  async failures(): Promise<DeadLetter[]> {
    const letters = [
      ...(await this.text.failures()),
      ...(await this.ocr.failures()),
    ];
    return letters.sort((a, b) =>
      a.deadLetteredAt < b.deadLetteredAt
        ? -1
        : a.deadLetteredAt > b.deadLetteredAt
          ? 1
          : 0
    );
  }

  /** Moves dead letters (these ids, or all) back onto their own queues. */
  async redrive(ids?: readonly string[]): Promise<string[]> {
    return [
      ...(await this.text.redrive(ids)),
      ...(await this.ocr.redrive(ids)),
    ];
  }

  /** Closes the text queue (its batches may still forward), then OCR's. */
  async close(): Promise<void> {
    await this.text.close();
    await this.ocr.close();
  }
}
