/**
 * Lambda entry of the text ingest function (arm64, sized for text): plain
 * text, HTML and PDFs with a text layer. It carries no OCR engine: an
 * object that needs OCR is handed, message unchanged, to the OCR queue
 * (functions/ingest-ocr/handler.ts reads it). Clients and configuration
 * come from the environment, created once per container; the logic is in
 * make-handler.ts.
 *
 * Nothing here may import shared/decode/ocr/tesseract.ts, even through
 * another module: tests/infra/ingest-bundles.test.ts checks the bundle.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV, requireEnv } from '#shared/config/env.ts';
import { createS3Client, S3ObjectSource } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { readIngestEnvironment } from './environment.ts';
import { makeHandler } from './make-handler.ts';
import { sqsOcrQueue } from './ocr-queue.ts';

export { makeHandler } from './make-handler.ts';

const env = readIngestEnvironment('ingest');

export const handler = makeHandler({
  objects: new S3ObjectSource(createS3Client(), {
    derivedBucket: env.derivedBucket,
    derivedPrefix: env.derivedPrefix,
  }),
  store: new DynamoDocumentStore(createDocumentClient(), env.tableName),
  limits: { maxBytes: env.maxBytes },
  ocrQueue: sqsOcrQueue(requireEnv(ENV.ocrQueueUrl)),
  logger: new Logger({ serviceName: env.serviceName }),
  agent: env.agent,
  accept: env.accept,
});
