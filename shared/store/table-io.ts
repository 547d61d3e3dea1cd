/**
 * The table requests every store module shares: batched puts and gets
 * with retries of unprocessed items, the conditional put and delete the
 * write protocol relies on, paged queries that resume exactly, and the
 * validation of page options. No knowledge of what the items mean.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#shared/errors/index.ts';
import {
  type CursorPosition,
  checkStartKeyPartition,
  cursorError,
  decodeCursor,
  encodeCursor,
} from './cursor.ts';
import { type ItemKey, type RecordItem, recordItemKey } from './items.ts';
import { decodeRecordItem } from './record-codec.ts';

/** The table a store module works on. */
export interface TableContext {
  readonly db: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** One page of results; `cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface PageOptions {
  /** Page size (1-1000, default 50). */
  limit?: number;
  cursor?: string | null;
  /** Read the index in descending key order: newest date first. */
  newestFirst?: boolean;
}

/** Date bounds: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive. */
export interface DateRange {
  from?: string;
  to?: string;
}

const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
const DATE_BOUND = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export function pageLimit(limit: number | undefined): number {
  const n = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new ValidationError(
      `limit must be an integer 1-${MAX_LIMIT}, got ${n}`
    );
  }
  return n;
}

export function checkRange({ from, to }: DateRange): void {
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && !DATE_BOUND.test(value)) {
      throw new ValidationError(
        `${name} must be YYYY, YYYY-MM or YYYY-MM-DD, got "${value}"`
      );
    }
  }
}

/** Sort-key bounds for `<date>#<id>` keys; undated (`0000`) sorts first. */
export function skBounds({ from, to }: DateRange): [string, string] {
  return [from ?? '0000', `${to ?? '9999'}\uffff`];
}

export const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string } | null)?.name ===
    'ConditionalCheckFailedException';

export async function backoff(round: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
}

/** The record item of `id`, decoded (strongly consistent), or null. */
export async function getRecordItem(
  t: TableContext,
  id: string
): Promise<RecordItem | null> {
  const { Item } = await t.db.send(
    new GetCommand({
      TableName: t.tableName,
      Key: recordItemKey(id),
      ConsistentRead: true,
    })
  );
  return Item ? decodeRecordItem(Item) : null;
}

/** Puts items, 25 a request, unprocessed ones retried with backoff. */
export async function batchPut(
  t: TableContext,
  items: readonly object[]
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: Array<Record<string, unknown>> = items
      .slice(i, i + 25)
      .map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests.length > 0; round += 1) {
      if (round >= 8) {
        throw Object.assign(
          new Error('BatchWriteItem left items unprocessed after 8 rounds'),
          { name: 'ThrottlingException' }
        );
      }
      const out = await t.db.send(
        new BatchWriteCommand({
          RequestItems: { [t.tableName]: requests as never },
        })
      );
      requests = (out.UnprocessedItems?.[t.tableName] ?? []) as Array<
        Record<string, unknown>
      >;
      if (requests.length > 0) await backoff(round);
    }
  }
}

/**
 * Items by key, 100 keys a request, unprocessed keys retried with
 * backoff; only `projection` when given (attribute names in `names`).
 * Order not kept; missing items left out.
 */
export async function batchGet(
  t: TableContext,
  keys: readonly ItemKey[],
  projection?: { expression: string; names: Record<string, string> }
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  const unique = [
    ...new Map(keys.map((k) => [`${k.PK}\n${k.SK}`, k])).values(),
  ];
  for (let i = 0; i < unique.length; i += 100) {
    let batch: Record<string, unknown>[] = unique
      .slice(i, i + 100)
      .map(({ PK, SK }) => ({ PK, SK }));
    for (let round = 0; batch.length > 0 && round < 8; round += 1) {
      const out = await t.db.send(
        new BatchGetCommand({
          RequestItems: {
            [t.tableName]: {
              Keys: batch,
              ...(projection
                ? {
                    ProjectionExpression: projection.expression,
                    ExpressionAttributeNames: projection.names,
                  }
                : {}),
            },
          },
        })
      );
      items.push(...(out.Responses?.[t.tableName] ?? []));
      batch = (out.UnprocessedKeys?.[t.tableName]?.Keys ?? []) as Record<
        string,
        unknown
      >[];
      if (batch.length > 0) await backoff(round);
    }
  }
  return items;
}

