/**
 * Lambda entry of the review function: the query API's write routes
 * (`POST /records/{id}/corrections`, `POST /records/{id}/reviewed`), which
 * the stack routes here and only the reviewer role may invoke. The same
 * router as the query function (functions/query/make-handler.ts), given a
 * caller: sessions of the reviewer role only (403 for anyone else), whose
 * ARN is the correction's `by`. The query function stays read-only; this
 * one writes to the table (docs/REVIEW.md).
 *
 * Environment: TABLE_NAME_RECORDS (read-write), BUCKET_NAME_DERIVED
 * (derived text, read: spans are checked against it), REVIEWER_ROLE_NAME.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV, optionalEnv, requireEnv } from '#shared/config/env.ts';
import { createQueryService } from '#shared/query/index.ts';
import { createS3Client, S3ObjectSource } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { reviewerCaller } from '../query/caller.ts';
import { makeHandler } from '../query/make-handler.ts';

const texts = new S3ObjectSource(createS3Client(), {
  derivedBucket: requireEnv(ENV.derivedBucket),
});

export const handler = makeHandler({
  query: createQueryService(
    new DynamoDocumentStore(createDocumentClient(), requireEnv(ENV.tableName)),
    { readText: (uri) => texts.getDerivedText(uri) }
  ),
  caller: reviewerCaller(requireEnv(ENV.reviewerRoleName)),
  logger: new Logger({ serviceName: optionalEnv(ENV.serviceName, 'review') }),
});
