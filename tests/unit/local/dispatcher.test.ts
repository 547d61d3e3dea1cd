import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileDeadLetters, memoryDeadLetters } from '#local/dead-letters.ts';
import {
  Dispatcher,
  IngestQueues,
  type SqsHandler,
} from '#local/dispatcher.ts';

/** A handler that fails the keys in `broken` and records every delivery. */
function recordingHandler(broken: Set<string>) {
  const deliveries: { key: string; receiveCount: number }[] = [];
  const done = new Set<string>();
  const handler: SqsHandler = async (event: SQSEvent) => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const { key } = JSON.parse(record.body) as { key: string };
      deliveries.push({
        key,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
      });
      if (broken.has(key)) {
        batchItemFailures.push({ itemIdentifier: record.messageId });
      } else {
        done.add(key);
      }
    }
    return { batchItemFailures };
  };
  return { handler, deliveries, done };
}

const message = (key: string) => ({
  type: 'reprocess',
  bucket: 'raw',
  key,
});

describe('Dispatcher', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dispatcher-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers SQS-shaped batches of at most 10 records', async () => {
    // Prepare
    const batches: SQSEvent[] = [];
    const dispatcher = new Dispatcher({
      handler: async (event) => {
        batches.push(event);
        return { batchItemFailures: [] };
      },
      deadLetters: memoryDeadLetters(),
      concurrency: 1,
      retryDelayMs: () => 0,
    });

    // Act
    for (let i = 0; i < 23; i++) dispatcher.enqueue(message(`incoming/${i}`));
    await dispatcher.drain();

    // Assess
    expect(batches.map((b) => b.Records.length)).toEqual([10, 10, 3]);
    const record = batches[0]!.Records[0]!;
    expect(record.eventSource).toBe('aws:sqs');
    expect(record.attributes.ApproximateReceiveCount).toBe('1');
    expect(record.receiptHandle).toBeTruthy();
    expect(JSON.parse(record.body)).toEqual(message('incoming/0'));
    expect(dispatcher.stats.succeeded).toBe(23);
  });

  it('retries only the failed items, then dead-letters them after 5 receives', async () => {
    // Prepare
    const { handler, deliveries, done } = recordingHandler(
      new Set(['incoming/bad-1', 'incoming/bad-2'])
    );
    const deadLetters = fileDeadLetters(join(dir, 'dead-letters.json'));
    const dispatcher = new Dispatcher({
      handler,
      deadLetters,
      retryDelayMs: () => 1,
    });

    // Act
    for (const key of ['good-1', 'bad-1', 'good-2', 'bad-2']) {
      dispatcher.enqueue(message(`incoming/${key}`));
    }
    await dispatcher.drain();

    // Assess
    expect([...done].sort()).toEqual(['incoming/good-1', 'incoming/good-2']);
    const badDeliveries = deliveries.filter((d) => d.key === 'incoming/bad-1');
    expect(badDeliveries.map((d) => d.receiveCount)).toEqual([1, 2, 3, 4, 5]);
    expect(deliveries.filter((d) => d.key === 'incoming/good-1')).toHaveLength(
      1
    );
    const letters = await fileDeadLetters(
      join(dir, 'dead-letters.json')
    ).list();
    expect(letters.map((l) => l.key).sort()).toEqual([
      'incoming/bad-1',
      'incoming/bad-2',
    ]);
    expect(letters[0]!.receiveCount).toBe(5);
  });

  it('fails the whole batch when the handler throws', async () => {
    // Prepare
    let calls = 0;
    const dispatcher = new Dispatcher({
      handler: async () => {
        calls += 1;
        throw new Error('table unreachable');
      },
      deadLetters: memoryDeadLetters(),
      maxReceiveCount: 2,
      retryDelayMs: () => 1,
    });

    // Act
    dispatcher.enqueue(message('incoming/a'));
    dispatcher.enqueue(message('incoming/b'));
    await dispatcher.drain();

    // Assess
    const letters = await dispatcher.failures();
    expect(letters.map((l) => l.key).sort()).toEqual([
      'incoming/a',
      'incoming/b',
    ]);
    expect(letters[0]!.lastError).toBe('table unreachable');
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('redrive replays dead letters once the cause is fixed', async () => {
    // Prepare
    const broken = new Set(['incoming/bad']);
    const { handler, done } = recordingHandler(broken);
    const file = join(dir, 'dead-letters.json');
    const first = new Dispatcher({
      handler,
      deadLetters: fileDeadLetters(file),
      retryDelayMs: () => 1,
    });
    first.enqueue(message('incoming/bad'));
    await first.drain();
    await first.close();
    expect(done.has('incoming/bad')).toBe(false);
    broken.clear(); // the cause is fixed

    // Act: a new process reads the persisted dead letters and redrives them
    const second = new Dispatcher({
      handler,
      deadLetters: fileDeadLetters(file),
      retryDelayMs: () => 1,
    });
    const redriven = await second.redrive();
    await second.drain();

    // Assess
    expect(redriven).toHaveLength(1);
    expect(done.has('incoming/bad')).toBe(true);
    expect(await second.failures()).toEqual([]);
  });
});

