/**
 * Ports of the ingest use case: the domain declares what it needs, the
 * adapters (shared/store for DynamoDB, shared/sources for S3, local/ for the
 * embedded runtime) implement it. Nothing here imports an SDK.
 */
import type { Correction, Reviewed } from '#shared/corrections/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

/** Where an object lives; `versionId` pins one version when S3 has one. */
export interface ObjectLocation {
  bucket: string;
  key: string;
  versionId?: string | null;
}

/** Metadata read with the object (GetObject response headers). */
export interface ObjectMetadata {
  versionId: string | null;
  etag: string | null;
  size: number;
  contentType: string | null;
  /**
   * SHA-256 the uploader declared (`x-amz-meta-sha256`, set by `archive
   * upload`), when there is one: bytes that differ were cut short or
   * changed after it hashed them.
   */
  declaredSha256?: string | null;
}

/**
 * A fetched object. `bytes` is null when the object is larger than the
 * `maxBytes` the caller passed: the adapter stops reading instead of
 * buffering a huge body only to reject it.
 */
export interface FetchedObject {
  metadata: ObjectMetadata;
  /** SHA-256 (hex) of the whole object, computed while streaming it. */
  sha256: string;
  bytes: Uint8Array | null;
}

/** Raw objects in, derived text out (S3 in AWS, s3rver locally). */
export interface ObjectSource {
  /**
   * Reads one object. Throws `NotFoundError` when the key (or version) does
   * not exist; other SDK errors pass through for `classifyError`.
   */
  getObject(
    location: ObjectLocation,
    options: { maxBytes: number }
  ): Promise<FetchedObject>;
  /**
   * Stores the full decoded text where it never triggers ingestion and
   * returns its `s3://` URI. Same id + sha256 → same location (idempotent).
   * Called only when decoding changed the bytes: a UTF-8 text's record
   * points at its source object instead (docs/INGEST.md).
   */
  putDerivedText(id: string, sha256: string, text: string): Promise<string>;
  /**
   * Reads the text at a record's `text.uri`: a copy `putDerivedText`
   * wrote, or the source object itself at the version the URI names.
   * Throws `NotFoundError` when it does not exist.
   */
  getDerivedText(uri: string): Promise<string>;
}

/** One step of a document's processing history (an audit-event item). */
export interface AuditEvent {
  /** received, fixity, decoded, extracted, validated, stored, failed, duplicate-bytes, source-deleted. */
  type: string;
  /** ISO time the step happened (the clock's time, not the event's). */
  at: string;
  /** Function name that did the step. */
  agent: string;
  parserVersion: string;
  outcome: 'ok' | 'failed' | 'skipped';
  detail: Record<string, unknown>;
}

/** What the store keeps beside the record to decide what a new event means. */
export interface RecordState {
  /** `bucket/key#versionId-or-etag@parserVersion` of the stored record. */
  processingKey: string;
  /** S3 sequencer of the last event applied, normalized by `normalizeSequencer`. */
  sequencer: string | null;
  /** Optimistic-lock revision; every commit increments it. */
  revision: number;
  /** The extraction (corrections are kept beside it, never applied to it). */
  record: DocumentRecord;
  /** Corrections people made, in order (shared/corrections). */
  corrections?: Correction[];
  /** The reviewed marker, if the record was marked reviewed. */
  reviewed?: Reviewed | null;
}

/** Everything one processing run commits. */
export interface CommitRequest {
  record: DocumentRecord;
  processingKey: string;
  sequencer: string | null;
  /** The state read before processing (null: the document is new). */
  previous: RecordState | null;
  /**
   * Base of the audit-event sort keys: the S3 event time (or the SQS sent
   * time of a reprocess message), so a re-delivered message rewrites the
   * same audit items instead of adding new ones.
   */
  eventTime: string;
  /** Short id of this run (hash of processing key + event time). */
  runId: string;
  /** Steps written before the record item (idempotently). */
  events: AuditEvent[];
  /** `stored` or `failed`: written after the record item committed. */
  finalEvent: AuditEvent;
  /**
   * The record's corrections re-evaluated against this extraction; absent:
   * `previous.corrections` are kept as they are (a failure record).
   */
  corrections?: Correction[];
}

export type CommitResult =
  | { committed: true; revision: number }
  /** Another run committed first; `current` is what it wrote. */
  | { committed: false; current: RecordState | null };

/** The document store (DynamoDB single table in AWS, dynalite locally). */
export interface DocumentStore {
  getState(id: string): Promise<RecordState | null>;
  /**
   * Claims `sha256` for document `id` unless another document holds it.
   * Returns the id of the document that holds it (maybe `id` itself).
   */
  claimContentHash(sha256: string, id: string): Promise<string>;
  /**
   * Writes index and audit items idempotently, then the record item as the
   * commit point, conditional on `previous.revision` being unchanged.
   */
  commit(request: CommitRequest): Promise<CommitResult>;
  /**
   * Marks the record's source deleted (ObjectRemoved), unless a newer event
   * already applied. Returns false when there is no record to mark.
   */
  markSourceDeleted(
    id: string,
    change: {
      /** Revision read by the caller; the update is conditional on it. */
      revision: number;
      sequencer: string | null;
      eventTime: string;
      event: AuditEvent;
    }
  ): Promise<boolean>;
  /** Finishes index clean-up left by an interrupted commit (idempotent). */
  finishPendingCleanup(id: string): Promise<void>;
}

/** Limits of the ingest use case, configurable per deployment. */
export interface IngestLimits {
  /** Objects above this size become `too-large` failure records. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: IngestLimits = { maxBytes: 25 * 1024 * 1024 };
