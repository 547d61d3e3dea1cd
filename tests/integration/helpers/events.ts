/**
 * Builds S3 event notifications and SQS batches the way AWS delivers them
 * (keys URL-encoded with `+` for spaces, sequencers per key), for tests.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';

let sequence = 0x10000000;

/** A growing hex sequencer, like S3's (later upload → larger sequencer). */
export function nextSequencer(): string {
  sequence += 1;
  return `00${sequence.toString(16).toUpperCase()}00000000`;
}

/** URL-encodes a key as S3 does in notifications (`+` for space). */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

export interface ObjectEventInput {
  bucket: string;
  key: string;
  eventName?: string;
  size?: number;
  eTag?: string;
  versionId?: string;
  sequencer?: string;
  eventTime?: string;
}

/** One S3 notification (the SQS body of an S3 → SQS subscription). */
export function s3Notification(...objects: ObjectEventInput[]) {
  return {
    Records: objects.map((o) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: o.eventTime ?? new Date().toISOString(),
      eventName: o.eventName ?? 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:TEST' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: {
        'x-amz-request-id': 'TEST',
        'x-amz-id-2': 'TEST',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'ingest',
        bucket: {
          name: o.bucket,
          ownerIdentity: { principalId: 'TEST' },
          arn: `arn:aws:s3:::${o.bucket}`,
        },
        object: {
          key: encodeS3Key(o.key),
          ...(o.size !== undefined ? { size: o.size } : {}),
          ...(o.eTag ? { eTag: o.eTag } : {}),
          ...(o.versionId ? { versionId: o.versionId } : {}),
          sequencer: o.sequencer ?? nextSequencer(),
        },
      },
    })),
  };
}

let messageCounter = 0;

/** An SQS record carrying `body` (object → JSON). */
export function sqsRecord(
  body: unknown,
  attributes: { receiveCount?: number; sentAt?: number } = {}
): SQSRecord {
  messageCounter += 1;
  return {
    messageId: `msg-${messageCounter}`,
    receiptHandle: `rh-${messageCounter}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(attributes.receiveCount ?? 1),
      SentTimestamp: String(attributes.sentAt ?? Date.now()),
      SenderId: 'TEST',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:ingest',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
