/** Loads an event fixture from fixtures/events (the one place that does). */
import { readFileSync } from 'node:fs';

export function loadEvent<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(
    readFileSync(
      new URL(`../../../fixtures/events/${name}.json`, import.meta.url),
      'utf8'
    )
  ) as T;
}

/** An SQS event carrying `bodies`, built on fixtures/events/sqs-envelope.json. */
export function sqsEventOf(...bodies: unknown[]) {
  const envelope = loadEvent<{ Records: Array<Record<string, unknown>> }>(
    'sqs-envelope'
  );
  const template = envelope.Records[0]!;
  return {
    Records: bodies.map((b, i) => ({
      ...template,
      messageId: `m${i}`,
      body: typeof b === 'string' ? b : JSON.stringify(b),
    })),
  } as unknown as import('aws-lambda').SQSEvent;
}
