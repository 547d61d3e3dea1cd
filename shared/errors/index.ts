/**
 * The error hierarchy. Errors are mapped to HTTP status, retry or failure
 * record in one place each (functions/*), by `instanceof`.
 */
import type { FailureReason } from '#shared/schema/record.ts';

export class AppError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that will never succeed, however often it is retried. */
export class PermanentError extends AppError {
  constructor(
    readonly reason: FailureReason,
    message: string,
    options?: ErrorOptions
  ) {
    super(message, options);
  }
}

/**
 * The extractor threw on a page: a defect in a rule, never the page's
 * fault. The ingest pipeline turns it into an `extract-error` failure record
 * (retrying would only repeat it); the original error is the `cause`.
 */
export class ExtractError extends PermanentError {
  constructor(message: string, options?: ErrorOptions) {
    super('extract-error', message, options);
  }
}

/** A fault that may pass (throttling, 5xx, timeouts, network): retry. */
export class TransientError extends AppError {}

export class NotFoundError extends AppError {}

/** Bad input to an API or command; carries the zod issues when there are any. */
export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly issues: readonly unknown[] = [],
    options?: ErrorOptions
  ) {
    super(message, options);
  }
}

/** Narrows a caught `unknown` to an `Error`. */
export function assertIsError(error: unknown): asserts error is Error {
  if (!(error instanceof Error)) {
    throw new Error(`Unexpected non-error thrown: ${String(error)}`);
  }
}
