/**
 * (adapter) SQS batch → use case → partial batch response.
 *
 * The factory takes the adapters, so the Lambda entry (handler.ts), the
 * embedded runtime (local/) and tests run the same code with their own
 * clients. Errors are mapped here, in one place: transient and unknown
 * errors fail only their message (SQS retries it, then the DLQ takes it);
 * invalid messages are logged and acknowledged (retrying cannot fix them,
 * and there is no object to record); permanent object problems never reach
 * here: the use case turned them into failure records.
 *
 * Two paths run this same code (docs/ARCHITECTURE.md, "Two ingest paths"):
 * the text function, given an `ocrQueue` and no OCR engine, defers a scan
 * (`needs-ocr`, nothing stored) and forwards its message, body unchanged,
 * to the OCR queue; the OCR function, given an `ocr` engine, reads it.
 */
import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import type { OcrEngine } from '#shared/decode/ocr/port.ts';
import { TransientError } from '#shared/errors/index.ts';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import {
  type IngestOutcome,
  ingestObject,
} from '#shared/pipeline/ingest-object.ts';
import type {
  DocumentStore,
  IngestLimits,
  ObjectSource,
} from '#shared/pipeline/ports.ts';
import { removeObject } from '#shared/pipeline/remove-object.ts';
import { parseMessage, type Work } from './messages.ts';
import type { OcrQueue } from './ocr-queue.ts';

export interface IngestHandlerDeps {
  objects: ObjectSource;
  store: DocumentStore;
  clock?: () => Date;
  limits?: Partial<IngestLimits>;
  logger?: Logger;
  /** Function name for audit events (default: the Lambda's name or `ingest`). */
  agent?: string;
  /**
   * Reads scans (the OCR function). Without it and without `ocrQueue`,
   * images and image-only PDFs are stored as `needs-ocr` failures.
   */
  ocr?: OcrEngine;
  /**
   * The text function's hand-off: a message naming an object that needs
   * OCR is sent here, body unchanged, and acknowledged; nothing is stored
   * for that object on this path. Exclusive with `ocr`.
   */
  ocrQueue?: OcrQueue;
  /** Mean OCR confidence (0-100) under which `low-ocr-confidence` is added. */
  ocrMinConfidence?: number;
  /**
   * The only objects this function acts on: the raw bucket's upload
   * prefix (what its event source delivers). A message naming anything
   * else (a forged or misrouted event) is logged and acknowledged without
   * touching the store. Unset: every object (tests of the use cases).
   */
  accept?: { bucket: string; prefix: string };
}

export type IngestHandler = (
  event: SQSEvent,
  context?: Context
) => Promise<SQSBatchResponse>;

/**
 * Builds the ingest handler around its adapters.
 *
 * @example
 * const handler = makeHandler({ objects: new S3ObjectSource(s3, cfg), store });
 * const { batchItemFailures } = await handler(sqsEvent);
 */
export function makeHandler(deps: IngestHandlerDeps): IngestHandler {
  if (deps.ocr && deps.ocrQueue) {
    throw new Error(
      'makeHandler: give an OCR engine (the OCR path) or an OCR queue (the text path), not both'
    );
  }
  const deferOcr = deps.ocrQueue !== undefined;
  const logger = deps.logger ?? new Logger({ serviceName: 'ingest' });
  const clock = deps.clock ?? (() => new Date());
  const agent = deps.agent ?? 'ingest';
  const adapters = {
    objects: deps.objects,
    store: deps.store,
    clock,
    limits: deps.limits,
    agent,
    ocr: deps.ocr,
    ocrMinConfidence: deps.ocrMinConfidence,
  };

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const log = logger.createChild();
    log.appendKeys({ messageId: record.messageId });
    const sentMs = Number(record.attributes?.SentTimestamp);
    const sentAt = new Date(
      Number.isFinite(sentMs) ? sentMs : clock().getTime()
    ).toISOString();
    const parsed = parseMessage(record.body, sentAt);
    if (!parsed.ok) {
      log.error('invalid message acknowledged without processing', {
        error: parsed.error,
      });
      return;
    }
    const attempt = Number(record.attributes?.ApproximateReceiveCount) || 1;
    let needsOcr = false;
    for (const work of parsed.work) {
      if ((await runWork(work, attempt, log)) === 'needs-ocr') needsOcr = true;
    }
    if (needsOcr && deps.ocrQueue) {
      // the same body: the OCR path re-reads every object it names (what
      // this path stored is then a duplicate there, skipped)
      try {
        await deps.ocrQueue.forward(record.body);
      } catch (error) {
        log.warn(
          'could not forward to the OCR queue: message will be retried',
          {
            error,
          }
        );
        throw error;
      }
      log.info('forwarded to the OCR queue', { outcome: 'needs-ocr' });
    }
  };

  /** Runs one work item; says `needs-ocr` when the text path deferred it. */
  const runWork = async (
    work: Work,
    attempt: number,
    log: Logger
  ): Promise<'needs-ocr' | undefined> => {
    if (work.kind === 'test-event') {
      log.info('s3:TestEvent acknowledged', { bucket: work.bucket });
      return;
    }
    if (work.kind === 'ignored') {
      log.info('S3 event type not handled, acknowledged', {
        eventName: work.eventName,
        key: work.key,
      });
      return;
    }
    const { bucket, key } = work.ref;
    const { accept } = deps;
    if (
      accept &&
      (bucket !== accept.bucket || !key.startsWith(accept.prefix))
    ) {
      log.error(
        'message names an object outside the upload prefix: acknowledged without processing',
        { bucket, key, accepted: `s3://${accept.bucket}/${accept.prefix}` }
      );
      return;
    }
    log.appendKeys({ bucket, key, documentId: documentIdFor(bucket, key) });
    try {
      if (work.kind === 'remove') {
        const result = await removeObject(work.ref, adapters);
        log.info('object removed', { outcome: result.outcome });
        return;
      }
      const result = await ingestObject(work.ref, adapters, {
        ...work.options,
        attempt,
        ...(deferOcr ? { deferOcr: true } : {}),
      });
      if (result.outcome === 'needs-ocr') return 'needs-ocr';
      logOutcome(log, result);
    } catch (error) {
      if (error instanceof TransientError) {
        log.warn('transient error: message will be retried', { error });
      } else {
        log.error('unexpected error: message will be retried', { error });
      }
      throw error;
    }
  };

  return async (event, context) => {
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, handleRecord, processor, {
      ...(context ? { context } : {}),
      throwOnFullBatchFailure: false,
    });
  };
}

function logOutcome(log: Logger, result: IngestOutcome): void {
  switch (result.outcome) {
    case 'stored':
      if (result.status === 'ok') {
        log.info('record stored', {
          outcome: result.outcome,
          duplicateOf: result.duplicateOf,
          capped: result.capped,
        });
      } else if (result.error !== undefined) {
        // a decoder or the extractor threw: a defect, logged with its stack
        log.error('failure record stored: processing threw', {
          outcome: result.outcome,
          reason: result.reason,
          message: result.message,
          error: result.error,
        });
      } else {
        log.warn('failure record stored', {
          outcome: result.outcome,
          reason: result.reason,
          message: result.message,
        });
      }
      return;
    case 'stale':
      log.info('stale event dropped: a newer one was already applied', {
        outcome: result.outcome,
        sequencer: result.sequencer,
        storedSequencer: result.stored,
      });
      return;
    case 'not-found':
      log.warn('object no longer exists; nothing recorded', {
        outcome: result.outcome,
      });
      return;
    default:
      log.info(`event skipped (${result.outcome})`, {
        outcome: result.outcome,
      });
  }
}