/** Conditional put: a re-delivery writes the item at most once. */
export async function putIfAbsent(
  t: TableContext,
  item: ItemKey & Record<string, unknown>
): Promise<void> {
  try {
    await t.db.send(
      new PutCommand({
        TableName: t.tableName,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK)',
      })
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Attempts of a request whose failure would leave index items no record
 * owns (a clean-up's deletes, a lost race's read of the winner): a
 * message retried after that finds the newer version stored and stops
 * before reaching the clean-up again.
 */
export const CLEANUP_ATTEMPTS = 6;

/**
 * Runs an idempotent `op`, retrying with backoff (25 ms doubling) up to
 * `CLEANUP_ATTEMPTS` times, on top of the SDK's own retries.
 */
export async function retrying<T>(op: () => Promise<T>): Promise<T> {
  for (let round = 0; ; round += 1) {
    try {
      return await op();
    } catch (error) {
      if (round + 1 >= CLEANUP_ATTEMPTS) throw error;
      await backoff(round);
    }
  }
}

/** Deletes index items, but only ones still belonging to `id` (retrying). */
export async function deleteOwned(
  t: TableContext,
  id: string,
  keys: readonly ItemKey[]
): Promise<void> {
  await Promise.all(
    keys.map(({ PK, SK }) =>
      retrying(async () => {
        try {
          await t.db.send(
            new DeleteCommand({
              TableName: t.tableName,
              Key: { PK, SK },
              ConditionExpression: 'documentId = :id',
              ExpressionAttributeValues: { ':id': id },
            })
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      })
    )
  );
}

/** Every item a Query returns, all pages. */
export async function queryAll<T = Record<string, unknown>>(
  t: TableContext,
  input: Omit<QueryCommandInput, 'TableName'>
): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await t.db.send(
      new QueryCommand({
        ...input,
        TableName: t.tableName,
        ExclusiveStartKey: start,
      })
    );
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Queries until `limit` items match or the partition ends. Resumes from
 * the last returned item's key (not DynamoDB's page end), so a filtered
 * query never skips items between pages.
 */
export async function queryUntil<T extends object>(
  t: TableContext,
  input: Omit<QueryCommandInput, 'TableName'>,
  limit: number,
  startKey: Record<string, unknown> | undefined,
  keyOf: (item: T) => Record<string, unknown>
): Promise<{ items: T[]; next: CursorPosition | null }> {
  const items: T[] = [];
  let start = startKey;
  if (startKey) {
    // the key came from a cursor: it must lie in the partition read
    checkStartKeyPartition(
      input.KeyConditionExpression,
      input.ExpressionAttributeValues,
      startKey
    );
  }
  for (;;) {
    const out = await t.db
      .send(
        new QueryCommand({
          ...input,
          TableName: t.tableName,
          ExclusiveStartKey: start,
          ...(input.FilterExpression ? {} : { Limit: limit - items.length }),
        })
      )
      .catch((error: unknown) => {
        throw start === startKey && startKey ? cursorError(error) : error;
      });
    for (const item of (out.Items ?? []) as T[]) {
      items.push(item);
      if (items.length === limit) {
        // more may follow; an extra empty page is the price of exactness
        return {
          items,
          next:
            out.LastEvaluatedKey || item !== out.Items?.at(-1)
              ? keyOf(item)
              : null,
        };
      }
    }
    start = out.LastEvaluatedKey;
    if (!start) return { items, next: null };
  }
}

/** One page of a Query, with a cursor bound to `query`. */
export async function collect<T extends object>(
  t: TableContext,
  query: unknown,
  input: Omit<QueryCommandInput, 'TableName'>,
  options: PageOptions,
  keyOf: (item: T) => Record<string, unknown>
): Promise<Page<T>> {
  const limit = pageLimit(options.limit);
  const position = options.cursor ? decodeCursor(query, options.cursor) : null;
  const out = await queryUntil<T>(
    t,
    input,
    limit,
    (position?.key as Record<string, unknown>) ?? undefined,
    keyOf
  );
  return {
    items: out.items,
    cursor: out.next ? encodeCursor(query, { key: out.next }) : null,
  };
}
