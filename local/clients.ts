/**
 * SDK clients for the embedded runtime's servers. The settings here are the
 * ones s3rver and dynalite need (see ../shared/STACK.md); AWS clients are
 * built in cli/target.ts from the SDK's default chain.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';

// the SDK warns about Node 20 on every client; the project pins Node 20
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** s3rver checks signatures against its fixed key pair. */
const LOCAL_CREDENTIALS = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
};

export interface LocalEndpoints {
  s3: string;
  dynamodb: string;
  region: string;
}

/**
 * An S3 client for s3rver: path-style URLs (no bucket subdomains on
 * 127.0.0.1) and checksums only when required, because s3rver stores a
 * streamed body with its aws-chunked framing otherwise.
 */
export function localS3Client(endpoints: LocalEndpoints): S3Client {
  return new S3Client({
    endpoint: endpoints.s3,
    region: endpoints.region,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A DynamoDB client for dynalite (any credentials are accepted). */
export function localDynamoClient(endpoints: LocalEndpoints): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: endpoints.dynamodb,
    region: endpoints.region,
    credentials: LOCAL_CREDENTIALS,
  });
}
