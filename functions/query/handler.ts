/**
 * Lambda entry of the query function: clients and configuration from the
 * environment, created once per container; the logic is in make-handler.ts
 * (import that module to build a handler around other adapters).
 *
 * Environment: TABLE_NAME_RECORDS (read), BUCKET_NAME_DERIVED (derived
 * text, read), QUERY_CURSOR_SECRET (signs cursors; any stable per-stack
 * value). Source links are presigned with this function's role, which needs
 * s3:GetObject(+Version) on the raw bucket's upload prefix.
 */
import { fileURLToPath } from 'node:url';
import { Logger } from '@aws-lambda-powertools/logger';
import { ENV, optionalEnv, requireEnv } from '#shared/config/env.ts';
import { createQueryService } from '#shared/query/index.ts';
import { createS3Client, S3ObjectSource } from '#shared/sources/s3-source.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { directoryAssets } from './assets.ts';
import { makeHandler } from './make-handler.ts';
import { presignedSourceLink } from './source-link.ts';

export { makeHandler } from './make-handler.ts';

/** Env var holding the key that signs cursors. */
export const QUERY_CURSOR_SECRET_ENV = ENV.queryCursorSecret;

const s3 = createS3Client();
const texts = new S3ObjectSource(s3, {
  derivedBucket: requireEnv(ENV.derivedBucket),
});

export const handler = makeHandler({
  query: createQueryService(
    new DynamoDocumentStore(createDocumentClient(), requireEnv(ENV.tableName)),
    {
      cursorSecret: requireEnv(QUERY_CURSOR_SECRET_ENV),
      sourceLink: presignedSourceLink(s3),
      readText: (uri) => texts.getDerivedText(uri),
    }
  ),
  // the CDK bundling hook copies web/{index.html,app.js,app.css} here
  assets: directoryAssets(fileURLToPath(new URL('./web/', import.meta.url))),
  // POWERTOOLS_SERVICE_NAME (set by the CDK app) names the service in logs
  logger: new Logger({ serviceName: optionalEnv(ENV.serviceName, 'query') }),
});