describe('IngestQueues (the text and OCR paths as one queue)', () => {
  /**
   * Two paths like the runtime's: the text handler forwards `*.png` keys to
   * the OCR queue; the OCR handler fails the keys in `ocrBroken`.
   */
  function twoPaths(ocrBroken: Set<string>) {
    let queues: IngestQueues | null = null;
    const text: string[] = [];
    const textSeen: string[] = [];
    const ocr = recordingHandler(ocrBroken);
    const textHandler: SqsHandler = async (event) => {
      for (const record of event.Records) {
        const { key } = JSON.parse(record.body) as { key: string };
        textSeen.push(key);
        if (key.endsWith('.png')) queues!.forward(record.body);
        else text.push(key);
      }
      return { batchItemFailures: [] };
    };
    queues = new IngestQueues(
      new Dispatcher({
        name: 'ingest',
        handler: textHandler,
        deadLetters: memoryDeadLetters(),
        retryDelayMs: () => 1,
      }),
      new Dispatcher({
        name: 'ingest-ocr',
        handler: ocr.handler,
        deadLetters: memoryDeadLetters(),
        batchSize: 3,
        retryDelayMs: () => 1,
      })
    );
    return { queues, text, textSeen, ocr };
  }

  it('drains only when the scans the text path forwarded are read too, counting each message once', async () => {
    // Prepare
    const { queues, text, ocr } = twoPaths(new Set());

    // Act
    for (const key of ['a.txt', 'b.png', 'c.txt', 'd.png']) {
      queues.enqueue(message(`incoming/${key}`));
    }
    await queues.drain();

    // Assess
    expect(text.sort()).toEqual(['incoming/a.txt', 'incoming/c.txt']);
    expect([...ocr.done].sort()).toEqual(['incoming/b.png', 'incoming/d.png']);
    expect(queues.idle).toBe(true);
    expect(queues.stats).toMatchObject({
      enqueued: 4,
      succeeded: 4,
      deadLettered: 0,
    });
  });

  it("lists both paths' dead letters, naming the queue, and redrives each to its own queue", async () => {
    // Prepare
    const broken = new Set(['incoming/bad.png']);
    const { queues, ocr, textSeen } = twoPaths(broken);
    queues.enqueue(message('incoming/bad.png'));
    await queues.drain();

    // Act
    const letters = await queues.failures();
    broken.clear();
    const redriven = await queues.redrive();
    await queues.drain();

    // Assess
    expect(letters).toMatchObject([
      { key: 'incoming/bad.png', queue: 'ingest-ocr', receiveCount: 5 },
    ]);
    expect(redriven).toEqual([letters[0]!.messageId]);
    // back on the OCR queue: the OCR handler read it, the text one did not
    expect(ocr.done.has('incoming/bad.png')).toBe(true);
    expect(textSeen).toEqual(['incoming/bad.png']);
    expect(await queues.failures()).toEqual([]);
    expect(queues.stats).toMatchObject({ enqueued: 2, succeeded: 1 });
  });
});
