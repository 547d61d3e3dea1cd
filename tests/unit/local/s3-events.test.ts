import { describe, expect, it } from 'vitest';
import {
  encodeS3EventKey,
  nextSequencer,
  normalizeS3rverEvent,
} from '#local/s3-events.ts';

/** What s3rver 3.7.1 emits (models/event.js), trimmed to what matters. */
function s3rverEvent(eventName: string, bucket: string, key: string) {
  return {
    Records: [
      {
        eventVersion: '2.0',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: '2024-05-01T10:00:00.000Z',
        eventName,
        s3: {
          bucket: { name: bucket, arn: `arn:aws:s3: : :${bucket}` },
          object: { key, size: 12, eTag: 'abc123', sequencer: '18F2' },
        },
      },
    ],
  };
}

const OPTIONS = { bucket: 'raw', prefix: 'incoming/', region: 'eu-west-1' };

describe('normalizeS3rverEvent', () => {
  it('rewrites a put into the notification real S3 sends', () => {
    // Act
    const event = normalizeS3rverEvent(
      s3rverEvent(
        'ObjectCreated:Put',
        'raw',
        'incoming/Kim Il Sung+1950’s.txt'
      ),
      OPTIONS
    );

    // Assess
    const record = event?.Records[0];
    expect(record?.eventVersion).toBe('2.1');
    expect(record?.eventName).toBe('ObjectCreated:Put');
    expect(record?.awsRegion).toBe('eu-west-1');
    expect(record?.s3.bucket.arn).toBe('arn:aws:s3:::raw');
    expect(record?.s3.object.key).toBe(
      'incoming/Kim+Il+Sung%2B1950%E2%80%99s.txt'
    );
    expect(record?.s3.object.eTag).toBe('abc123');
    expect(record?.s3.object.size).toBe(12);
    expect(record?.s3.object.sequencer).toMatch(/^[0-9A-F]{16}$/);
  });

  it('reports a multipart completion as CompleteMultipartUpload', () => {
    // Act
    const event = normalizeS3rverEvent(
      s3rverEvent('ObjectCreated:Post', 'raw', 'incoming/big.pdf'),
      OPTIONS
    );

    // Assess
    expect(event?.Records[0]?.eventName).toBe(
      'ObjectCreated:CompleteMultipartUpload'
    );
  });

  it('drops events S3 would not deliver: other buckets, other prefixes', () => {
    // Act + Assess
    expect(
      normalizeS3rverEvent(
        s3rverEvent('ObjectCreated:Put', 'derived', 'incoming/a.txt'),
        OPTIONS
      )
    ).toBeNull();
    expect(
      normalizeS3rverEvent(
        s3rverEvent('ObjectCreated:Put', 'raw', 'derived/text/a.txt'),
        OPTIONS
      )
    ).toBeNull();
    expect(normalizeS3rverEvent({ nothing: true }, OPTIONS)).toBeNull();
  });

  it('keeps deletions without size or eTag', () => {
    // Act
    const event = normalizeS3rverEvent(
      s3rverEvent('ObjectRemoved:Delete', 'raw', 'incoming/a.txt'),
      OPTIONS
    );

    // Assess
    expect(event?.Records[0]?.eventName).toBe('ObjectRemoved:Delete');
    expect(event?.Records[0]?.s3.object).not.toHaveProperty('eTag');
  });
});

describe('encodeS3EventKey', () => {
  it('round-trips through the decoding the handler applies', () => {
    // Prepare
    const keys = [
      'incoming/a b.txt',
      'incoming/x+y=z&(1).txt',
      'incoming/Сталин.txt',
    ];

    // Act + Assess
    for (const key of keys) {
      const encoded = encodeS3EventKey(key);
      expect(encoded).not.toContain(' ');
      expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
    }
  });
});

describe('nextSequencer', () => {
  it('grows strictly, even within one millisecond', () => {
    // Act
    const a = nextSequencer(1_700_000_000_000);
    const b = nextSequencer(1_700_000_000_000);
    const c = nextSequencer(1_699_999_999_999);

    // Assess
    expect(a < b).toBe(true);
    expect(b < c).toBe(true);
  });
});
