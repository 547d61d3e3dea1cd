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

export interface IngestHandlerDeps {
  objects: ObjectSource;
  store: DocumentStore;
  clock?: () => Date;
  limits?: Partial<IngestLimits>;
  logger?: Logger;
  /** Function name for audit events (default: the Lambda's name or `ingest`). */
  agent?: string;
  /** Reads scans; without it images and image-only PDFs fail as `needs-ocr`. */
  ocr?: OcrEngine;
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
    for (const work of parsed.work) {
      await runWork(work, attempt, log);
    }
  };

  const runWork = async (work: Work, attempt: number, log: Logger) => {
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
      });
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
