/**
 * Identity of documents and of processing runs: pure functions shared by the
 * use case, the store, the CLI and the query service.
 */
import { createHash } from 'node:crypto';

const MAX_SLUG = 40;

/**
 * The document id of an S3 object: a readable slug of the key's file name
 * plus a short hash of `bucket/key`, so it is stable per key (a corrected
 * re-upload updates the same document) and unique across keys.
 *
 * @param bucket - raw bucket name
 * @param key - the decoded object key (spaces, not `+`)
 * @example documentIdFor('raw', 'incoming/seed.txt') // 'seed-txt-xxxxxxxx'
 */
export function documentIdFor(bucket: string, key: string): string {
  const hash = createHash('sha256')
    .update(`${bucket}/${key}`, 'utf8')
    .digest('hex')
    .slice(0, 8);
  const base = key.split('/').filter(Boolean).pop() ?? '';
  const slug = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'doc'}-${hash}`;
}

/**
 * The processing key: what was processed (bucket/key at one version, or ETag
 * where the bucket is unversioned) by which parser. Two runs with the same
 * key produce the same record, so the second one is a no-op.
 */
export function processingKeyFor(
  location: { bucket: string; key: string },
  version: { versionId: string | null; etag: string | null },
  parserVersion: string
): string {
  const v = version.versionId ?? version.etag ?? 'unversioned';
  return `${location.bucket}/${location.key}#${v}@${parserVersion}`;
}

/**
 * S3 sequencers are hex strings of varying length that order events for one
 * key; they compare correctly only at equal length. Normalizes to 32 upper
 * case hex digits, left-padded with zeros, so plain string comparison (and a
 * DynamoDB condition) orders them.
 */
export function normalizeSequencer(
  sequencer: string | null | undefined
): string | null {
  if (!sequencer || !/^[0-9a-fA-F]+$/.test(sequencer)) return null;
  return sequencer.toUpperCase().padStart(32, '0');
}

/**
 * True when event `a` happened before event `b` for the same key. Unknown
 * sequencers (reprocess messages, old records) never count as older.
 */
export function isOlderSequencer(
  a: string | null | undefined,
  b: string | null | undefined
): boolean {
  const na = normalizeSequencer(a);
  const nb = normalizeSequencer(b);
  return na !== null && nb !== null && na < nb;
}
