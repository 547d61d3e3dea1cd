import 'aws-sdk-client-mock-vitest/extend';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
// sdkStreamMixin moved from @smithy/util-stream into @smithy/core (a
// dependency of every SDK client); imported from there, not re-installed
import { sdkStreamMixin } from '@smithy/core/serde';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '#shared/errors/index.ts';
import { parseS3Uri, S3ObjectSource } from '#shared/sources/s3-source.ts';

const s3 = new S3Client({ region: 'us-east-1' });
const s3Mock = mockClient(s3);
const source = new S3ObjectSource(s3, {
  derivedBucket: 'derived',
  derivedPrefix: 'derived/text',
});

/** A GetObject body streamed in two chunks, as the SDK returns it. */
const body = (text: string) =>
  sdkStreamMixin(
    Readable.from([Buffer.from(text.slice(0, 3)), Buffer.from(text.slice(3))])
  );

describe('S3ObjectSource.getObject', () => {
  beforeEach(() => s3Mock.reset());

  it('reads the pinned version with its metadata and SHA-256', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({
      Body: body('hello world'),
      ETag: '"abc"',
      VersionId: 'v1',
      ContentType: 'text/plain',
    });
    // Act
    const out = await source.getObject(
      { bucket: 'raw', key: 'incoming/a b.txt', versionId: 'v1' },
      { maxBytes: 100 }
    );
    // Assess
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'raw',
      Key: 'incoming/a b.txt',
      VersionId: 'v1',
    });
    expect(new TextDecoder().decode(out.bytes!)).toBe('hello world');
    expect(out.sha256).toBe(
      createHash('sha256').update('hello world').digest('hex')
    );
    expect(out.metadata).toEqual({
      versionId: 'v1',
      etag: '"abc"',
      size: 11,
      contentType: 'text/plain',
      // no uploader checksum in the object's metadata
      declaredSha256: null,
    });
  });

  it("reads the uploader's SHA-256 from the object's metadata", async () => {
    // Prepare
    const sha = createHash('sha256').update('hello world').digest('hex');
    s3Mock.on(GetObjectCommand).resolves({
      Body: body('hello world'),
      ETag: '"abc"',
      VersionId: 'v1',
      ContentType: 'text/plain',
      Metadata: { sha256: sha },
    });
    // Act
    const out = await source.getObject(
      { bucket: 'raw', key: 'incoming/a.txt', versionId: 'v1' },
      { maxBytes: 100 }
    );
    // Assess
    expect(out.metadata.declaredSha256).toBe(sha);
  });

  it('hashes but does not keep an object over the limit', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('0123456789') });
    // Act
    const out = await source.getObject(
      { bucket: 'raw', key: 'big' },
      { maxBytes: 5 }
    );
    // Assess
    expect(out.bytes).toBeNull();
    expect(out.metadata.size).toBe(10);
    expect(out.sha256).toBe(
      createHash('sha256').update('0123456789').digest('hex')
    );
  });

  it('turns a missing key into NotFoundError naming it', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));
    // Act / Assess
    await expect(
      source.getObject({ bucket: 'raw', key: 'gone.txt' }, { maxBytes: 5 })
    ).rejects.toThrow(new NotFoundError('s3://raw/gone.txt does not exist'));
  });
});

describe('S3ObjectSource derived text', () => {
  beforeEach(() => s3Mock.reset());

  it('writes under the derived prefix, keyed by id and hash, and returns the URI', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    // Act
    const uri = await source.putDerivedText(
      'seed-txt-1',
      'f'.repeat(64),
      'TEXT'
    );
    // Assess
    const key = `derived/text/seed-txt-1/${'f'.repeat(64)}.txt`;
    expect(uri).toBe(`s3://derived/${key}`);
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'derived',
      Key: key,
      Body: 'TEXT',
    });
  });

  it('reads text back by URI', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('full text') });
    // Act
    const text = await source.getDerivedText('s3://derived/derived/text/x.txt');
    // Assess
    expect(text).toBe('full text');
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'derived',
      Key: 'derived/text/x.txt',
    });
  });

  it('reads a text that is its source object at the version its URI names', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('raw text') });
    // Act
    const text = await source.getDerivedText(
      `s3://raw/incoming/a b.txt?versionId=${encodeURIComponent('3/L4k+Qz')}`
    );
    // Assess
    expect(text).toBe('raw text');
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'raw',
      Key: 'incoming/a b.txt',
      VersionId: '3/L4k+Qz',
    });
  });

  it('turns a missing text or version into NotFoundError', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));
    // Act / Assess
    await expect(
      source.getDerivedText('s3://raw/incoming/gone.txt?versionId=v1')
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('parses s3 URIs with and without a version and rejects others', () => {
    expect(parseS3Uri('s3://b/k/x.txt?versionId=1')).toEqual({
      bucket: 'b',
      key: 'k/x.txt',
      versionId: '1',
    });
    expect(parseS3Uri('s3://b/k/x.txt')).toEqual({
      bucket: 'b',
      key: 'k/x.txt',
      versionId: null,
    });
    expect(() => parseS3Uri('https://b/k')).toThrow(/not an s3:\/\/ URI/);
  });
});
