/**
 * Fault injection for the drill, as AWS SDK middleware on the clients the
 * ingest handler uses. Placed inside the SDK's retry loop (deserialize
 * step), so each injected fault meets the same retries a real one would:
 * - `throttle`: ThrottlingException / HTTP 400 + `$retryable` (DynamoDB) or
 *   SlowDown 503 (S3), before the request is sent (nothing applied);
 * - `5xx`: InternalServerError 500 / ServiceUnavailable 503, not applied;
 * - `timeout`: the request IS applied, then the response is lost
 *   (TimeoutError), the hard case for idempotent writes;
 * - a killed "process": every later call of these clients fails at once,
 *   so work in flight stops at whatever call it had reached.
 *
 * Faulted calls: the object read (S3 GetObject/HeadObject), the derived-text
 * write (S3 PutObject: the handler's client writes nothing else), the state
 * read (DynamoDB GetItem of the record item at the start of ingest; the
 * other GetItems too) and every DynamoDB write. Each injected fault is counted by
 * kind, by operation, and by what the call was for ({@link faultTarget}).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { RECORD_SK } from '#shared/store/keys.ts';
import type { Rng } from './generator/random.ts';

export type FaultKind = 'throttle' | '5xx' | 'timeout';

export interface FaultCounts {
  calls: number;
  injected: Record<FaultKind, number>;
  byOperation: Record<string, number>;
  /** Faults by what the call was for, then by kind. */
  byTarget: Record<string, Record<FaultKind, number>>;
  killed: number;
}

/**
 * What a faulted call was for, for the report:
 * - `object-read`: S3 GetObject/HeadObject (the uploaded object, or a
 *   derived text read back);
 * - `derived-text-write`: S3 PutObject (the handler writes only derived
 *   text: an HTML, PDF or OCR page's decoded text);
 * - `record-read`: DynamoDB GetItem of a record item (`SK = RECORD`): the
 *   record state read at the start of ingest, and the store's re-reads of
 *   the record item (after a lost conditional put, before a clean-up);
 * - `other-read`: any other GetItem (a content-hash claim);
 * - `table-write`: PutItem, UpdateItem, DeleteItem, BatchWriteItem.
 */
export type FaultTarget =
  | 'object-read'
  | 'derived-text-write'
  | 'record-read'
  | 'other-read'
  | 'table-write';

export const FAULT_TARGETS: readonly FaultTarget[] = [
  'object-read',
  'derived-text-write',
  'record-read',
  'other-read',
  'table-write',
];

/**
 * The target of a faulted operation (see {@link FaultTarget}).
 *
 * @param operation `S3:PutObject`, `DynamoDB:GetItem`...
 * @param input the command's input as the client sends it (a GetItem's
 *   `Key` marshalled, `{ SK: { S: 'RECORD' } }`, or plain)
 */
export function faultTarget(operation: string, input: unknown): FaultTarget {
  if (operation === 'S3:PutObject') return 'derived-text-write';
  if (operation.startsWith('S3:')) return 'object-read';
  if (operation === 'DynamoDB:GetItem') {
    const sk = (input as { Key?: { SK?: unknown } } | undefined)?.Key?.SK;
    const value =
      typeof sk === 'string' ? sk : (sk as { S?: string } | undefined)?.S;
    return value === RECORD_SK ? 'record-read' : 'other-read';
  }
  return 'table-write';
}

export interface FaultPlan {
  /** Share of eligible calls that fail (0..1). */
  rate: number;
  /** Share of the faults that are timeouts after the call was applied. */
  timeoutShare: number;
  rng: Rng;
  counts: FaultCounts;
}

export function newCounts(): FaultCounts {
  return {
    calls: 0,
    injected: { throttle: 0, '5xx': 0, timeout: 0 },
    byOperation: {},
    byTarget: Object.fromEntries(
      FAULT_TARGETS.map((t) => [t, { throttle: 0, '5xx': 0, timeout: 0 }])
    ),
    killed: 0,
  };
}

/**
 * Operations faults are injected into: S3 reads, the derived-text write,
 * DynamoDB item reads and DynamoDB writes.
 */
export const FAULTY_OPERATIONS = new Set([
  'S3:GetObject',
  'S3:HeadObject',
  'S3:PutObject',
  'DynamoDB:GetItem',
  'DynamoDB:PutItem',
  'DynamoDB:UpdateItem',
  'DynamoDB:DeleteItem',
  'DynamoDB:BatchWriteItem',
]);

/** The switch that "kills the process" owning a set of clients. */
export interface Life {
  killed: boolean;
}

/**
 * Adds the fault middleware to a client.
 *
 * @param client an S3 or DynamoDB client (used only by the handler)
 * @param service `S3` or `DynamoDB`, for operation names
 * @param plan rates, random source and counters (shared across clients)
 * @param life the owning process: once killed, every call fails
 */
export function injectFaults(
  client: S3Client | DynamoDBClient,
  service: 'S3' | 'DynamoDB',
  plan: FaultPlan,
  life: Life
): void {
  (client as S3Client).middlewareStack.add(
    (next, context) => async (args) => {
      if (life.killed) {
        plan.counts.killed += 1;
        throw Object.assign(new Error('ingest process killed (drill)'), {
          name: 'ProcessKilled',
        });
      }
      const operation = `${service}:${(context.commandName ?? '').replace(/Command$/, '')}`;
      plan.counts.calls += 1;
      if (!FAULTY_OPERATIONS.has(operation) || plan.rng.next() >= plan.rate) {
        return next(args);
      }
      plan.counts.byOperation[operation] =
        (plan.counts.byOperation[operation] ?? 0) + 1;
      const target = faultTarget(
        operation,
        (args as { input?: unknown }).input
      );
      plan.counts.byTarget[target] ??= { throttle: 0, '5xx': 0, timeout: 0 };
      const byKind = plan.counts.byTarget[target];
      if (plan.rng.next() < plan.timeoutShare) {
        plan.counts.injected.timeout += 1;
        byKind.timeout += 1;
        await new Promise((r) => setTimeout(r, plan.rng.int(5, 60)));
        await next(args); // applied on the server...
        throw Object.assign(new Error('injected: response lost (timeout)'), {
          name: 'TimeoutError',
          $metadata: {},
        });
      }
      if (plan.rng.next() < 0.5) {
        plan.counts.injected.throttle += 1;
        byKind.throttle += 1;
        throw sdkError(
          service === 'S3' ? 'SlowDown' : 'ThrottlingException',
          service === 'S3' ? 503 : 400,
          'injected: throttled'
        );
      }
      plan.counts.injected['5xx'] += 1;
      byKind['5xx'] += 1;
      const unavailable = plan.rng.next() < 0.5;
      throw sdkError(
        unavailable ? 'ServiceUnavailable' : 'InternalServerError',
        unavailable ? 503 : 500,
        'injected: server error'
      );
    },
    { step: 'deserialize', name: 'drillFaults', priority: 'high' }
  );
}

function sdkError(name: string, status: number, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $retryable:
      name.includes('Throttl') || name === 'SlowDown'
        ? { throttling: true }
        : undefined,
    $metadata: { httpStatusCode: status, attempts: 1 },
  });
}
