import 'aws-sdk-client-mock-vitest/extend';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createTable } from '#shared/store/create-table.ts';
import { TABLE_DESIGN } from '#shared/store/table-design.ts';

describe('createTable', () => {
  it('gives each GSI the projection TABLE_DESIGN declares (no year index)', async () => {
    // Prepare
    const client = new DynamoDBClient({ region: 'us-east-1' });
    const ddb = mockClient(client);
    ddb.on(CreateTableCommand).resolves({});
    ddb.on(DescribeTableCommand).resolves({
      Table: { TableStatus: 'ACTIVE', GlobalSecondaryIndexes: [] },
    });
    // Act
    await createTable(client, 'records');
    // Assess
    const input = ddb.commandCalls(CreateTableCommand)[0]?.args[0].input;
    const projections = Object.fromEntries(
      (input?.GlobalSecondaryIndexes ?? []).map((g) => [
        g.IndexName,
        g.Projection,
      ])
    );
    expect(projections).toEqual({
      'by-type': {
        ProjectionType: 'INCLUDE',
        NonKeyAttributes: ['documentType', 'date', 'people'],
      },
      'by-telegram': { ProjectionType: 'KEYS_ONLY' },
    });
    expect(Object.keys(projections)).toEqual(
      TABLE_DESIGN.globalSecondaryIndexes.map((g) => g.indexName)
    );
  });
});
