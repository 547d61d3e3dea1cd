/**
 * Use case: one S3 object becomes exactly one record.
 *
 * Primary course:
 * 1. read what the store holds for the document (drop stale or duplicate events)
 * 2. fetch the object and its metadata; SHA-256 (fixity); claim the hash
 * 3. decode bytes → text (scans through the OCR engine, when one is given)
 * 4. extract text → fields
 * 5. store the full text in the derived location; bound and validate the record
 * 6. re-apply the corrections people made (docs/REVIEW.md)
 * 7. commit: audit and index items, then the record item (conditional)
 *
 * Permanent problems (undecodable, too large, invalid) become a failure
 * record in the same record item. Transient ones are thrown as
 * `TransientError` so only that message is retried. Adapters come in as
 * arguments; no SDK here.
 */
import { createHash } from 'node:crypto';
import {
  applyCorrections,
  type Correction,
  countStatuses,
  reapplyReport,
} from '#shared/corrections/index.ts';
import { decode } from '#shared/decode/index.ts';
import { DEFAULT_OCR_MIN_CONFIDENCE } from '#shared/decode/ocr/defaults.ts';
import type { OcrEngine } from '#shared/decode/ocr/port.ts';
import { TransientError } from '#shared/errors/index.ts';
import {
  emptyExtraction,
  extract,
  PARSER_VERSION,
} from '#shared/extract/index.ts';
import {
  type DocumentRecord,
  DocumentRecordSchema,
  type Extraction,
  type FailureReason,
  type SourceRef,
} from '#shared/schema/record.ts';
import {
  boundRecord,
  EXCERPT_BYTES,
  jsonBytes,
  RECORD_BUDGET_BYTES,
  truncateUtf8,
} from './bound-record.ts';
import { classifyError, retryable } from './classify-error.ts';
import {
  documentIdFor,
  isOlderSequencer,
  normalizeSequencer,
  processingKeyFor,
} from './identity.ts';
import {
  type AuditEvent,
  DEFAULT_LIMITS,
  type DocumentStore,
  type FetchedObject,
  type IngestLimits,
  type ObjectSource,
  type RecordState,
} from './ports.ts';

/** What an event says about an object (decoded key, not URL-encoded). */
export interface IngestRef {
  bucket: string;
  key: string;
  versionId?: string | null;
  etag?: string | null;
  sequencer?: string | null;
  size?: number | null;
  /** When the change happened (S3 eventTime, or the reprocess request time). */
  eventTime?: string;
}

export interface IngestAdapters {
  objects: ObjectSource;
  store: DocumentStore;
  clock: () => Date;
  limits?: Partial<IngestLimits>;
  /** Function name recorded as the audit events' agent. */
  agent?: string;
  /** Reads scans; without it images and image-only PDFs fail as `needs-ocr`. */
  ocr?: OcrEngine;
  /** Mean OCR confidence (0-100) under which `low-ocr-confidence` is added. */
  ocrMinConfidence?: number;
  /** The extractor (default: shared/extract's; tests pass another to see re-extraction). */
  extract?: (text: string) => Extraction;
}

export interface IngestOptions {
  /** Re-run even when the same version was processed by the same parser. */
  force?: boolean;
  /**
   * A reprocess request rather than an S3 event: without a versionId it
   * re-reads the version the stored record came from, and a vanished
   * object leaves the stored record in place.
   */
  reprocess?: boolean;
  /** Delivery attempt (SQS ApproximateReceiveCount), kept on failures. */
  attempt?: number;
  /**
   * The text path (no OCR engine in its bundle): an object that needs OCR
   * (an image, an image-only PDF) is not failed as `needs-ocr` but handed
   * back as the `needs-ocr` outcome, with nothing stored, so the caller
   * forwards the message to the OCR path.
   */
  deferOcr?: boolean;
}

