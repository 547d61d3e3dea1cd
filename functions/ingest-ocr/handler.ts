/**
 * Lambda entry of the OCR ingest function (x86_64 with the native canvas
 * and tesseract.js shipped beside the bundle, sized for scans): it reads
 * the messages the text function forwards (functions/ingest/handler.ts),
 * the same bodies, through the same use case, with an OCR engine.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV, optionalEnv } from '#shared/config/env.ts';
import { DEFAULT_OCR_MIN_CONFIDENCE } from '#shared/decode/ocr/defaults.ts';
import { sharedTesseractEngine } from '#shared/decode/ocr/tesseract.ts';
import { createS3Client, S3ObjectSource } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { readIngestEnvironment } from '../ingest/environment.ts';
import { makeHandler } from '../ingest/make-handler.ts';

const env = readIngestEnvironment('ingest-ocr');

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
    derivedBucket: env.derivedBucket,
    derivedPrefix: env.derivedPrefix,
  }),
  store: new DynamoDocumentStore(createDocumentClient(), env.tableName),
  limits: { maxBytes: env.maxBytes },
  // module scope: a warm container reuses the OCR worker; tesseract.js is
  // loaded only when the first scan arrives
  ocr: sharedTesseractEngine(),
  ocrMinConfidence,
  logger: new Logger({ serviceName: env.serviceName }),
  agent: env.agent,
  accept: env.accept,
});
