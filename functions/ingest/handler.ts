/**
 * Lambda entry of the ingest function: clients and configuration from the
 * environment, created once per container; the logic is in make-handler.ts
 * (import that module to build a handler around other clients without
 * setting these variables).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV, optionalEnv, requireEnv } from '#shared/config/env.ts';
import { createS3Client, S3ObjectSource } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { makeHandler } from './make-handler.ts';

export { makeHandler } from './make-handler.ts';

const maxBytesText = optionalEnv(ENV.maxObjectBytes, String(25 * 1024 * 1024));
const maxBytes = Number(maxBytesText);
if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
  throw new Error(
    `${ENV.maxObjectBytes} must be a positive integer, got "${maxBytesText}"`
  );
}

export const handler = makeHandler({
  objects: new S3ObjectSource(createS3Client(), {
    derivedBucket: requireEnv(ENV.derivedBucket),
    derivedPrefix: optionalEnv(ENV.derivedPrefix, 'derived/text/'),
  }),
  store: new DynamoDocumentStore(
    createDocumentClient(),
    requireEnv(ENV.tableName)
  ),
  limits: { maxBytes },
  logger: new Logger({ serviceName: 'ingest' }),
  agent: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'ingest',
});
