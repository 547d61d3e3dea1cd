/**
 * Lambda entry of the query function: clients and configuration from the
 * environment, created once per container; the logic is in make-handler.ts
 * (import that module to build a handler around other adapters).
 *
 * Environment: TABLE_NAME_RECORDS (read), BUCKET_NAME_DERIVED (derived
 * text, read), QUERY_CURSOR_SECRET_ARN (the Secrets Manager secret whose
 * random value signs cursors, read once per cold start) or, outside AWS,
 * QUERY_CURSOR_SECRET (the key itself). Source links are presigned with
 * this function's role, which needs s3:GetObject(+Version) on the raw
 * bucket's upload prefix; it reads record texts there too (a UTF-8 text
 * upload's text is the upload itself, at its version).
 */
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV, optionalEnv, requireEnv } from '#shared/config/env.ts';
import { createQueryService } from '#shared/query/index.ts';
import { createS3Client, S3ObjectSource } from '#shared/sources/s3-source.ts';
import { readSecretString } from '#shared/sources/secret-value.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { directoryAssets } from './assets.ts';
import { makeHandler, type QueryHandler } from './make-handler.ts';
import { presignedSourceLink } from './source-link.ts';

export { makeHandler } from './make-handler.ts';

/** Env var holding the key that signs cursors. */
export const QUERY_CURSOR_SECRET_ENV = ENV.queryCursorSecret;

/**
 * The cursor key: from Secrets Manager when the ARN is set (deployed),
 * else the variable itself. Read once per container, at its first request
 * (importing the module stays free of I/O); a failed read fails that
 * request loudly, and the next one tries again, instead of signing with
 * something guessable.
 */
async function cursorSecret(): Promise<string> {
  const arn = process.env[ENV.queryCursorSecretArn];
  if (arn) return readSecretString(arn);
  return requireEnv(QUERY_CURSOR_SECRET_ENV);
}

const s3 = createS3Client();
const texts = new S3ObjectSource(s3, {
  derivedBucket: requireEnv(ENV.derivedBucket),
});
const store = new DynamoDocumentStore(
  createDocumentClient(),
  requireEnv(ENV.tableName)
);
// the CDK bundling hook copies web/{index.html,app.js,app.css} here
const assets = directoryAssets(
  fileURLToPath(new URL('./web/', import.meta.url))
);
// POWERTOOLS_SERVICE_NAME (set by the CDK app) names the service in logs
const logger = new Logger({
  serviceName: optionalEnv(ENV.serviceName, 'query'),
});

async function build(): Promise<QueryHandler> {
  return makeHandler({
    query: createQueryService(store, {
      cursorSecret: await cursorSecret(),
      sourceLink: presignedSourceLink(s3),
      readText: (uri) => texts.getDerivedText(uri),
    }),
    assets,
    logger,
  });
}

let ready: Promise<QueryHandler> | null = null;

/** The Lambda handler: built at the container's first request, then reused. */
export const handler: QueryHandler = async (event, context) => {
  ready ??= build().catch((error: unknown) => {
    ready = null;
    logger.error('cannot read the cursor key', { error });
    throw error;
  });
  return (await ready)(event, context);
};
