import { describe, expect, it } from 'vitest';
import {
  NotFoundError,
  PermanentError,
  TransientError,
} from '#shared/errors/index.ts';
import { classifyError, retryable } from '#shared/pipeline/classify-error.ts';

const sdkError = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...extra });

describe('classifyError', () => {
  it.each([
    ['throttling', sdkError('ThrottlingException')],
    [
      'provisioned throughput',
      sdkError('ProvisionedThroughputExceededException'),
    ],
    ['SDK $retryable', sdkError('Whatever', { $retryable: {} })],
    ['HTTP 503', sdkError('Unknown', { $metadata: { httpStatusCode: 503 } })],
    ['timeout', sdkError('TimeoutError')],
    ['connection reset', Object.assign(new Error('x'), { code: 'ECONNRESET' })],
    [
      'a network error as cause',
      new Error('fetch failed', {
        cause: Object.assign(new Error('y'), { code: 'ECONNREFUSED' }),
      }),
    ],
  ])('calls %s transient', (_name, error) => {
    expect(classifyError(error)).toBe('transient');
  });

  it('calls a missing key not-found and domain errors by their class', () => {
    expect(classifyError(sdkError('NoSuchKey'))).toBe('not-found');
    expect(classifyError(new NotFoundError('x'))).toBe('not-found');
    expect(classifyError(new PermanentError('empty', 'x'))).toBe('permanent');
    expect(classifyError(new TransientError('x'))).toBe('transient');
  });

  it('does not retry a client error such as a bad request', () => {
    expect(
      classifyError(
        sdkError('ValidationException', { $metadata: { httpStatusCode: 400 } })
      )
    ).toBe('unknown');
    expect(classifyError('a string')).toBe('unknown');
  });
});

describe('retryable', () => {
  it('wraps a transient failure in TransientError keeping the cause', async () => {
    // Prepare
    const cause = sdkError('ThrottlingException');
    // Act
    const call = retryable('read', () => Promise.reject(cause));
    // Assess
    await expect(call).rejects.toBeInstanceOf(TransientError);
    await expect(call).rejects.toMatchObject({ cause });
  });

  it('rethrows other errors unchanged', async () => {
    // Prepare
    const error = sdkError('ValidationException');
    // Act / Assess
    await expect(retryable('read', () => Promise.reject(error))).rejects.toBe(
      error
    );
  });
});
