import type { AddressInfo } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counters } from '#bench/e2e.ts';
import { localDynamoClient } from '#local/clients.ts';
import { type Item, putWriteUnits } from '#shared/store/capacity.ts';
import { createTable } from '#shared/store/create-table.ts';

/** The bench's counters on a real DynamoDB wire (dynalite, in memory). */
describe('Counters', () => {
  const server = dynalite({ createTableMs: 0 });
  let db: ReturnType<typeof localDynamoClient>;

  beforeAll(async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    db = localDynamoClient({
      dynamodb: `http://127.0.0.1:${port}`,
      s3: 'http://127.0.0.1:1',
      region: 'us-east-1',
    });
    await createTable(db, 'tbl');
  });
  afterAll(async () => {
    db.destroy();
    await new Promise<void>((ok) => server.close(() => ok()));
  });

  it('prices document-client writes by capacity.ts and groups them by document', async () => {
    // Prepare: invented items; the record item in two GSIs
    const counters = new Counters();
    counters.attach(new S3Client({ region: 'us-east-1' }), db, 'derived');
    const doc = DynamoDBDocumentClient.from(db);
    const record = {
      PK: 'DOC#d1',
      SK: 'RECORD',
      entity: 'record',
      GSI1PK: 'TYPE#letter',
      GSI1SK: '1950#d1',
      GSI2PK: 'YEAR#1950',
      GSI2SK: '1950#d1',
      body: 'x'.repeat(1500),
    };
    const event = { PK: 'DOC#d1', SK: 'EVENT#1', entity: 'event' };
    const person = {
      PK: 'PERSON#kim',
      SK: '1950#d1#author',
      entity: 'person',
      documentId: 'd1',
    };
    counters.paused = false;
    // Act
    await doc.send(
      new BatchWriteCommand({
        RequestItems: {
          tbl: [
            { PutRequest: { Item: event } },
            { PutRequest: { Item: person } },
          ],
        },
      })
    );
    await doc.send(new PutCommand({ TableName: 'tbl', Item: record }));
    counters.paused = true;
    const writes = counters.digest();
    // Assess
    const expected = putWriteUnits(marshall(record) as Item);
    expect(expected.total).toBeGreaterThan(expected.table);
    expect(counters.writeUnitsTable + counters.writeUnitsIndexes).toBe(
      1 + 1 + expected.total
    );
    expect(counters.items).toBe(3);
    expect(counters.unitsByKind.get('record')).toBe(expected.total);
    expect(counters.requests.get('DynamoDB:BatchWriteItem')).toBe(1);
    expect(writes.map((w) => w.doc)).toEqual(['d1', 'd1', 'd1']);
    expect(writes[2]?.item.body?.S?.length).toBe(1500);
  });
});
