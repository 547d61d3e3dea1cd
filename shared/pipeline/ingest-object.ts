/**
 * Use case: one S3 object becomes exactly one record.
 *
 * Primary course, one function a step:
 * 1. `readState`, `settledByState`: what the store holds for the document
 *    drops a stale event (older S3 sequencer) or a duplicate (the same
 *    version, already processed by this parser)
 * 2. `fetchVerified`: the object and its metadata, its SHA-256 (fixity)
 *    checked against what the uploader declared
 * 3. `decodeBytes`: bytes → text (scans through the OCR engine, when one
 *    is given; with `deferOcr` a scan ends here as the `needs-ocr` outcome,
 *    nothing written); `beginRecord`: the audit trail starts and the
 *    content hash is claimed
 * 4. `extractFields`: text → fields
 * 5. `storeText`: the full text out of the item: the source object itself
 *    when decoding left its bytes as they were (a UTF-8 text), else a
 *    derived copy; `boundAndValidate`: capped to the item, schema-checked
 * 6. `reapplyCorrections`: the corrections people made (docs/REVIEW.md)
 * 7. `commitRecord`: audit and index items, then the record item
 *    (conditional on the state read in step 1)
 *
 * Permanent problems (undecodable, too large, invalid) become a failure
 * record in the same record item (`commitFailure`). Transient ones are
 * thrown as `TransientError` so only that message is retried. Adapters come
 * in as arguments; no SDK here.
 */
