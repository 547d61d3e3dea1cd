/**
 * The one place that decides whether an error is worth retrying. Adapters
 * let SDK errors through; the use case calls `classifyError` and either
 * rethrows a `TransientError` (the handler fails that SQS message, SQS
 * retries it, the DLQ catches it after 5 receives) or records a failure.
 * Duck-typed on the SDK's error shape so the domain imports no SDK.
 */
import {
  NotFoundError,
  PermanentError,
  TransientError,
} from '#shared/errors/index.ts';

export type ErrorClass = 'transient' | 'not-found' | 'permanent' | 'unknown';

const TRANSIENT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'InternalServerError',
  'InternalFailure',
  'TransactionConflictException',
  'AbortError',
]);

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NotFound', 'NoSuchVersion']);

interface SdkLikeError {
  name?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  cause?: unknown;
}

/** Classifies a caught value; looks through `cause` chains. */
export function classifyError(error: unknown, depth = 0): ErrorClass {
  if (error instanceof TransientError) return 'transient';
  if (error instanceof NotFoundError) return 'not-found';
  if (error instanceof PermanentError) return 'permanent';
  if (typeof error !== 'object' || error === null) return 'unknown';
  const e = error as SdkLikeError;
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  const status =
    typeof e.$metadata?.httpStatusCode === 'number'
      ? e.$metadata.httpStatusCode
      : undefined;
  if (NOT_FOUND_NAMES.has(name)) return 'not-found';
  if (e.$retryable) return 'transient';
  if (TRANSIENT_NAMES.has(name) || TRANSIENT_CODES.has(code)) {
    return 'transient';
  }
  if (status !== undefined && (status >= 500 || status === 429)) {
    return 'transient';
  }
  if (e.cause !== undefined && depth < 5) {
    return classifyError(e.cause, depth + 1);
  }
  return 'unknown';
}

/**
 * Wraps an adapter call: a transient failure becomes `TransientError` (with
 * the original as `cause`), everything else is rethrown unchanged.
 */
export async function retryable<T>(
  what: string,
  call: () => Promise<T>
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (
      classifyError(error) === 'transient' &&
      !(error instanceof TransientError)
    ) {
      const message = error instanceof Error ? error.message : String(error);
      throw new TransientError(`${what}: ${message}`, { cause: error });
    }
    throw error;
  }
}