export type IngestOutcome =
  | {
      outcome: 'stored';
      id: string;
      status: 'ok' | 'failed';
      reason: FailureReason | null;
      /** The failure record's message (null for an ok record). */
      message: string | null;
      /** What was thrown, when a decoder or the extractor threw (to log). */
      error?: unknown;
      duplicateOf: string | null;
      capped: string[];
      /** The record's corrections after re-extraction, by status (when it has any). */
      corrections?: Record<Correction['status'], number>;
    }
  /** Same version, same parser: nothing to do. */
  | { outcome: 'duplicate'; id: string }
  /** An older event than the one already applied (S3 sequencer). */
  | { outcome: 'stale'; id: string; sequencer: string; stored: string }
  /** The object is gone; nothing new to record. */
  | { outcome: 'not-found'; id: string }
  /** A concurrent run for a newer event won. */
  | { outcome: 'superseded'; id: string }
  /** `deferOcr` was set and the object needs OCR: nothing stored. */
  | { outcome: 'needs-ocr'; id: string };

const DEFAULT_AGENT = 'ingest';

/** S3 returns ETags quoted in headers and unquoted in events. */
export function normalizeEtag(etag: string | null | undefined): string | null {
  return etag ? etag.replace(/^"|"$/g, '') : null;
}

/** `s3://bucket/key`, with `?versionId=` when the version is known. */
export function s3Uri(bucket: string, key: string, versionId?: string | null) {
  const base = `s3://${bucket}/${key}`;
  return versionId
    ? `${base}?versionId=${encodeURIComponent(versionId)}`
    : base;
}

/**
 * Processes one object: the ingest use case. Returns what happened; throws
 * `TransientError` for faults worth retrying and rethrows unknown errors
 * (the handler fails the message either way, and SQS's redrive policy ends
 * in the DLQ, so nothing is lost).
 *
 * @param ref - the object, as the event describes it
 * @param adapters - object source, document store, clock, limits
 * @param options - force / reprocess / delivery attempt
 */