import { createHash } from 'node:crypto';
import {
  applyCorrections,
  type Correction,
  countStatuses,
  reapplyReport,
} from '#shared/corrections/index.ts';
import {
  type DecodeResult,
  decode,
  isVerbatimUtf8,
} from '#shared/decode/index.ts';
import { DEFAULT_OCR_MIN_CONFIDENCE } from '#shared/decode/ocr/defaults.ts';
import type { OcrEngine, OcrInfo } from '#shared/decode/ocr/port.ts';
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
  type ObjectMetadata,
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
 * Processes one object: the ingest use case, as the steps the module doc
 * lists. Returns what happened; throws `TransientError` for faults worth
 * retrying and rethrows unknown errors (the handler fails the message
 * either way, and SQS's redrive policy ends in the DLQ, so nothing is lost).
 *
 * @param ref - the object, as the event describes it
 * @param adapters - object source, document store, clock, limits
 * @param options - force / reprocess / delivery attempt / deferOcr
 */
export async function ingestObject(
  ref: IngestRef,
  adapters: IngestAdapters,
  options: IngestOptions = {}
): Promise<IngestOutcome> {
  const run = startRun(ref, adapters, options);
  // 1. read state
  const state = await readState(run);
  const settled = await settledByState(run, state);
  if (settled) return settled;
  // 2. fetch and fixity
  const fetched = await fetchVerified(run, state);
  if ('outcome' in fetched) return fetched;
  // 3. decode (a scan the text path cannot read goes to the OCR path)
  const decoded = await decodeBytes(run, fetched);
  if (
    options.deferOcr &&
    decoded?.ok === false &&
    decoded.reason === 'needs-ocr'
  ) {
    return { outcome: 'needs-ocr', id: run.id };
  }
  const p = await beginRecord(run, state, fetched);
  if (decoded === null) {
    return commitFailure(p, {
      reason: 'too-large',
      message: `s3://${ref.bucket}/${ref.key} is ${p.source.size} bytes, over the limit of ${run.limits.maxBytes}`,
    });
  }
  if (!decoded.ok) return commitFailure(p, decoded);
  const ocr = decoded.ocr ?? null;
  p.audit.step('decoded', 'ok', {
    format: decoded.format,
    encoding: decoded.encoding,
    length: decoded.text.length,
    ...(ocr ? { ocr } : {}),
  });
  // 4. extract
  const extraction = extractFields(p, decoded.text, ocr);
  if (isFailure(extraction)) return commitFailure(p, extraction);
  // 5. store text, bound and validate
  const text = await storeText(p, fetched.bytes!, decoded);
  const record = boundAndValidate(p, extraction, text, ocr);
  if (isFailure(record)) return commitFailure(p, record);
  // 6. re-apply corrections
  const corrections = reapplyCorrections(p, record.record, decoded.text);
  // 7. commit
  return commitRecord(p, record.record, record.capped, { corrections });
}

/** What every step of one run reads: the event, the adapters, the limits. */
interface Run {
  ref: IngestRef;
  adapters: IngestAdapters;
  options: IngestOptions;
  id: string;
  limits: IngestLimits;
  eventTime: string;
  sequencer: string | null;
}

/** A run past fixity: the object it records and the audit steps so far. */
interface RecordRun extends Run {
  state: RecordState | null;
  processingKey: string;
  runId: string;
  source: SourceRef;
  duplicateOf: string | null;
  audit: AuditLog;
}

/** A permanent problem that becomes a failure record. */
interface Failure {
  failed: true;
  reason: FailureReason;
  message: string;
  error?: unknown;
}

function isFailure(value: object): value is Failure {
  return 'failed' in value && value.failed === true;
}

function startRun(
  ref: IngestRef,
  adapters: IngestAdapters,
  options: IngestOptions
): Run {
  return {
    ref,
    adapters,
    options,
    id: documentIdFor(ref.bucket, ref.key),
    limits: { ...DEFAULT_LIMITS, ...adapters.limits },
    eventTime: ref.eventTime ?? adapters.clock().toISOString(),
    sequencer: normalizeSequencer(ref.sequencer),
  };
}

/** Step 1: what the store holds for the document. */
function readState(run: Run): Promise<RecordState | null> {
  return retryable('read record state', () =>
    run.adapters.store.getState(run.id)
  );
}

/**
 * Step 1, decided: an event older than the stored one is stale; the version
 * the stored record was made from, by this parser, is a duplicate (unless
 * forced). Null: the event still matters.
 */
async function settledByState(
  run: Run,
  state: RecordState | null
): Promise<IngestOutcome | null> {
  if (!state) return null;
  const { ref, id, sequencer } = run;
  if (isOlderSequencer(sequencer, state.sequencer)) {
    return {
      outcome: 'stale',
      id,
      sequencer: sequencer ?? '',
      stored: state.sequencer ?? '',
    };
  }
  const version = {
    versionId: ref.versionId ?? null,
    etag: normalizeEtag(ref.etag),
  };
  const known = Boolean(version.versionId || version.etag);
  if (
    !run.options.force &&
    known &&
    processingKeyFor(ref, version, PARSER_VERSION) === state.processingKey
  ) {
    return duplicate(run);
  }
  return null;
}

/** A run that finds its work done: finishes what a lost commit left. */
async function duplicate(run: Run): Promise<IngestOutcome> {
  await retryable('finish clean-up', () =>
    run.adapters.store.finishPendingCleanup(run.id)
  );
  return { outcome: 'duplicate', id: run.id };
}

/** A fetched object with its normalized metadata and processing key. */
interface Verified extends FetchedObject {
  metadata: ObjectMetadata;
  processingKey: string;
}

/**
 * Step 2: fetches the object (the stored record's version on a reprocess
 * without one), checks it against what the uploader hashed, and drops it
 * when the fetched version was already processed.
 */
async function fetchVerified(
  run: Run,
  state: RecordState | null
): Promise<Verified | IngestOutcome> {
  const { ref, options, limits } = run;
  const versionId =
    ref.versionId ??
    (options.reprocess ? (state?.record.source.versionId ?? null) : null);
  let fetched: FetchedObject;
  try {
    fetched = await retryable('fetch object', () =>
      run.adapters.objects.getObject(
        { bucket: ref.bucket, key: ref.key, versionId },
        { maxBytes: limits.maxBytes }
      )
    );
  } catch (error) {
    // a vanished object has nothing to record; a stored record stays as it is
    if (classifyError(error) === 'not-found') {
      return { outcome: 'not-found', id: run.id };
    }
    throw error;
  }
  const metadata = {
    ...fetched.metadata,
    etag: normalizeEtag(fetched.metadata.etag),
  };
  const processingKey = processingKeyFor(ref, metadata, PARSER_VERSION);
  if (state && !options.force && processingKey === state.processingKey) {
    return duplicate(run);
  }
  // bytes that are not the ones the uploader hashed were cut short (a full
  // disk under the local S3) or changed in place: recorded, a truncated
  // upload would pass for an `empty` one. Nothing is recorded; retries
  // re-read the object (a new upload replaces it), then the dead-letter
  // queue keeps the message with this reason.
  const declared = fetched.metadata.declaredSha256;
  if (declared && fetched.bytes !== null && declared !== fetched.sha256) {
    throw new TransientError(
      `s3://${ref.bucket}/${ref.key}: the stored object (${metadata.size} bytes, SHA-256 ${fetched.sha256}) is not what was uploaded (SHA-256 ${declared}): the write was cut short or the object changed; upload the file again`
    );
  }
  return { ...fetched, metadata, processingKey };
}

type Decoded =
  | Extract<DecodeResult, { ok: true }>
  | (Extract<DecodeResult, { ok: false }> & { error?: unknown });

/**
 * Step 3: bytes → text. Null when the object was over the size limit (no
 * bytes were kept). Decode is pure: a throw is a decoder defect on these
 * bytes, which a retry would only repeat, so it becomes a `decode-error`.
 */
async function decodeBytes(
  run: Run,
  fetched: Verified
): Promise<Decoded | null> {
  if (fetched.bytes === null) return null;
  const { ocr } = run.adapters;
  try {
    return await decode(fetched.bytes, {
      maxBytes: run.limits.maxBytes,
      contentType: fetched.metadata.contentType ?? undefined,
      key: run.ref.key,
      ...(ocr ? { ocr } : {}),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      reason: 'decode-error',
      message: `decode failed: ${message}`,
      error,
    };
  }
}

/**
 * Step 3, once the object is to be recorded: the audit trail starts
 * (`received`, `fixity`) and the content hash is claimed, so bytes first
 * seen under another key are recorded as a duplicate of it.
 */
async function beginRecord(
  run: Run,
  state: RecordState | null,
  fetched: Verified
): Promise<RecordRun> {
  const { ref, options, adapters, id } = run;
  const { metadata: meta, processingKey, sha256 } = fetched;
  const audit = new AuditLog(adapters.clock, adapters.agent ?? DEFAULT_AGENT);
  audit.step('received', 'ok', {
    processingKey,
    sequencer: run.sequencer,
    eventTime: run.eventTime,
    force: options.force ?? false,
    reprocess: options.reprocess ?? false,
  });
  const owner =
    meta.size > 0
      ? await retryable('claim content hash', () =>
          adapters.store.claimContentHash(sha256, id)
        )
      : id;
  const duplicateOf = owner === id ? null : owner;
  audit.step('fixity', 'ok', {
    algorithm: 'SHA-256',
    sha256,
    size: meta.size,
    duplicateOf,
  });
  return {
    ...run,
    state,
    processingKey,
    runId: createHash('sha256')
      .update(`${processingKey}|${run.eventTime}`)
      .digest('hex')
      .slice(0, 8),
    source: {
      bucket: ref.bucket,
      key: ref.key,
      versionId: meta.versionId,
      etag: meta.etag,
      uri: s3Uri(ref.bucket, ref.key, meta.versionId),
      sha256,
      size: meta.size,
      contentType: meta.contentType,
    },
    duplicateOf,
    audit,
  };
}

/**
 * Step 4: text → fields. Extraction is pure: a throw is a rule's defect,
 * which a retry would only repeat; the page becomes an `extract-error`
 * failure record, never an ok record with empty fields. A scan read with
 * low confidence says so (its words are all kept).
 */
function extractFields(
  p: RecordRun,
  text: string,
  ocr: OcrInfo | null
): Extraction | Failure {
  let extraction: Extraction;
  try {
    extraction = (p.adapters.extract ?? extract)(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { failed: true, reason: 'extract-error', message, error };
  }
  const minConfidence =
    p.adapters.ocrMinConfidence ?? DEFAULT_OCR_MIN_CONFIDENCE;
  if (
    ocr &&
    ocr.meanConfidence < minConfidence &&
    !extraction.warnings.includes('low-ocr-confidence')
  ) {
    extraction = {
      ...extraction,
      warnings: [...extraction.warnings, 'low-ocr-confidence'],
    };
  }
  p.audit.step('extracted', 'ok', {
    documentType: extraction.documentType,
    warnings: extraction.warnings,
  });
  return extraction;
}

type DecodedText = Extract<DecodeResult, { ok: true }>;

/**
 * Step 5: the full text out of the item. When decoding left the bytes as
 * they were (a UTF-8 text: no byte-order mark, nothing normalised), the
 * source object at its version is the text and nothing is written; else
 * the decoded text is stored in the derived location.
 */
async function storeText(
  p: RecordRun,
  bytes: Uint8Array,
  decoded: DecodedText
): Promise<NonNullable<DocumentRecord['text']>> {
  const sourceUri = p.source.uri;
  const uri =
    sourceUri && isVerbatimUtf8(bytes, decoded.text)
      ? sourceUri
      : await retryable('store derived text', () =>
          p.adapters.objects.putDerivedText(p.id, p.source.sha256, decoded.text)
        );
  return {
    excerpt: truncateUtf8(decoded.text, EXCERPT_BYTES),
    length: decoded.text.length,
    uri,
    format: decoded.format,
    encoding: decoded.encoding ?? null,
  };
}

/**
 * Step 5: the record, capped to the item budget and checked against the
 * schema; a record that stays invalid or too large is a `validation-error`.
 */
function boundAndValidate(
  p: RecordRun,
  extraction: Extraction,
  text: NonNullable<DocumentRecord['text']>,
  ocr: OcrInfo | null
): { record: DocumentRecord; capped: string[] } | Failure {
  const bounded = boundRecord({
    ...extraction,
    id: p.id,
    status: 'ok',
    parserVersion: PARSER_VERSION,
    source: p.source,
    text,
    processedAt: p.adapters.clock().toISOString(),
    duplicateOf: p.duplicateOf,
    failure: null,
    ocr,
  });
  const parsed = DocumentRecordSchema.safeParse(bounded.record);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ');
    return invalid(`record failed validation: ${issues}`);
  }
  if (jsonBytes(parsed.data) > RECORD_BUDGET_BYTES) {
    return invalid(
      `record stays over ${RECORD_BUDGET_BYTES} bytes after capping`
    );
  }
  p.audit.step('validated', 'ok', {
    warnings: parsed.data.warnings,
    capped: bounded.capped,
  });
  return { record: parsed.data, capped: bounded.capped };
}

function invalid(message: string): Failure {
  return { failed: true, reason: 'validation-error', message };
}

/**
 * Step 6: the corrections people made, re-applied to the new extraction
 * (and its text: spans are checked again): applied, absorbed or in
 * conflict. Undefined when the record has none.
 */
function reapplyCorrections(
  p: RecordRun,
  record: DocumentRecord,
  text: string
): Correction[] | undefined {
  const made = p.state?.corrections ?? [];
  if (made.length === 0) return undefined;
  const { corrections } = applyCorrections(record, made, { text });
  p.audit.step('corrections-reapplied', 'ok', reapplyReport(corrections));
  return corrections;
}

/** A failure record in place of the record (the same item). */
function commitFailure(
  p: RecordRun,
  failure: Omit<Failure, 'failed'>
): Promise<IngestOutcome> {
  const { reason, message, error } = failure;
  p.audit.step(reasonStep(reason), 'failed', { reason, message });
  const record: DocumentRecord = {
    ...emptyExtraction(),
    id: p.id,
    status: 'failed',
    parserVersion: PARSER_VERSION,
    source: p.source,
    text: null,
    processedAt: p.adapters.clock().toISOString(),
    duplicateOf: p.duplicateOf,
    failure: { reason, message, attempts: p.options.attempt ?? 1 },
    ocr: null,
  };
  return commitRecord(p, DocumentRecordSchema.parse(record), [], { error });
}

/**
 * Step 7: audit and index items, then the record item, conditional on the
 * state read in step 1. A lost race is read as what won it.
 */
async function commitRecord(
  p: RecordRun,
  record: DocumentRecord,
  capped: string[],
  extra: { corrections?: Correction[] | undefined; error?: unknown }
): Promise<IngestOutcome> {
  const { corrections, error } = extra;
  const ok = record.status === 'ok';
  const finalEvent = p.audit.event(
    ok ? 'stored' : 'failed',
    ok ? 'ok' : 'failed',
    ok ? { documentType: record.documentType, capped } : { ...record.failure }
  );
  const result = await retryable('commit record', () =>
    p.adapters.store.commit({
      record,
      processingKey: p.processingKey,
      sequencer: p.sequencer ?? p.state?.sequencer ?? null,
      previous: p.state,
      eventTime: p.eventTime,
      runId: p.runId,
      events: p.audit.events,
      finalEvent,
      ...(corrections ? { corrections } : {}),
    })
  );
  if (result.committed) {
    return {
      outcome: 'stored',
      id: p.id,
      status: record.status,
      reason: record.failure?.reason ?? null,
      message: record.failure?.message ?? null,
      ...(error === undefined ? {} : { error }),
      duplicateOf: record.duplicateOf,
      capped,
      ...(corrections ? { corrections: countStatuses(corrections) } : {}),
    };
  }
  const race = raceOutcome(p.id, p.processingKey, p.sequencer, result.current);
  // our own earlier attempt committed (its response was lost), or a
  // concurrent duplicate did: finish what it may have left undone
  return race.outcome === 'duplicate' ? duplicate(p) : race;
}

/** The audit steps of one run, in order, stamped by the clock. */
class AuditLog {
  readonly events: AuditEvent[] = [];

  constructor(
    private readonly clock: () => Date,
    private readonly agent: string
  ) {}

  /** An event of this run (not yet in the list: the final one). */
  event(
    type: string,
    outcome: AuditEvent['outcome'],
    detail: Record<string, unknown>
  ): AuditEvent {
    return {
      type,
      at: this.clock().toISOString(),
      agent: this.agent,
      parserVersion: PARSER_VERSION,
      outcome,
      detail,
    };
  }

  /** Records a step written before the record item. */
  step(
    type: string,
    outcome: AuditEvent['outcome'],
    detail: Record<string, unknown>
  ): void {
    this.events.push(this.event(type, outcome, detail));
  }
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
