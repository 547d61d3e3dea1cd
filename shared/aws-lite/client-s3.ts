/**
 * Stands in for `@aws-sdk/client-s3` in the text ingest bundle: S3's REST
 * protocol for GetObject (a version too), HeadObject and PutObject over
 * `fetch`, signed by aws4fetch (payload `UNSIGNED-PAYLOAD` over HTTPS, as
 * S3 accepts), virtual-hosted URLs unless `forcePathStyle` or the bucket
 * name needs the path. `Body` of GetObject is a Node stream with the
 * SDK's `transformToString` / `transformToByteArray`. An input member
 * this module does not translate is refused, not silently dropped.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  errorName,
  type LiteClientConfig,
  ServiceException,
  SignedTransport,
} from './http.ts';

export type S3ClientConfig = LiteClientConfig;

export class S3ServiceException extends ServiceException {}
export class NoSuchKey extends S3ServiceException {}
export class NotFound extends S3ServiceException {}

const EXCEPTIONS: Record<string, typeof S3ServiceException> = {
  NoSuchKey,
  NotFound,
};

/** S3 REST error: an XML `<Error>` body, or none at all (HEAD). */
function s3Error(response: Response, body: string): ServiceException {
  const tag = (name: string) =>
    new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
  const bodyless: Record<number, string> = {
    304: 'NotModified',
    400: 'BadRequest',
    403: 'Forbidden',
    404: 'NotFound',
  };
  const name =
    errorName(tag('Code')) ||
    bodyless[response.status] ||
    (response.status >= 500 ? 'InternalError' : 'UnknownError');
  const message = unescapeXml(tag('Message') ?? name);
  const Class = EXCEPTIONS[name] ?? S3ServiceException;
  const error = new Class(name, message, response.status);
  const requestId = tag('RequestId');
  if (requestId) Object.assign(error, { RequestId: requestId });
  return error;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Input members sent as headers, by name. */
const PUT_HEADERS: Record<string, string> = {
  CacheControl: 'cache-control',
  ContentDisposition: 'content-disposition',
  ContentEncoding: 'content-encoding',
  ContentLanguage: 'content-language',
  ContentType: 'content-type',
  IfMatch: 'if-match',
  IfNoneMatch: 'if-none-match',
  ServerSideEncryption: 'x-amz-server-side-encryption',
  SSEKMSKeyId: 'x-amz-server-side-encryption-aws-kms-key-id',
  StorageClass: 'x-amz-storage-class',
  Tagging: 'x-amz-tagging',
};
const GET_HEADERS: Record<string, string> = {
  IfMatch: 'if-match',
  IfNoneMatch: 'if-none-match',
  Range: 'range',
};

type Input = Record<string, unknown> & { Bucket: string; Key: string };

function command(operation: string) {
  return class<I = Input> {
    readonly operation = operation;
    constructor(readonly input: I) {}
  };
}

export const GetObjectCommand = command('GetObject');
export const HeadObjectCommand = command('HeadObject');
export const PutObjectCommand = command('PutObject');

export interface GetObjectCommandOutput {
  Body?: Readable & {
    transformToString(encoding?: string): Promise<string>;
    transformToByteArray(): Promise<Uint8Array>;
  };
  ContentLength?: number;
  ContentType?: string;
  ETag?: string;
  VersionId?: string;
  LastModified?: Date;
  Metadata?: Record<string, string>;
  DeleteMarker?: boolean;
  $metadata: import('./http.ts').ResponseMetadata;
}

const DNS_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** RFC 3986 encoding of each key segment, `/` kept. */
const encodeKey = (key: string) =>
  key
    .split('/')
    .map((s) =>
      encodeURIComponent(s).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
      )
    )
    .join('/');

export class S3Client {
  readonly transport: SignedTransport;
  readonly config: LiteClientConfig;

  constructor(config: LiteClientConfig = {}) {
    this.config = config;
    this.transport = new SignedTransport('s3', config, s3Error);
  }

  private url(bucket: string, key: string): URL {
    const t = this.transport;
    const custom =
      (this.config.endpoint as string | undefined) ??
      process.env.AWS_ENDPOINT_URL_S3 ??
      process.env.AWS_ENDPOINT_URL;
    const path = encodeKey(key);
    // like the SDK's endpoint rules: an IP address host takes the path
    const ipHost =
      custom !== undefined &&
      /^(\d+\.\d+\.\d+\.\d+|\[[\d:a-f]+\]|localhost)$/i.test(
        new URL(custom).hostname
      );
    if (this.config.forcePathStyle || ipHost || !DNS_BUCKET.test(bucket)) {
      const origin = t.endpoint('S3', () => t.regionalHost('s3'));
      return new URL(`${origin}/${bucket}/${path}`);
    }
    if (custom) {
      const u = new URL(custom);
      u.hostname = `${bucket}.${u.hostname}`;
      return new URL(`${u.origin}/${path}`);
    }
    return new URL(
      `https://${bucket}.${t.regionalHost('s3').slice(8)}/${path}`
    );
  }

