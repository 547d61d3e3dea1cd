/**
 * Stands in for `@aws-sdk/client-dynamodb` in the text ingest bundle
 * (esbuild `alias`, infra/constructs/ingest-pipeline.ts): DynamoDB's JSON
 * 1.0 protocol (`POST /`, `X-Amz-Target: DynamoDB_20120810.<Operation>`)
 * over `fetch`, signed by aws4fetch. `send` accepts any command with an
 * `input`: this module's, or the real SDK's (named by its class), so the
 * same store code runs on either client.
 */
import { binaryFromWire, binaryToWire } from './dynamodb-wire.ts';
import {
  errorName,
  type LiteClientConfig,
  type ResponseMetadata,
  ServiceException,
  SignedTransport,
} from './http.ts';

export type { LiteClientConfig as DynamoDBClientConfig } from './http.ts';

/** Base of every error DynamoDB answers. */
export class DynamoDBServiceException extends ServiceException {}
export class ConditionalCheckFailedException extends DynamoDBServiceException {}
export class TransactionCanceledException extends DynamoDBServiceException {}
export class ResourceNotFoundException extends DynamoDBServiceException {}
export class ProvisionedThroughputExceededException extends DynamoDBServiceException {}

const EXCEPTIONS: Record<string, typeof DynamoDBServiceException> = {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  ResourceNotFoundException,
  ProvisionedThroughputExceededException,
};

/** An AWS JSON protocol error: `__type` names it, `message` says why. */
export function jsonError(
  response: Response,
  body: string,
  classes: Record<string, typeof ServiceException> = {},
  base: typeof ServiceException = ServiceException
): ServiceException {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = body ? (JSON.parse(body) as Record<string, unknown>) : {};
  } catch {
    // not JSON (a proxy's page): the status names it
  }
  const name =
    errorName(response.headers.get('x-amzn-errortype')) ||
    errorName(parsed.__type as string | undefined) ||
    errorName(parsed.code as string | undefined) ||
    (response.status >= 500 ? 'InternalServerError' : 'UnknownError');
  const message = String(
    parsed.message ?? parsed.Message ?? `${name} (HTTP ${response.status})`
  );
  const { __type, message: _m, Message: _M, ...fields } = parsed;
  const Class = classes[name] ?? base;
  return new Class(name, message, response.status, fields);
}

/** Operation of a command: its own `operation`, or the SDK class's name. */
export function operationOf(command: object): string {
  const own = (command as { operation?: unknown }).operation;
  if (typeof own === 'string') return own;
  return (command.constructor?.name ?? '').replace(/Command$/, '');
}

interface LiteCommand<I> {
  readonly operation: string;
  readonly input: I;
}

function command(operation: string) {
  return class<I = Record<string, unknown>> implements LiteCommand<I> {
    readonly operation = operation;
    constructor(readonly input: I) {}
  };
}

export const GetItemCommand = command('GetItem');
export const PutItemCommand = command('PutItem');
export const UpdateItemCommand = command('UpdateItem');
export const DeleteItemCommand = command('DeleteItem');
export const QueryCommand = command('Query');
export const ScanCommand = command('Scan');
export const BatchGetItemCommand = command('BatchGetItem');
export const BatchWriteItemCommand = command('BatchWriteItem');
export const TransactWriteItemsCommand = command('TransactWriteItems');
export const TransactGetItemsCommand = command('TransactGetItems');
export const DescribeTableCommand = command('DescribeTable');
export const CreateTableCommand = command('CreateTable');

export class DynamoDBClient {
  readonly transport: SignedTransport;
  readonly config: LiteClientConfig;

  constructor(config: LiteClientConfig = {}) {
    this.config = config;
    this.transport = new SignedTransport('dynamodb', config, (r, b) =>
      jsonError(r, b, EXCEPTIONS, DynamoDBServiceException)
    );
  }

  /** One operation, JSON in and out as on the wire. */
  async call(
    operation: string,
    input: unknown
  ): Promise<Record<string, unknown> & { $metadata: ResponseMetadata }> {
    const t = this.transport;
    const url = new URL(
      `${t.endpoint('DYNAMODB', () => t.regionalHost('dynamodb'))}/`
    );
    const { response, $metadata } = await t.send({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
      },
      body: JSON.stringify(input),
    });
    const text = await response.text();
    return { ...(text ? JSON.parse(text) : {}), $metadata };
  }

  /** A low-level (AttributeValue) command, this module's or the SDK's. */
  async send(cmd: { input: object }): Promise<Record<string, unknown>> {
    const { $metadata, ...output } = await this.call(
      operationOf(cmd),
      binaryToWire(cmd.input)
    );
    return { ...binaryFromWire(output), $metadata };
  }

  destroy(): void {}
}