export async function ingestObject(
  ref: IngestRef,
  adapters: IngestAdapters,
  options: IngestOptions = {}
): Promise<IngestOutcome> {
  const { objects, store, clock } = adapters;
  const limits = { ...DEFAULT_LIMITS, ...adapters.limits };
  const agent = adapters.agent ?? DEFAULT_AGENT;
  const id = documentIdFor(ref.bucket, ref.key);
  const eventTime = ref.eventTime ?? clock().toISOString();
  const sequencer = normalizeSequencer(ref.sequencer);

  // 1. what is stored decides whether this event still matters
  const state = await retryable('read record state', () => store.getState(id));
  if (state && isOlderSequencer(sequencer, state.sequencer)) {
    return {
      outcome: 'stale',
      id,
      sequencer: sequencer ?? '',
      stored: state.sequencer ?? '',
    };
  }
  const eventVersion = {
    versionId: ref.versionId ?? null,
    etag: normalizeEtag(ref.etag),
  };
  if (
    state &&
    !options.force &&
    (eventVersion.versionId || eventVersion.etag) &&
    processingKeyFor(ref, eventVersion, PARSER_VERSION) === state.processingKey
  ) {
    await retryable('finish clean-up', () => store.finishPendingCleanup(id));
    return { outcome: 'duplicate', id };
  }

  // 2. fetch + fixity
  const versionId =
    ref.versionId ??
    (options.reprocess ? (state?.record.source.versionId ?? null) : null);
  let fetched: FetchedObject;
  try {
    fetched = await retryable('fetch object', () =>
      objects.getObject(
        { bucket: ref.bucket, key: ref.key, versionId },
        { maxBytes: limits.maxBytes }
      )
    );
  } catch (error) {
    // a vanished object has nothing to record; a stored record stays as it is
    if (classifyError(error) === 'not-found')
      return { outcome: 'not-found', id };
    throw error;
  }
  const meta = {
    ...fetched.metadata,
    etag: normalizeEtag(fetched.metadata.etag),
  };
  const processingKey = processingKeyFor(ref, meta, PARSER_VERSION);
  if (state && !options.force && processingKey === state.processingKey) {
    await retryable('finish clean-up', () => store.finishPendingCleanup(id));
    return { outcome: 'duplicate', id };
  }
  // bytes that are not the ones the uploader hashed were cut short (a full
  // disk under the local S3) or changed in place: recorded, a truncated
  // upload would pass for an `empty` one. Nothing is recorded; retries
  // re-read the object (a new upload replaces it), then the dead-letter
  // queue keeps the message with this reason.
  const declared = fetched.metadata.declaredSha256;
  if (declared && fetched.bytes !== null && declared !== fetched.sha256) {
    throw new TransientError(
      `s3://${ref.bucket}/${ref.key}: the stored object (${meta.size} bytes, SHA-256 ${fetched.sha256}) is not what was uploaded (SHA-256 ${declared}): the write was cut short or the object changed; upload the file again`
    );
  }
  const runId = createHash('sha256')
    .update(`${processingKey}|${eventTime}`)
    .digest('hex')
    .slice(0, 8);

  const events: AuditEvent[] = [];
  const step = (
    type: string,
    outcome: AuditEvent['outcome'],
    detail: Record<string, unknown>
  ): AuditEvent => {
    const event = {
      type,
      at: clock().toISOString(),
      agent,
      parserVersion: PARSER_VERSION,
      outcome,
      detail,
    };
    events.push(event);
    return event;
  };
  step('received', 'ok', {
    processingKey,
    sequencer,
    eventTime,
    force: options.force ?? false,
    reprocess: options.reprocess ?? false,
  });

  const source: SourceRef = {
    bucket: ref.bucket,
    key: ref.key,
    versionId: meta.versionId,
    etag: meta.etag,
    uri: s3Uri(ref.bucket, ref.key, meta.versionId),
    sha256: fetched.sha256,
    size: meta.size,
    contentType: meta.contentType,
  };
  const owner =
    meta.size > 0
      ? await retryable('claim content hash', () =>
          store.claimContentHash(fetched.sha256, id)
        )
      : id;
  const duplicateOf = owner === id ? null : owner;
  step('fixity', 'ok', {
    algorithm: 'SHA-256',
    sha256: fetched.sha256,
    size: meta.size,
    duplicateOf,
  });

  // the error behind a failure record (a decoder's or extractor's throw),
  // handed to the caller to log with its stack
  let failureError: unknown;
  const commit = async (
    record: DocumentRecord,
    capped: string[],
    corrections?: Correction[]
  ): Promise<IngestOutcome> => {
    const finalEvent: AuditEvent = {
      type: record.status === 'ok' ? 'stored' : 'failed',
      at: clock().toISOString(),
      agent,
      parserVersion: PARSER_VERSION,
      outcome: record.status === 'ok' ? 'ok' : 'failed',
      detail:
        record.status === 'ok'
          ? { documentType: record.documentType, capped }
          : { ...record.failure },
    };
    const result = await retryable('commit record', () =>
      store.commit({
        record,
        processingKey,
        sequencer: sequencer ?? state?.sequencer ?? null,
        previous: state,
        eventTime,
        runId,
        events,
        finalEvent,
        ...(corrections ? { corrections } : {}),
      })
    );
    if (result.committed) {
      return {
        outcome: 'stored',
        id,
        status: record.status,
        reason: record.failure?.reason ?? null,
        message: record.failure?.message ?? null,
        ...(failureError === undefined ? {} : { error: failureError }),
        duplicateOf: record.duplicateOf,
        capped,
        ...(corrections ? { corrections: countStatuses(corrections) } : {}),
      };
    }
    const race = raceOutcome(id, processingKey, sequencer, result.current);
    if (race.outcome === 'duplicate') {
      // our own earlier attempt committed (its response was lost), or a
      // concurrent duplicate did: finish what it may have left undone
      await retryable('finish clean-up', () => store.finishPendingCleanup(id));
    }
    return race;
  };

  const fail = (reason: FailureReason, message: string, error?: unknown) => {
    step(reasonStep(reason), 'failed', { reason, message });
    failureError = error;
    const record: DocumentRecord = {
      ...emptyExtraction(),
      id,
      status: 'failed',
      parserVersion: PARSER_VERSION,
      source,
      text: null,
      processedAt: clock().toISOString(),
      duplicateOf,
      failure: { reason, message, attempts: options.attempt ?? 1 },
      ocr: null,
    };
    return commit(DocumentRecordSchema.parse(record), []);
  };

  if (fetched.bytes === null) {
    return fail(
      'too-large',
      `s3://${ref.bucket}/${ref.key} is ${meta.size} bytes, over the limit of ${limits.maxBytes}`
    );
  }

  // 3. decode
  // decode is pure: a throw is a decoder defect on these bytes, which a
  // retry would only repeat
  let decoded: Awaited<ReturnType<typeof decode>>;
  try {
    decoded = await decode(fetched.bytes, {
      maxBytes: limits.maxBytes,
      contentType: meta.contentType ?? undefined,
      key: ref.key,
      ...(adapters.ocr ? { ocr: adapters.ocr } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail('decode-error', `decode failed: ${message}`, error);
  }
  if (!decoded.ok) return fail(decoded.reason, decoded.message);
  const ocr = decoded.ocr ?? null;
  step('decoded', 'ok', {
    format: decoded.format,
    encoding: decoded.encoding,
    length: decoded.text.length,
    ...(ocr ? { ocr } : {}),
  });

  // 4. extract (pure: a throw is a rule's defect, which a retry would only
  // repeat; the page becomes an `extract-error` failure record, never an ok
  // record with empty fields)
  let extraction: Extraction;
  try {
    extraction = (adapters.extract ?? extract)(decoded.text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail('extract-error', message, error);
  }
  // a scan read with low confidence says so (its words are all kept)
  if (
    ocr &&
    ocr.meanConfidence <
      (adapters.ocrMinConfidence ?? DEFAULT_OCR_MIN_CONFIDENCE) &&
    !extraction.warnings.includes('low-ocr-confidence')
  ) {
    extraction = {
      ...extraction,
      warnings: [...extraction.warnings, 'low-ocr-confidence'],
    };
  }
  step('extracted', 'ok', {
    documentType: extraction.documentType,
    warnings: extraction.warnings,
  });

  // 5. full text out of the item, bounded record, schema check
  const textUri = await retryable('store derived text', () =>
    objects.putDerivedText(id, fetched.sha256, decoded.text)
  );
  const candidate: DocumentRecord = {
    ...extraction,
    id,
    status: 'ok',
    parserVersion: PARSER_VERSION,
    source,
    text: {
      excerpt: truncateUtf8(decoded.text, EXCERPT_BYTES),
      length: decoded.text.length,
      uri: textUri,
      format: decoded.format,
      encoding: decoded.encoding ?? null,
    },
    processedAt: clock().toISOString(),
    duplicateOf,
    failure: null,
    ocr,
  };
  const bounded = boundRecord(candidate);
  const parsed = DocumentRecordSchema.safeParse(bounded.record);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    return fail('validation-error', `record failed validation: ${issues}`);
  }
  if (jsonBytes(parsed.data) > RECORD_BUDGET_BYTES) {
    return fail(
      'validation-error',
      `record stays over ${RECORD_BUDGET_BYTES} bytes after capping`
    );
  }
  step('validated', 'ok', {
    warnings: parsed.data.warnings,
    capped: bounded.capped,
  });

  // 6. the corrections people made, re-applied to the new extraction (and
  // its text: spans are checked again): applied, absorbed or in conflict
  const made = state?.corrections ?? [];
  let corrections: Correction[] | undefined;
  if (made.length > 0) {
    corrections = applyCorrections(parsed.data, made, {
      text: decoded.text,
    }).corrections;
    step('corrections-reapplied', 'ok', reapplyReport(corrections));
  }

  // 7. commit
  return commit(parsed.data, bounded.capped, corrections);
}

/** The audit step a failure reason belongs to. */
function reasonStep(reason: FailureReason): string {
  switch (reason) {
    case 'extract-error':
      return 'extracted';
    case 'validation-error':
      return 'validated';
    case 'too-large':
      return 'fixity';
    default:
      return 'decoded';
  }
}

/** Interprets a lost commit race. */
function raceOutcome(
  id: string,
  processingKey: string,
  sequencer: string | null,
  current: RecordState | null
): IngestOutcome {
  if (current?.processingKey === processingKey) {
    return { outcome: 'duplicate', id };
  }
  if (current && isOlderSequencer(sequencer, current.sequencer)) {
    return { outcome: 'superseded', id };
  }
  // someone changed the record under us for an event that is not newer:
  // retrying re-reads the state and decides again
  throw new TransientError(
    `record ${id} changed during processing; retry to re-evaluate`
  );
}
