/**
 * Lambda entry of the backfill-segment function: clients and names from
 * the environment (set by infra/constructs/backfill.ts with the grants),
 * created once per container; the logic is in make-handler.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, optionalEnv, requireEnv } from '#shared/config/env.ts';
import { dynamoSegmentScanner, sqsMessageSender } from './adapters.ts';
import { makeHandler } from './make-handler.ts';

export { makeHandler } from './make-handler.ts';

export const handler = makeHandler({
  scanner: dynamoSegmentScanner(
    DynamoDBDocumentClient.from(new DynamoDBClient({})),
    requireEnv(ENV.tableName)
  ),
  sender: sqsMessageSender(new SQSClient({}), requireEnv(ENV.ingestQueueUrl)),
  logger: new Logger({ serviceName: optionalEnv(ENV.serviceName, 'backfill') }),
});
