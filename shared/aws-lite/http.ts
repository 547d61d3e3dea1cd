/**
 * The request core of the lite AWS clients (shared/aws-lite/, docs/
 * DECISIONS.md): credentials and endpoints as the SDK resolves them in a
 * Lambda, SigV4 by `aws4fetch`, global `fetch`, and the SDK's standard
 * retry mode (3 attempts, exponential backoff with full jitter, throttles
 * backing off from a longer base). Failures are thrown shaped like the
 * SDK's (`name`, `message`, `$fault`, `$metadata.httpStatusCode`), so
 * shared/pipeline/classify-error.ts and the adapters read them unchanged.
 */
import { AwsV4Signer } from 'aws4fetch';

export interface LiteCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** The subset of the SDK client configuration the lite clients honour. */
export interface LiteClientConfig {
  region?: string;
  /** Overrides the regional endpoint (tests: dynalite, s3rver). */
  endpoint?: string;
  credentials?: LiteCredentials | (() => Promise<LiteCredentials>);
  /** Attempts per request, first one included (SDK default 3). */
  maxAttempts?: number;
  /** S3 only: bucket in the path instead of the host name. */
  forcePathStyle?: boolean;
  /** Base of the backoff delay, ms (SDK: 100; throttles 500). */
  retryDelayBaseMs?: number;
  /** Anything else the SDK config carries is accepted and ignored. */
  [other: string]: unknown;
}

export interface ResponseMetadata {
  httpStatusCode?: number;
  requestId?: string;
  attempts: number;
  totalRetryDelay: number;
}

/** An error answered by the service, shaped like the SDK's. */
export class ServiceException extends Error {
  readonly $fault: 'client' | 'server';
  $metadata: ResponseMetadata;
  constructor(
    name: string,
    message: string,
    status: number | undefined,
    fields: Record<string, unknown> = {}
  ) {
    super(message);
    this.name = name;
    this.$fault = status !== undefined && status >= 500 ? 'server' : 'client';
    this.$metadata = {
      httpStatusCode: status,
      attempts: 1,
      totalRetryDelay: 0,
    };
    Object.assign(this, fields);
  }
}

/** The SDK's throttling error codes (@smithy/service-error-classification). */
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
/** Transient codes and statuses the SDK retries. */
const TRANSIENT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const MAX_DELAY_MS = 20_000;

export type ErrorParser = (
  response: Response,
  body: string
) => ServiceException;

export interface LiteRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * One signing identity and retry policy for a service; `send` signs and
 * retries a request, returning the response of the last attempt when it
 * succeeded (2xx/3xx) or throwing the parsed error.
 */
export class SignedTransport {
  readonly region: string;
  private readonly maxAttempts: number;
  private readonly baseMs: number;

  constructor(
    readonly service: string,
    private readonly config: LiteClientConfig,
    private readonly parseError: ErrorParser,
    private readonly env: NodeJS.ProcessEnv = process.env
  ) {
    this.region =
      config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
    this.maxAttempts = config.maxAttempts ?? 3;
    this.baseMs = config.retryDelayBaseMs ?? 100;
  }

  /**
   * The endpoint origin: the config's, `AWS_ENDPOINT_URL_<SERVICE>` /
   * `AWS_ENDPOINT_URL` as the SDK reads them, else `fallback`.
   */
  endpoint(envName: string, fallback: () => string): string {
    const e =
      (this.config.endpoint as string | undefined) ??
      this.env[`AWS_ENDPOINT_URL_${envName}`] ??
      this.env.AWS_ENDPOINT_URL ??
      fallback();
    return e.replace(/\/+$/, '');
  }

  /** `<host>.<region>.amazonaws.com` (`.com.cn` in the China regions). */
  regionalHost(prefix: string): string {
    if (!this.region) {
      throw Object.assign(new Error('Region is missing'), {
        name: 'Error',
      });
    }
    const suffix = this.region.startsWith('cn-')
      ? 'amazonaws.com.cn'
      : 'amazonaws.com';
    return `https://${prefix}.${this.region}.${suffix}`;
  }

  private async credentials(): Promise<LiteCredentials> {
    const c = this.config.credentials;
    if (typeof c === 'function') return c();
    if (c) return c;
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } =
      this.env;
    if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) {
      throw Object.assign(
        new Error(
          'Could not load credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set'
        ),
        { name: 'CredentialsProviderError' }
      );
    }
    return {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
    };
  }

  async send(
    request: LiteRequest
  ): Promise<{ response: Response; $metadata: ResponseMetadata }> {
    let totalRetryDelay = 0;
    for (let attempt = 1; ; attempt += 1) {
      const signed = await new AwsV4Signer({
        method: request.method,
        url: request.url.toString(),
        headers: request.headers ?? {},
        body: (request.body ?? null) as unknown as BodyInit | null,
        ...(await this.credentials()),
        service: this.service,
        region: this.region,
      }).sign();
      let response: Response | undefined;
      let failure: Error & { $metadata?: ResponseMetadata };
      let retry = true;
      let throttled = false;
      try {
        response = await fetch(signed.url, {
          method: signed.method,
          headers: signed.headers,
          body: (signed.body ?? null) as unknown as BodyInit | null,
        });
      } catch (error) {
        // fetch rejects with a TypeError whose cause is the socket error;
        // the SDK throws the socket error itself (code ECONNRESET, ...)
        failure = networkError(error);
      }
      const $metadata: ResponseMetadata = {
        httpStatusCode: response?.status,
        requestId:
          response?.headers.get('x-amzn-requestid') ??
          response?.headers.get('x-amz-request-id') ??
          undefined,
        attempts: attempt,
        totalRetryDelay,
      };
      if (response !== undefined) {
        if (response.status < 300 || response.status === 304) {
          return { response, $metadata };
        }
        const error = this.parseError(response, await response.text());
        failure = error;
        throttled = THROTTLING.has(error.name) || response.status === 429;
        retry =
          throttled ||
          TRANSIENT.has(error.name) ||
          TRANSIENT_STATUS.has(response.status);
      }
      failure!.$metadata = $metadata;
      if (!retry || attempt >= this.maxAttempts) throw failure!;
      const base = throttled ? this.baseMs * 5 : this.baseMs;
      const delay = Math.floor(
        Math.random() * Math.min(MAX_DELAY_MS, base * 2 ** (attempt - 1))
      );
      totalRetryDelay += delay;
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

function networkError(error: unknown): Error {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) return cause;
  return error instanceof Error ? error : new Error(String(error));
}

/** The service's name for an error: `a.b#Name:extra` → `Name`. */
export function errorName(raw: string | null | undefined): string {
  const after = (raw ?? '').split('#').pop() ?? '';
  return after.split(':')[0] ?? '';
}
