/**
 * Deployment settings that are decisions, not plumbing: one place to read
 * (and change) the numbers docs/ARCHITECTURE.md justifies.
 */
import { Duration } from 'aws-cdk-lib';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { PREFIXES } from '#shared/config/env.ts';

/** Deployment stage, from `-c stage=<name>`; `dev` when unset. */
export type Stage = string;

/** Prefix of the project's physical names (`<prefix>-<what>-<stage>`). */
export const PROJECT = 'archive-ingest';

/** Object keys under this prefix of the raw bucket trigger ingestion. */
export const UPLOAD_PREFIX = PREFIXES.upload;

/** Full decoded text lives under this prefix of the derived bucket. */
export const DERIVED_PREFIX = PREFIXES.derivedText;

/** Largest raw object the ingest function reads (bytes). */
export const MAX_OBJECT_BYTES = 25 * 1024 * 1024;

/**
 * What every ingest path's queue and function are sized by: the same queue
 * design for both (a dead-letter queue after `maxReceiveCount` receives, a
 * visibility timeout of `visibilityTimeoutFactor` × the timeout plus the
 * batching window, partial batch responses).
 */
export interface IngestSizing {
  readonly architecture: Architecture;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Records per invocation (SQS event source BatchSize). */
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
  /** Concurrent Lambda pollers the SQS event source may use. */
  readonly maxConcurrency: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  /** AWS guidance: at least 6x the function timeout (plus the window). */
  readonly visibilityTimeoutFactor: number;
  /** DLQ messages are kept the SQS maximum, 14 days, for inspection. */
  readonly dlqRetention: Duration;
}

/**
 * The text path: plain text, HTML and PDFs with a text layer, on arm64
 * (about 20% cheaper per GB-second than x86_64; no native binary ships
 * with it). Scans are only sniffed here and forwarded to the OCR path
 * (docs/ARCHITECTURE.md, "Ingest sizing").
 *
 * Memory, 1024 MB (0.58 vCPU), measured: a batch of ten corpus pages peaks
 * about 10 MB over the runtime's own, but the limit is `MAX_OBJECT_BYTES`
 * (25 MB) an object, and a batch of ten 25 MB text objects took about
 * 470 MB over the baseline (bytes, decoded text and extraction; peak RSS,
 * `--expose-gc`, records in parallel as the handler runs them), which 512 MB
 * cannot hold. Extraction is single-threaded CPU work, so its GB-seconds
 * are about the same at any size up to one vCPU (1,769 MB): the smaller
 * size would save only on the I/O waits and risk an out-of-memory batch
 * that is retried whole into the DLQ.
 *
 * Batches of 10: one invocation per ten pages (the OCR path's 3 would
 * triple the invocations); a larger batch, which the batching window
 * allows, would push the worst batch's memory past this size. Timeout
 * 60 s: the worst batch measured (ten 25 MB texts) took about 11 s at one
 * core here, about 20 s at 0.58 vCPU. Up to 10 concurrent batches: text
 * pages are short work, and the table is on demand.
 */
export const INGEST_TEXT: IngestSizing = {
  architecture: Architecture.ARM_64,
  memorySize: 1024,
  timeout: Duration.seconds(60),
  batchSize: 10,
  maxBatchingWindow: Duration.seconds(5),
  maxConcurrency: 10,
  maxReceiveCount: 5,
  visibilityTimeoutFactor: 6,
  dlqRetention: Duration.days(14),
};

/**
 * The OCR path, sized for scans. x86_64, because the only canvas binary
 * installed offline is linux-x64 (docs/ARCHITECTURE.md, "OCR in AWS").
 * OCR is single-threaded and CPU-bound: 2048 MB buys one full vCPU
 * (1,769 MB) and room for a batch in flight. The records of a batch are
 * processed in parallel through ONE OCR worker, so they all finish near
 * the end: a batch that outlives the timeout stores nothing and would be
 * retried whole, forever. The timeout therefore covers the worst batch
 * (every object an image-only PDF at the 50-page cap) with margin; a test
 * checks `batchSize × ocrMaxPages × ocrSecondsPerPage +
 * ocrWorkerStartSeconds` stays under it. The queue's visibility timeout is
 * derived from it.
 */
export const INGEST_OCR = {
  architecture: Architecture.X86_64,
  memorySize: 2048,
  timeout: Duration.seconds(300),
  batchSize: 3,
  /**
   * Slowest OCR page measured at one core (docs/OCR.md; STACK.md: 1.6 s
   * for a dense A4 page at 300 dpi), for the worst-batch check.
   */
  ocrSecondsPerPage: 1.6,
  /** tesseract.js worker start and model load, once per container. */
  ocrWorkerStartSeconds: 1,
  maxBatchingWindow: Duration.seconds(5),
  maxConcurrency: 5,
  maxReceiveCount: 5,
  visibilityTimeoutFactor: 6,
  dlqRetention: Duration.days(14),
} as const satisfies IngestSizing & Record<string, unknown>;

/** Query function and HTTP API sizing. */
export const QUERY = {
  memorySize: 512,
  timeout: Duration.seconds(10),
  /** Steady-state requests per second across all routes of the stage. */
  throttleRateLimit: 20,
  /** Burst bucket for the stage. */
  throttleBurstLimit: 40,
  /**
   * Reserved concurrency: a flood of queries (the API's burst, a runaway
   * client) can hold at most this many executions, so it neither starves
   * the ingest function of the account's concurrency nor runs up cost
   * without bound. 20 rps at ~100-300 ms needs 2-6; 10 leaves headroom.
   * Override with `-c queryReservedConcurrency=N` (an account whose limit
   * is 10, as some new ones are, cannot reserve any: AWS keeps 10
   * unreserved; pass 0 there to reserve none).
   */
  reservedConcurrency: 10,
} as const;

/** The query function's reserved concurrency, from context or `QUERY`; 0: none. */
export function readQueryConcurrency(scope: Construct): number {
  const raw: unknown =
    scope.node.tryGetContext('queryReservedConcurrency') ??
    QUERY.reservedConcurrency;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1000) {
    throw new Error(
      `Invalid context "queryReservedConcurrency": ${JSON.stringify(raw)}; ` +
        'expected an integer from 0 (none reserved) to 1000'
    );
  }
  return n;
}

/** CloudWatch Logs retention for function and API logs. */
export const LOG_RETENTION_DAYS = { dev: 7, other: 90 } as const;

/** Reads the stage from context, rejecting names unfit for AWS names. */
export function readStage(scope: Construct): Stage {
  const raw: unknown = scope.node.tryGetContext('stage') ?? 'dev';
  if (typeof raw !== 'string' || !/^[a-z][a-z0-9-]{0,15}$/.test(raw)) {
    throw new Error(
      `Invalid context "stage": ${JSON.stringify(raw)}; expected 1-16 ` +
        'lowercase letters, digits or hyphens starting with a letter ' +
        '(e.g. -c stage=prod)'
    );
  }
  return raw;
}

/** Dev stacks are disposable; every other stage keeps its data. */
export function isDisposable(stage: Stage): boolean {
  return stage === 'dev';
}

/** `<project>-<what>-<stage>`: physical names carry the stage. */
export function physicalName(what: string, stage: Stage): string {
  return `${PROJECT}-${what}-${stage}`;
}