  async send(cmd: { input: object }): Promise<Record<string, unknown>> {
    const operation =
      (cmd as { operation?: string }).operation ??
      cmd.constructor.name.replace(/Command$/, '');
    const input = cmd.input as Input;
    switch (operation) {
      case 'GetObject':
      case 'HeadObject':
        return this.get(operation, input);
      case 'PutObject':
        return this.put(input);
      default:
        throw new Error(`aws-lite: S3 ${operation} is not supported`);
    }
  }

  private async get(operation: string, input: Input) {
    const { Bucket, Key, VersionId, ...rest } = input;
    const headers = toHeaders(operation, rest, GET_HEADERS);
    const url = this.url(Bucket, Key);
    if (VersionId) url.searchParams.set('versionId', String(VersionId));
    const { response, $metadata } = await this.transport.send({
      method: operation === 'HeadObject' ? 'HEAD' : 'GET',
      url,
      headers,
    });
    const h = response.headers;
    const Metadata: Record<string, string> = {};
    h.forEach((value, name) => {
      if (name.startsWith('x-amz-meta-')) Metadata[name.slice(11)] = value;
    });
    const length = h.get('content-length');
    const modified = h.get('last-modified');
    const out: Record<string, unknown> = {
      $metadata,
      AcceptRanges: h.get('accept-ranges') ?? undefined,
      ContentLength: length === null ? undefined : Number(length),
      ContentType: h.get('content-type') ?? undefined,
      ETag: h.get('etag') ?? undefined,
      VersionId: h.get('x-amz-version-id') ?? undefined,
      LastModified: modified ? new Date(modified) : undefined,
      DeleteMarker: h.has('x-amz-delete-marker')
        ? h.get('x-amz-delete-marker') === 'true'
        : undefined,
      Metadata,
    };
    if (operation === 'GetObject') {
      // fetch decodes a stored Content-Encoding (gzip, deflate, br) on its
      // own, so the bytes read would not be the bytes stored and their
      // SHA-256 not the object's: refuse loudly (the message goes to the
      // dead-letter queue, named), never hash the wrong bytes
      const encoding = (h.get('content-encoding') ?? '').toLowerCase();
      if (/\b(gzip|x-gzip|deflate|br)\b/.test(encoding)) {
        await response.body?.cancel();
        throw Object.assign(
          new Error(
            `s3://${String(input.Bucket)}/${String(input.Key)} is stored with Content-Encoding "${encoding}"; the text function reads through fetch, which would decode it and hash other bytes than those stored: upload it without a Content-Encoding`
          ),
          { name: 'UnsupportedContentEncoding' }
        );
      }
      out.Body = sdkStream(response);
    } else {
      await response.body?.cancel();
    }
    return out;
  }

  private async put(input: Input) {
    const { Bucket, Key, Body, Metadata, ContentLength, ...rest } = input;
    const headers = toHeaders('PutObject', rest, PUT_HEADERS);
    for (const [k, v] of Object.entries((Metadata ?? {}) as object)) {
      headers[`x-amz-meta-${k.toLowerCase()}`] = String(v);
    }
    const body =
      Body === undefined
        ? ''
        : typeof Body === 'string' || Body instanceof Uint8Array
          ? Body
          : null;
    if (body === null) {
      throw new Error(
        'aws-lite: PutObject Body must be a string or Uint8Array'
      );
    }
    const { response, $metadata } = await this.transport.send({
      method: 'PUT',
      url: this.url(Bucket, Key),
      headers,
      body,
    });
    await response.body?.cancel();
    return {
      $metadata,
      ETag: response.headers.get('etag') ?? undefined,
      VersionId: response.headers.get('x-amz-version-id') ?? undefined,
    };
  }

  destroy(): void {}
}

function toHeaders(
  operation: string,
  members: Record<string, unknown>,
  known: Record<string, string>
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [member, value] of Object.entries(members)) {
    if (value === undefined) continue;
    const header = known[member];
    if (!header) {
      throw new Error(`aws-lite: S3 ${operation} does not translate ${member}`);
    }
    headers[header] = String(value);
  }
  return headers;
}

/** The response body as the SDK's Node stream: a Readable plus helpers. */
function sdkStream(response: Response): GetObjectCommandOutput['Body'] {
  const stream = response.body
    ? Readable.fromWeb(response.body as unknown as WebReadableStream)
    : Readable.from([]);
  const bytes = async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream) chunks.push(chunk as Uint8Array);
    return new Uint8Array(Buffer.concat(chunks));
  };
  return Object.assign(stream, {
    transformToByteArray: bytes,
    transformToString: async (encoding = 'utf-8') =>
      new TextDecoder(encoding).decode(await bytes()),
  });
}
