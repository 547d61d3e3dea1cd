import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runReprocess } from '#cli/commands/reprocess.ts';
import { openTarget, wantsAws } from '#cli/target.ts';
import { captureIo } from '../../e2e/cli-helpers.ts';
import { makeRecord } from '../query/records.ts';

const ddb = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);

const FLAGS = {
  bucket: 'raw-prod',
  table: 'records-prod',
  queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/ingest',
  region: 'eu-west-1',
};

describe('AWS target', () => {
  afterEach(() => {
    ddb.reset();
    sqs.reset();
  });

  it('is chosen by flags or env unless --local is given', () => {
    // Act + Assess
    expect(wantsAws({}, {})).toBe(false);
    expect(wantsAws({}, { ARCHIVE_TABLE: 't' })).toBe(true);
    expect(wantsAws({ table: 't' }, {})).toBe(true);
    expect(wantsAws({ local: true }, { ARCHIVE_TABLE: 't' })).toBe(false);
  });

  it('refuses to open without a resource the command needs, naming it', async () => {
    // Act + Assess
    await expect(
      openTarget(
        { table: 't', region: 'eu-west-1' },
        { requires: ['queue'], env: {} }
      )
    ).rejects.toThrow(
      'this command needs --queue-url (or env ARCHIVE_QUEUE_URL)'
    );
  });

  it('reprocess --older-than-parser sends reprocess messages onto the ingest queue, copying nothing', async () => {
    // Prepare
    const old = makeRecord('old', { parserVersion: '0.0.9' });
    const current = makeRecord('current', { parserVersion: '0.2.0' });
    ddb.on(ScanCommand).resolves({
      Items: [old, current].map((record) => ({
        PK: `DOC#${record.id}`,
        SK: 'RECORD',
        record,
      })),
    });
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const { io, stdout } = captureIo();

    // Act
    const code = await runReprocess({ ...FLAGS, olderThanParser: '0.1.0' }, io);

    // Assess
    expect(code).toBe(0);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.QueueUrl).toBe(FLAGS.queueUrl);
    expect(input.Entries?.map((e) => JSON.parse(e.MessageBody ?? ''))).toEqual([
      {
        type: 'reprocess',
        bucket: 'raw',
        key: 'incoming/old.txt',
        force: false,
      },
    ]);
    expect(stdout()).toContain(
      'Enqueued 1 reprocess message(s) on the ingest queue.'
    );
  });
});
