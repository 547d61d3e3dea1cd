/**
 * Creates the table from TABLE_DESIGN: used by the embedded runtime and the
 * integration tests (CDK builds the same design in infra/).
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type Projection,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { type GsiProjection, TABLE_DESIGN } from './table-design.ts';

/** A GSI's projection in CreateTable's terms. */
export function projectionOf(p: GsiProjection): Projection {
  return p.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.nonKeyAttributes] }
    : { ProjectionType: p.type };
}

/**
 * Creates `tableName` (on-demand, GSIs projecting what TABLE_DESIGN says)
 * and waits until it is ACTIVE. An existing table is left as it is.
 *
 * @param client - a DynamoDB client (dynalite, DynamoDB Local or AWS)
 * @param tableName - physical table name
 */
export async function createTable(
  client: DynamoDBClient,
  tableName: string
): Promise<void> {
  const keys = [
    TABLE_DESIGN.partitionKey,
    TABLE_DESIGN.sortKey,
    ...TABLE_DESIGN.globalSecondaryIndexes.flatMap((g) => [
      g.partitionKey,
      g.sortKey,
    ]),
  ];
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: keys.map((k) => ({
          AttributeName: k.name,
          AttributeType: k.type,
        })),
        KeySchema: [
          { AttributeName: TABLE_DESIGN.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: TABLE_DESIGN.sortKey.name, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE_DESIGN.globalSecondaryIndexes.map(
          (g) => ({
            IndexName: g.indexName,
            KeySchema: [
              { AttributeName: g.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: g.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: projectionOf(g.projection),
          })
        ),
      })
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  for (let i = 0; i < 600; i += 1) {
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: tableName })
    );
    const ready =
      Table?.TableStatus === 'ACTIVE' &&
      (Table.GlobalSecondaryIndexes ?? []).every(
        (g) => g.IndexStatus === 'ACTIVE'
      );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`table ${tableName} did not become ACTIVE within 60 s`);
}
