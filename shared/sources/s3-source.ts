/**
 * S3 adapter of `ObjectSource`: reads raw objects (streaming, hashing as it
 * goes, stopping the buffer at the size limit), keeps a decoded text that
 * differs from its object's bytes in the derived location (which the
 * ingest trigger never covers), and reads a record's text wherever it is.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { PREFIXES } from '#shared/config/env.ts';
import { NotFoundError } from '#shared/errors/index.ts';
import type {
  FetchedObject,
  ObjectLocation,
  ObjectSource,
} from '#shared/pipeline/ports.ts';

export interface S3SourceConfig {
  /** Bucket for derived text (may be the raw bucket: the prefix keeps it apart). */
  derivedBucket: string;
  /** Prefix under which derived text is written (default `derived/text/`). */
  derivedPrefix?: string;
}

export const DEFAULT_DERIVED_PREFIX = PREFIXES.derivedText;

/**
 * An S3 client that also works against s3rver: no flexible checksums on
 * upload (s3rver stores aws-chunked framing verbatim) and path-style URLs.
 */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...config,
  });
}

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchVersion']);

/**
 * Parses a record's `s3://bucket/key` URI, with the `?versionId=` that pins
 * one version when the URI has one (a text that is its source object).
 */
export function parseS3Uri(uri: string): ObjectLocation & {
  versionId: string | null;
} {
  const match = /^s3:\/\/([^/]+)\/(.+?)(?:\?versionId=([^?&/]*))?$/.exec(uri);
  if (!match) throw new Error(`not an s3:// URI: "${uri}"`);
  const version = match[3] ? decodeURIComponent(match[3]) : null;
  return { bucket: match[1]!, key: match[2]!, versionId: version };
}

/**
 * The UTF-8 text at a record's `text.uri`: a derived copy, or the source
 * object itself at the version the URI names (a versioned GET still reads
 * a version hidden by a delete marker).
 *
 * @throws NotFoundError when the key or version does not exist
 */
export async function readS3Text(s3: S3Client, uri: string): Promise<string> {
  const { bucket, key, versionId } = parseS3Uri(uri);
  try {
    const out = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
      })
    );
    return (await out.Body?.transformToString('utf-8')) ?? '';
  } catch (error) {
    if (NOT_FOUND.has((error as { name?: string }).name ?? '')) {
      throw new NotFoundError(`text ${uri} does not exist`, { cause: error });
    }
    throw error;
  }
}

export class S3ObjectSource implements ObjectSource {
  private readonly prefix: string;

  constructor(
    private readonly s3: S3Client,
    private readonly config: S3SourceConfig
  ) {
    const p = config.derivedPrefix ?? DEFAULT_DERIVED_PREFIX;
    this.prefix = p.endsWith('/') ? p : `${p}/`;
  }

  async getObject(
    location: ObjectLocation,
    { maxBytes }: { maxBytes: number }
  ): Promise<FetchedObject> {
    let out: GetObjectCommandOutput;
    try {
      out = await this.s3.send(
        new GetObjectCommand({
          Bucket: location.bucket,
          Key: location.key,
          ...(location.versionId ? { VersionId: location.versionId } : {}),
        })
      );
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (NOT_FOUND.has(name)) {
        const version = location.versionId
          ? ` version ${location.versionId}`
          : '';
        throw new NotFoundError(
          `s3://${location.bucket}/${location.key}${version} does not exist`,
          { cause: error }
        );
      }
      throw error;
    }
    const hash = createHash('sha256');
    const chunks: Uint8Array[] = [];
    let size = 0;
    // read the whole stream for the hash, but keep bytes only up to the limit
    for await (const chunk of out.Body as Readable) {
      const bytes = chunk as Uint8Array;
      hash.update(bytes);
      size += bytes.length;
      if (size <= maxBytes) chunks.push(bytes);
    }
    return {
      metadata: {
        versionId: out.VersionId ?? null,
        etag: out.ETag ?? null,
        size,
        contentType: out.ContentType ?? null,
        declaredSha256: out.Metadata?.sha256 ?? null,
      },
      sha256: hash.digest('hex'),
      bytes: size <= maxBytes ? Buffer.concat(chunks) : null,
    };
  }

  async putDerivedText(id: string, sha256: string, text: string) {
    const key = `${this.prefix}${id}/${sha256}.txt`;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.config.derivedBucket,
        Key: key,
        Body: text,
        ContentType: 'text/plain; charset=utf-8',
      })
    );
    return `s3://${this.config.derivedBucket}/${key}`;
  }

  /** Reads the text at a record's `text.uri` ({@link readS3Text}). */
  getDerivedText(uri: string): Promise<string> {
    return readS3Text(this.s3, uri);
  }
}
