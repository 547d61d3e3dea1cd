/**
 * The AWS target's dead letters cover both ingest paths: the text queue's
 * DLQ and the OCR queue's, found by redrive policy; redrive starts one
 * move task per non-empty DLQ, back to the queue its letters failed on.
 */
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ocrQueueUrlFor, openTarget } from '#cli/target.ts';

const sqs = mockClient(SQSClient);
const BASE = 'https://sqs.eu-west-1.amazonaws.com/123456789012';
const TEXT = `${BASE}/archive-ingest-ingest-prod`;
const OCR = `${BASE}/archive-ingest-ingest-ocr-prod`;
const arn = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

/** Queue attributes as SQS answers them, by queue URL. */
function queues(waiting: { text: number; ocr: number } | null) {
  sqs.on(GetQueueAttributesCommand).callsFake((input) => {
    const url: string = input.QueueUrl;
    const name = url.slice(url.lastIndexOf('/') + 1);
    if (url === OCR && waiting === null) {
      throw Object.assign(new Error('no such queue'), {
        name: 'QueueDoesNotExist',
      });
    }
    const isDlq = name.endsWith('-dlq');
    return {
      Attributes: {
        QueueArn: arn(name),
        ...(isDlq
          ? {
              ApproximateNumberOfMessages: String(
                name.includes('ocr') ? waiting?.ocr : waiting?.text
              ),
            }
          : {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: arn(`${name}-dlq`),
                maxReceiveCount: 5,
              }),
            }),
      },
    };
  });
}

async function target() {
  return openTarget(
    { table: 't', bucket: 'b', queueUrl: TEXT, region: 'eu-west-1' },
    { requires: ['queue'], env: {} }
  );
}

describe('AWS dead letters of both ingest paths', () => {
  afterEach(() => {
    sqs.reset();
    vi.restoreAllMocks();
  });

  it('finds the OCR queue by the stack naming, and nothing for other names', () => {
    // Act + Assess
    expect(ocrQueueUrlFor(TEXT)).toBe(OCR);
    expect(ocrQueueUrlFor(`${BASE}/my-queue`)).toBeNull();
    expect(ocrQueueUrlFor(OCR)).toBeNull();
  });

  it('lists the letters of both DLQs, each tagged with its queue', async () => {
    // Prepare
    queues({ text: 1, ocr: 1 });
    const body = (key: string) =>
      JSON.stringify({
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' }, object: { key } },
          },
        ],
      });
    sqs
      .on(ReceiveMessageCommand, { QueueUrl: `${TEXT}-dlq` })
      .resolvesOnce({
        Messages: [{ MessageId: 't1', Body: body('incoming/a.txt') }],
      })
      .resolves({ Messages: [] });
    sqs
      .on(ReceiveMessageCommand, { QueueUrl: `${OCR}-dlq` })
      .resolvesOnce({
        Messages: [{ MessageId: 'o1', Body: body('incoming/scan.png') }],
      })
      .resolves({ Messages: [] });
    const t = await target();

    // Act
    const letters = await t.failures();

    // Assess
    expect(letters.map((l) => [l.messageId, l.queue, l.key])).toEqual([
      ['t1', 'ingest', 'incoming/a.txt'],
      ['o1', 'ingest-ocr', 'incoming/scan.png'],
    ]);
    await t.close();
  });

  it('redrives each non-empty DLQ back to its own queue', async () => {
    // Prepare
    queues({ text: 0, ocr: 3 });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'h-ocr' });
    const t = await target();

    // Act
    const handles = await t.redrive();

    // Assess
    expect(handles).toEqual(['h-ocr']);
    const calls = sqs.commandCalls(StartMessageMoveTaskCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      {
        SourceArn: arn('archive-ingest-ingest-ocr-prod-dlq'),
        DestinationArn: arn('archive-ingest-ingest-ocr-prod'),
      },
    ]);
    await t.close();
  });

  it('says so on stderr when a deployment has no OCR queue, and covers the text DLQ', async () => {
    // Prepare
    queues(null);
    sqs.on(ReceiveMessageCommand).resolves({ Messages: [] });
    const stderr = vi.spyOn(process.stderr, 'write').mockReturnValue(true);
    const t = await target();

    // Act
    const letters = await t.failures();

    // Assess
    expect(letters).toEqual([]);
    expect(String(stderr.mock.calls[0]?.[0])).toContain(
      'no OCR ingest queue at'
    );
    expect(
      sqs
        .commandCalls(ReceiveMessageCommand)
        .map((c) => c.args[0].input.QueueUrl)
    ).toEqual([`${TEXT}-dlq`]);
    await t.close();
  });
});
