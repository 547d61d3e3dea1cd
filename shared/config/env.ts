/**
 * Environment configuration, parsed once at module load. A missing required
 * variable throws naming the key; nothing silently defaults to ''.
 *
 * The CDK construct that grants a function access to a resource sets the
 * matching variable (infra/), so names cannot drift: these constants are
 * imported there too.
 */
export const ENV = {
  tableName: 'TABLE_NAME_RECORDS',
  rawBucket: 'BUCKET_NAME_RAW',
  derivedBucket: 'BUCKET_NAME_DERIVED',
  uploadPrefix: 'UPLOAD_PREFIX',
  derivedPrefix: 'DERIVED_PREFIX',
  maxObjectBytes: 'MAX_OBJECT_BYTES',
  ingestQueueUrl: 'QUEUE_URL_INGEST',
  /** The OCR path's queue: the text function forwards scans to it. */
  ocrQueueUrl: 'QUEUE_URL_INGEST_OCR',
  /** Mean OCR confidence (0-100) under which a record gets `low-ocr-confidence`. */
  ocrMinConfidence: 'OCR_MIN_CONFIDENCE',
  /**
   * Key that signs the query API's cursors, given as is (tests, benches);
   * a deployed function reads it from Secrets Manager instead.
   */
  queryCursorSecret: 'QUERY_CURSOR_SECRET',
  /** ARN of the Secrets Manager secret holding the cursor key (AWS). */
  queryCursorSecretArn: 'QUERY_CURSOR_SECRET_ARN',
  /**
   * Name of the IAM role whose sessions may write through the review
   * function (corrections, reviewed marker; docs/REVIEW.md).
   */
  reviewerRoleName: 'REVIEWER_ROLE_NAME',
  /** Powertools Logger's service name (set per function by the CDK app). */
  serviceName: 'POWERTOOLS_SERVICE_NAME',
} as const;

/**
 * Where things live in the buckets, shared by the CDK app, the handlers'
 * defaults and the embedded runtime: uploads under `incoming/` trigger
 * ingestion; derived text under `derived/text/` never does.
 */
export const PREFIXES = {
  upload: 'incoming/',
  derivedText: 'derived/text/',
} as const;

/** Reads a required variable or throws naming it. */
export function requireEnv(
  name: string,
  env: NodeJS.ProcessEnv = process.env
): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

/** Reads an optional variable, returning `fallback` when unset. */
export function optionalEnv(
  name: string,
  fallback: string,
  env: NodeJS.ProcessEnv = process.env
): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}
