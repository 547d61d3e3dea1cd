/**
 * Stands in for `@aws-sdk/lib-dynamodb` in the text ingest bundle: the
 * document client (native values in, native values out) over the lite
 * DynamoDB client, translating exactly the members lib-dynamodb
 * translates (shared/aws-lite/dynamodb-wire.ts). `send` takes this
 * module's commands or the real SDK's document commands.
 */
import type { DynamoDBClient } from './client-dynamodb.ts';
import { operationOf } from './client-dynamodb.ts';
import {
  type MarshallOptions,
  marshallInput,
  unmarshallOutput,
} from './dynamodb-wire.ts';

/** Document command names → DynamoDB operations. */
const OPERATIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

function command(name: string) {
  return class<I = Record<string, unknown>> {
    readonly operation = name;
    constructor(readonly input: I) {}
  };
}

export const GetCommand = command('Get');
export const PutCommand = command('Put');
export const UpdateCommand = command('Update');
export const DeleteCommand = command('Delete');
export const QueryCommand = command('Query');
export const ScanCommand = command('Scan');
export const BatchGetCommand = command('BatchGet');
export const BatchWriteCommand = command('BatchWrite');
export const TransactGetCommand = command('TransactGet');
export const TransactWriteCommand = command('TransactWrite');

export interface TranslateConfig {
  marshallOptions?: MarshallOptions;
  unmarshallOptions?: { wrapNumbers?: boolean };
}

export class DynamoDBDocumentClient {
  private constructor(
    readonly client: DynamoDBClient,
    private readonly marshallOptions: MarshallOptions
  ) {}

  static from(
    client: DynamoDBClient,
    translateConfig: TranslateConfig = {}
  ): DynamoDBDocumentClient {
    if (translateConfig.unmarshallOptions?.wrapNumbers) {
      throw new Error(
        'aws-lite: unmarshallOptions.wrapNumbers is not supported'
      );
    }
    return new DynamoDBDocumentClient(
      client,
      translateConfig.marshallOptions ?? {}
    );
  }

  async send(cmd: { input: object }): Promise<Record<string, unknown>> {
    const name = operationOf(cmd);
    const operation = OPERATIONS[name];
    if (!operation) {
      throw new Error(`aws-lite: the document client cannot send ${name}`);
    }
    const { $metadata, ...output } = await this.client.call(
      operation,
      marshallInput(operation, cmd.input, this.marshallOptions)
    );
    return { ...unmarshallOutput(operation, output), $metadata };
  }

  destroy(): void {}
}
