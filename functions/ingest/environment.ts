/**
 * What both ingest entries (the text function, functions/ingest/handler.ts,
 * and the OCR function, functions/ingest-ocr/handler.ts) read from their
 * environment, parsed once at cold start; a bad value throws naming the
 * variable.
 */
import { ENV, optionalEnv, PREFIXES, requireEnv } from '#shared/config/env.ts';

export interface IngestEnvironment {
  tableName: string;
  derivedBucket: string;
  derivedPrefix: string;
  /** The raw bucket's upload prefix: the only objects the function acts on. */
  accept: { bucket: string; prefix: string };
  maxBytes: number;
  serviceName: string;
  /** Audit events' agent: the Lambda's name. */
  agent: string;
}

/**
 * Reads the settings the CDK app sets on an ingest function.
 *
 * @param fallbackName service name and agent when the variables are unset
 * @param env the environment (default `process.env`)
 */
export function readIngestEnvironment(
  fallbackName: string,
  env: NodeJS.ProcessEnv = process.env
): IngestEnvironment {
  const maxBytesText = optionalEnv(
    ENV.maxObjectBytes,
    String(25 * 1024 * 1024),
    env
  );
  const maxBytes = Number(maxBytesText);
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
    throw new Error(
      `${ENV.maxObjectBytes} must be a positive integer, got "${maxBytesText}"`
    );
  }
  return {
    tableName: requireEnv(ENV.tableName, env),
    derivedBucket: requireEnv(ENV.derivedBucket, env),
    derivedPrefix: optionalEnv(ENV.derivedPrefix, PREFIXES.derivedText, env),
    // set by the grant on the raw bucket (infra AppFunction.bindBucket)
    accept: {
      bucket: requireEnv(ENV.rawBucket, env),
      prefix: optionalEnv(ENV.uploadPrefix, PREFIXES.upload, env),
    },
    maxBytes,
    // POWERTOOLS_SERVICE_NAME (set by the CDK app) names the service in logs
    serviceName: optionalEnv(ENV.serviceName, fallbackName, env),
    agent: env.AWS_LAMBDA_FUNCTION_NAME ?? fallbackName,
  };
}
