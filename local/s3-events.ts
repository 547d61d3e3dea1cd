/**
 * s3rver's object events → the notifications real S3 sends.
 *
 * s3rver 3.7.1 emits a record for every object in every bucket, close to
 * S3's shape but not equal (see ../shared/STACK.md): raw keys, eventVersion
 * 2.0, multipart completion as `ObjectCreated:Post`, a millisecond sequencer
 * that repeats within a millisecond. The ingest handler must see exactly
 * what it sees in AWS, so this module rewrites those records and drops the
 * ones an S3 notification filtered on `incoming/` would never deliver.
 *
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
import { randomBytes } from 'node:crypto';
import type { S3Event, S3EventRecord } from 'aws-lambda';

/** The part of an s3rver event record that the normalizer reads. */
interface S3rverRecord {
  eventName?: string;
  eventTime?: string;
  awsRegion?: string;
  s3?: {
    bucket?: { name?: string };
    object?: { key?: string; size?: number; eTag?: string };
  };
}

export interface NormalizeOptions {
  bucket: string;
  prefix: string;
  region: string;
}

/**
 * Encodes a key the way S3 does in event notifications: form-style URL
 * encoding (a space is `+`, a plus is `%2B`), slashes kept.
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%20/g, '+')
    .replace(/%2F/gi, '/')
    .replace(
      /[!'()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
    );
}

let lastSequencerTick = 0n;

/**
 * A sequencer that only grows within this process and across restarts
 * (clock-based, with a counter inside the same millisecond), as S3's does
 * for one key. S3 compares sequencers as hex strings of equal length.
 */
export function nextSequencer(now: number = Date.now()): string {
  let tick = BigInt(now) * 1000n;
  if (tick <= lastSequencerTick) tick = lastSequencerTick + 1n;
  lastSequencerTick = tick;
  return tick.toString(16).toUpperCase().padStart(16, '0');
}

const EVENT_NAMES: Record<string, string> = {
  'ObjectCreated:Put': 'ObjectCreated:Put',
  'ObjectCreated:Copy': 'ObjectCreated:Copy',
  // s3rver reports CompleteMultipartUpload as Post; the SDK never uses a
  // browser-form POST, so Post always means a multipart completion here.
  'ObjectCreated:Post': 'ObjectCreated:CompleteMultipartUpload',
  'ObjectRemoved:Delete': 'ObjectRemoved:Delete',
};

/**
 * Rewrites one s3rver event into S3's notification, or returns null when
 * S3 would not deliver it (another bucket, outside the prefix, unknown type).
 *
 * @param event what s3rver emitted on its `event` emitter
 * @param options the raw bucket, the `incoming/` prefix and the region
 */
export function normalizeS3rverEvent(
  event: unknown,
  options: NormalizeOptions
): S3Event | null {
  const raw = (event as { Records?: S3rverRecord[] } | null)?.Records;
  if (!Array.isArray(raw)) return null;
  const records: S3EventRecord[] = [];
  for (const record of raw) {
    const bucket = record.s3?.bucket?.name;
    const key = record.s3?.object?.key;
    const eventName = EVENT_NAMES[record.eventName ?? ''];
    if (bucket !== options.bucket || key === undefined || !eventName) continue;
    if (!key.startsWith(options.prefix)) continue;
    const object: S3EventRecord['s3']['object'] = {
      key: encodeS3EventKey(key),
      size: record.s3?.object?.size ?? 0,
      eTag: record.s3?.object?.eTag ?? '',
      sequencer: nextSequencer(),
    };
    if (eventName.startsWith('ObjectRemoved')) {
      // S3 sends neither size nor eTag for deletions
      delete (object as Partial<typeof object>).size;
      delete (object as Partial<typeof object>).eTag;
    }
    records.push({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: options.region,
      eventTime: record.eventTime ?? new Date().toISOString(),
      eventName,
      userIdentity: { principalId: 'AWS:LOCAL' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: {
        'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
        'x-amz-id-2': randomBytes(24).toString('base64'),
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'archive-incoming',
        bucket: {
          name: bucket,
          ownerIdentity: { principalId: 'LOCAL' },
          arn: `arn:aws:s3:::${bucket}`,
        },
        object,
      },
    });
  }
  return records.length > 0 ? { Records: records } : null;
}

/**
 * Builds the notification S3 would send for an object that exists, used
 * when the runtime finds an object without a record at start-up.
 */
export function objectCreatedEvent(
  object: { bucket: string; key: string; size: number; eTag: string },
  region: string
): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: region,
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:LOCAL' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
          'x-amz-id-2': randomBytes(24).toString('base64'),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'archive-incoming',
          bucket: {
            name: object.bucket,
            ownerIdentity: { principalId: 'LOCAL' },
            arn: `arn:aws:s3:::${object.bucket}`,
          },
          object: {
            key: encodeS3EventKey(object.key),
            size: object.size,
            eTag: object.eTag.replace(/"/g, ''),
            sequencer: nextSequencer(),
          },
        },
      },
    ],
  };
}
