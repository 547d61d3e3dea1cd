/**
 * Lambda entry of the ingest function: clients and configuration from the
 * environment, created once per container; the logic is in make-handler.ts
 * (import that module to build a handler around other clients without
 * setting these variables).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV, optionalEnv, PREFIXES, requireEnv } from '#shared/config/env.ts';
import { DEFAULT_OCR_MIN_CONFIDENCE } from '#shared/decode/ocr/defaults.ts';
import { sharedTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
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

const ocrMinText = optionalEnv(
  ENV.ocrMinConfidence,
  String(DEFAULT_OCR_MIN_CONFIDENCE)
);
const ocrMinConfidence = Number(ocrMinText);
if (
  !Number.isFinite(ocrMinConfidence) ||
  ocrMinConfidence < 0 ||
  ocrMinConfidence > 100
) {
  throw new Error(
    `${ENV.ocrMinConfidence} must be a number from 0 to 100, got "${ocrMinText}"`
  );
}

export const handler = makeHandler({
  objects: new S3ObjectSource(createS3Client(), {
    derivedBucket: requireEnv(ENV.derivedBucket),
    derivedPrefix: optionalEnv(ENV.derivedPrefix, PREFIXES.derivedText),
  }),
  store: new DynamoDocumentStore(
    createDocumentClient(),
    requireEnv(ENV.tableName)
  ),
  limits: { maxBytes },
  // module scope: a warm container reuses the OCR worker; tesseract.js is
  // loaded only when the first scan arrives
  ocr: sharedTesseractEngine(),
  ocrMinConfidence,
  // POWERTOOLS_SERVICE_NAME (set by the CDK app) names the service in logs
  logger: new Logger({ serviceName: optionalEnv(ENV.serviceName, 'ingest') }),
  agent: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'ingest',
  // set by the grant on the raw bucket (infra AppFunction.bindBucket)
  accept: {
    bucket: requireEnv(ENV.rawBucket),
    prefix: optionalEnv(ENV.uploadPrefix, PREFIXES.upload),
  },
});
