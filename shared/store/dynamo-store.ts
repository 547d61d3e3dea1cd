/**
 * DynamoDB adapter of the document store: the write side of the ingest use
 * case (`DocumentStore`) and the read API the query service builds on.
 * Key formats: keys.ts; item shapes: items.ts; docs/STORE.md explains both.
 *
 * No transactions (dynalite has none): index and audit items are written
 * idempotently first, the record item last as the commit point, guarded by
 * an optimistic `revision` condition.
 */
import {
  ConditionalCheckFailedException,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#shared/errors/index.ts';
import type {
  AuditEvent,
  CommitRequest,
  CommitResult,
  DocumentStore,
  RecordState,
} from '#shared/pipeline/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { type CursorPosition, decodeCursor, encodeCursor } from './cursor.ts';
import {
  type EventItem,
  gsiAttributes,
  type ItemKey,
  keyString,
  type PersonItem,
  personItems,
  type RecordItem,
  recordItemKey,
  toRecordState,
} from './items.ts';
import {
  CONTENT_HASH_SK,
  contentHashPk,
  docPk,
  EVENT_SK_PREFIX,
  eventSk,
  META_PK,
  normalizeName,
  type PersonRole,
  personPk,
  RECORD_SK,
  telegramGsiPk,
  typeGsiPk,
  YEARS_SK,
  yearGsiPk,
} from './keys.ts';

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

/** A person-index entry: which record names this person, in which role. */
export interface PersonHit {
  documentId: string;
  role: PersonRole;
  name: string;
  identifiedAs: string | null;
  date: string | null;
  documentType: string;
  title: string | null;
}

/** Wraps a low-level client with the marshalling the store relies on. */
export function createDocumentClient(
  client: DynamoDBClient = new DynamoDBClient({})
): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
const DATE_BOUND = /^\d{4}(-\d{2}(-\d{2})?)?$/;

function pageLimit(limit: number | undefined): number {
  const n = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    throw new ValidationError(
      `limit must be an integer 1-${MAX_LIMIT}, got ${n}`
    );
  }
  return n;
}

function checkRange({ from, to }: DateRange): void {
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
function skBounds({ from, to }: DateRange): [string, string] {
  return [from ?? '0000', `${to ?? '9999'}\uffff`];
}

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException ||
  (error as { name?: string } | null)?.name ===
    'ConditionalCheckFailedException';

export class DynamoDocumentStore implements DocumentStore {
  /** Years this process has added to the year set. */
  private readonly yearsAdded = new Set<string>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string
  ) {}

  // ---- write side (DocumentStore) ------------------------------------

  async getState(id: string): Promise<RecordState | null> {
    const item = await this.getRecordItem(id);
    return item ? toRecordState(item) : null;
  }

  async claimContentHash(sha256: string, id: string): Promise<string> {
    const key = { PK: contentHashPk(sha256), SK: CONTENT_HASH_SK };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await this.db.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, entity: 'content-hash', documentId: id, sha256 },
            ConditionExpression: 'attribute_not_exists(PK)',
          })
        );
        return id;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const { Item } = await this.db.send(
        new GetCommand({
          TableName: this.tableName,
          Key: key,
          ConsistentRead: true,
        })
      );
      if (typeof Item?.documentId === 'string') return Item.documentId;
    }
    throw new Error(`could not claim content hash ${sha256} for ${id}`);
  }

  async commit(request: CommitRequest): Promise<CommitResult> {
    const { record, previous } = request;
    const id = record.id;
    // 1. audit steps so far and index items in one BatchWriteItem: their
    // keys are deterministic per run (event time, step, run id; person,
    // date, id, role), so a re-delivery rewrites the same items instead of
    // adding any. The year set and the previous item are read/written
    // alongside.
    const people = personItems(record);
    const events = request.events.map((event, i) =>
      this.eventItem(id, request.eventTime, i, request.runId, event)
    );
    const [, , previousItem] = await Promise.all([
      this.batchPut([...events, ...people]),
      record.status === 'ok' && record.date
        ? this.addYear(record.date.slice(0, 4))
        : null,
      previous ? this.getRecordItem(id) : Promise.resolve(null),
    ]);
    // The item about to be replaced may still carry its run's final event
    // (below): write it out so the trail keeps it.
    if (previousItem?.pendingEvent) {
      await this.putEventItem(previousItem.pendingEvent);
    }
    // 2. the record item: the commit point
    const owned: ItemKey[] = people.map(({ PK, SK }) => ({ PK, SK }));
    const ownedSet = new Set(owned.map(keyString));
    const stale = dedupeKeys([
      ...(previousItem?.ownedKeys ?? []),
      ...(previousItem?.pendingCleanup ?? []),
    ]).filter((k) => !ownedSet.has(keyString(k)));
    const revision = (previous?.revision ?? 0) + 1;
    const finalItem = this.eventItem(
      id,
      request.eventTime,
      request.events.length,
      request.runId,
      request.finalEvent
    );
    const item: RecordItem = {
      ...recordItemKey(id),
      entity: 'record',
      documentId: id,
      status: record.status,
      parserVersion: record.parserVersion,
      record,
      processingKey: request.processingKey,
      sequencer: request.sequencer,
      revision,
      ownedKeys: owned,
      ...(stale.length > 0 ? { pendingCleanup: stale } : {}),
      pendingEvent: finalItem,
      updatedAt: record.processedAt,
      ...gsiAttributes(record),
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ...(previous
            ? {
                ConditionExpression: '#revision = :revision',
                ExpressionAttributeNames: { '#revision': 'revision' },
                ExpressionAttributeValues: { ':revision': previous.revision },
              }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        })
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.getRecordItem(id);
      // index items this run wrote that the winner does not own
      const winnerOwns = new Set((current?.ownedKeys ?? []).map(keyString));
      await this.deleteOwned(
        id,
        owned.filter((k) => !winnerOwns.has(keyString(k)))
      );
      return { committed: false, current: current && toRecordState(current) };
    }
    // 3. clean up what the previous version indexed. The final event stays
    // on the record item (the trail reads it from there) until the item is
    // replaced or a re-delivery writes it out: one request less per page.
    if (stale.length > 0) await this.cleanup(id, stale, revision);
    return { committed: true, revision };
  }

  async markSourceDeleted(
    id: string,
    change: {
      revision: number;
      sequencer: string | null;
      eventTime: string;
      event: AuditEvent;
    }
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: recordItemKey(id),
          UpdateExpression:
            'SET #record.#source.#deleted = :true, #sequencer = :sequencer, #revision = :next, #updatedAt = :at',
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: {
            '#record': 'record',
            '#source': 'source',
            '#deleted': 'deleted',
            '#sequencer': 'sequencer',
            '#revision': 'revision',
            '#updatedAt': 'updatedAt',
          },
          ExpressionAttributeValues: {
            ':true': true,
            ':sequencer': change.sequencer,
            ':revision': change.revision,
            ':next': change.revision + 1,
            ':at': change.event.at,
          },
        })
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.putEvent(id, change.eventTime, 0, 'removed', change.event);
    return true;
  }

  /**
   * Finishes what a committed run left undone (a crash or a lost response
   * after the record item was written): stale index items. Idempotent;
   * every re-delivery of a done object calls it.
   */
  async finishPendingCleanup(id: string): Promise<void> {
    const item = await this.getRecordItem(id);
    if (item?.pendingCleanup?.length) {
      await this.cleanup(id, item.pendingCleanup, item.revision);
    }
  }

  // ---- read side -----------------------------------------------------

  /** The record of `id`, or null. */
  async getRecord(id: string): Promise<DocumentRecord | null> {
    return (await this.getRecordItem(id))?.record ?? null;
  }

  /** Records by id (missing ids are left out), in the order asked. */
  async getRecords(ids: readonly string[]): Promise<DocumentRecord[]> {
    const found = new Map<string, DocumentRecord>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] = unique
        .slice(i, i + 100)
        .map((id) => ({ ...recordItemKey(id) }));
      for (let round = 0; keys.length > 0 && round < 8; round += 1) {
        const out = await this.db.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: keys } },
          })
        );
        for (const item of (out.Responses?.[this.tableName] ??
          []) as RecordItem[]) {
          found.set(item.documentId, item.record);
        }
        keys = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<
          string,
          unknown
        >[];
        if (keys.length > 0) await backoff(round);
      }
    }
    return ids.flatMap((id) => {
      const r = found.get(id);
      return r ? [r] : [];
    });
  }

  /** The processing history of `id`, oldest first. */
  async getAuditTrail(id: string): Promise<AuditEvent[]> {
    const items: EventItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': docPk(id),
            ':prefix': EVENT_SK_PREFIX,
          },
          ExclusiveStartKey: start,
        })
      );
      items.push(...((out.Items ?? []) as EventItem[]));
      start = out.LastEvaluatedKey;
    } while (start);
    // a committed run's final event whose own item is not written yet
    const pending = (await this.getRecordItem(id))?.pendingEvent;
    if (pending && !items.some((i) => i.SK === pending.SK)) {
      items.push(pending);
      items.sort((a, b) => (a.SK < b.SK ? -1 : a.SK > b.SK ? 1 : 0));
    }
    return items.map((item) => ({
      type: item.type,
      at: item.at,
      agent: item.agent,
      parserVersion: item.parserVersion,
      outcome: item.outcome,
      detail: item.detail,
    }));
  }

  /**
   * Records naming `name` (normalized like the index: case, spacing and
   * punctuation do not matter; code names the page identifies are found
   * under both names), oldest first (undated first), or newest first
   * with `newestFirst`.
   */
  async queryByPerson(
    name: string,
    options: DateRange & PageOptions & { role?: PersonRole } = {}
  ): Promise<Page<PersonHit>> {
    checkRange(options);
    const normalized = normalizeName(name);
    if (!normalized) throw new ValidationError('person name is empty');
    const query = [
      'person',
      normalized,
      options.role ?? null,
      options.from ?? null,
      options.to ?? null,
      options.newestFirst === true,
    ];
    const [lower, upper] = skBounds(options);
    const page = await this.collect<PersonItem>(
      query,
      {
        TableName: this.tableName,
        ScanIndexForward: options.newestFirst !== true,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lower AND :upper',
        ExpressionAttributeValues: {
          ':pk': personPk(name),
          ':lower': lower,
          ':upper': upper,
          ...(options.role ? { ':role': options.role } : {}),
        },
        ...(options.role
          ? {
              FilterExpression: '#role = :role',
              ExpressionAttributeNames: { '#role': 'role' },
            }
          : {}),
      },
      options,
      (i) => ({ PK: i.PK, SK: i.SK })
    );
    return {
      cursor: page.cursor,
      items: page.items.map((i) => ({
        documentId: i.documentId,
        role: i.role,
        name: i.name,
        identifiedAs: i.identifiedAs ?? null,
        date: i.date,
        documentType: i.documentType,
        title: i.title,
      })),
    };
  }

  /** Ok records of one document type in a date range, oldest first (or newest with `newestFirst`). */
  async queryByType(
    type: string,
    options: DateRange & PageOptions = {}
  ): Promise<Page<DocumentRecord>> {
    checkRange(options);
    const [lower, upper] = skBounds(options);
    const page = await this.collect<RecordItem>(
      [
        'type',
        type,
        options.from ?? null,
        options.to ?? null,
        options.newestFirst === true,
      ],
      {
        TableName: this.tableName,
        IndexName: 'by-type',
        ScanIndexForward: options.newestFirst !== true,
        KeyConditionExpression:
          'GSI1PK = :pk AND GSI1SK BETWEEN :lower AND :upper',
        ExpressionAttributeValues: {
          ':pk': typeGsiPk(type),
          ':lower': lower,
          ':upper': upper,
        },
      },
      options,
      (i) => ({ PK: i.PK, SK: i.SK, GSI1PK: i.GSI1PK, GSI1SK: i.GSI1SK })
    );
    return { cursor: page.cursor, items: page.items.map((i) => i.record) };
  }

  /**
   * Ok records dated in `[from, to]`, newest first, across year partitions.
   * Undated records are included (last) only when neither bound is given.
   */
  async queryByYearRange(
    from?: string,
    to?: string,
    options: PageOptions = {}
  ): Promise<Page<DocumentRecord>> {
    checkRange({ from, to });
    const limit = pageLimit(options.limit);
    const query = ['year-range', from ?? null, to ?? null];
    const position = options.cursor
      ? decodeCursor(query, options.cursor)
      : null;
    const years = (await this.knownYears())
      .filter(
        (y) => (!from || y >= from.slice(0, 4)) && (!to || y <= to.slice(0, 4))
      )
      .sort()
      .reverse();
    if (!from && !to) years.push('0000');
    const [lower, upper] = skBounds({ from, to });
    const items: RecordItem[] = [];
    let resume =
      typeof position?.year === 'string'
        ? {
            year: position.year,
            key: (position.key as Record<string, unknown> | null) ?? undefined,
          }
        : null;
    for (const year of years) {
      if (resume && year > resume.year) continue;
      const startKey = resume?.year === year ? resume.key : undefined;
      resume = null;
      const out = await this.queryUntil<RecordItem>(
        {
          TableName: this.tableName,
          IndexName: 'by-year',
          KeyConditionExpression:
            'GSI2PK = :pk AND GSI2SK BETWEEN :lower AND :upper',
          ExpressionAttributeValues: {
            ':pk': yearGsiPk(year),
            ':lower': lower,
            ':upper': upper,
          },
          ScanIndexForward: false,
        },
        limit - items.length,
        startKey,
        (i) => ({ PK: i.PK, SK: i.SK, GSI2PK: i.GSI2PK, GSI2SK: i.GSI2SK })
      );
      items.push(...out.items);
      if (items.length >= limit && out.next) {
        return {
          items: items.map((i) => i.record),
          cursor: encodeCursor(query, { year, key: out.next }),
        };
      }
      if (items.length >= limit) {
        const later = years.filter((y) => y < year);
        return {
          items: items.map((i) => i.record),
          cursor: later[0]
            ? encodeCursor(query, { year: later[0], key: null })
            : null,
        };
      }
    }
    return { items: items.map((i) => i.record), cursor: null };
  }

  /** Records with this telegram number (exact, after trimming). */
  async queryByTelegram(number: string): Promise<DocumentRecord[]> {
    if (!number.trim()) throw new ValidationError('telegram number is empty');
    const out = await this.queryUntil<RecordItem>(
      {
        TableName: this.tableName,
        IndexName: 'by-telegram',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': telegramGsiPk(number) },
      },
      MAX_LIMIT,
      undefined,
      (i) => ({ PK: i.PK, SK: i.SK, GSI3PK: i.GSI3PK, GSI3SK: i.GSI3SK })
    );
    return out.items.map((i) => i.record);
  }

  /**
   * Every record item, ok and failed (a table scan: fine for listings and
   * exports at archive scale; the query patterns above are the fast path).
   */
  async listRecords(
    options: PageOptions & { status?: DocumentRecord['status'] } = {}
  ): Promise<Page<DocumentRecord>> {
    const limit = pageLimit(options.limit);
    const query = ['list', options.status ?? null];
    const position = options.cursor
      ? decodeCursor(query, options.cursor)
      : null;
    const items: RecordItem[] = [];
    let start: Record<string, unknown> | undefined =
      (position?.key as Record<string, unknown> | undefined) ?? undefined;
    for (;;) {
      const input: ScanCommandInput = {
        TableName: this.tableName,
        FilterExpression: options.status
          ? 'SK = :sk AND #status = :status'
          : 'SK = :sk',
        ExpressionAttributeValues: {
          ':sk': RECORD_SK,
          ...(options.status ? { ':status': options.status } : {}),
        },
        ...(options.status
          ? { ExpressionAttributeNames: { '#status': 'status' } }
          : {}),
        ExclusiveStartKey: start,
      };
      const out = await this.db.send(new ScanCommand(input));
      for (const item of (out.Items ?? []) as RecordItem[]) {
        items.push(item);
        if (items.length === limit) {
          const last = { PK: item.PK, SK: item.SK };
          return {
            items: items.map((i) => i.record),
            cursor: encodeCursor(query, { key: last }),
          };
        }
      }
      start = out.LastEvaluatedKey;
      if (!start) return { items: items.map((i) => i.record), cursor: null };
    }
  }

  // ---- internals -------------------------------------------------------

  private async getRecordItem(id: string): Promise<RecordItem | null> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: recordItemKey(id),
        ConsistentRead: true,
      })
    );
    return (Item as RecordItem | undefined) ?? null;
  }

  private async knownYears(): Promise<string[]> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { PK: META_PK, SK: YEARS_SK },
      })
    );
    const years = Item?.years;
    return years instanceof Set ? [...years].map(String) : [];
  }

  private eventItem(
    id: string,
    eventTime: string,
    ordinal: number,
    runId: string,
    event: AuditEvent
  ): EventItem {
    return {
      PK: docPk(id),
      SK: eventSk(eventTime, ordinal, event.type, runId),
      entity: 'event',
      documentId: id,
      ...event,
    };
  }

  /**
   * Adds a year to the year set once per year per process (the set only
   * grows, so a warm container skips the write for years it has added).
   */
  private async addYear(year: string): Promise<void> {
    if (this.yearsAdded.has(year)) return;
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: META_PK, SK: YEARS_SK },
        UpdateExpression: 'ADD #years :year',
        ExpressionAttributeNames: { '#years': 'years' },
        ExpressionAttributeValues: { ':year': new Set([year]) },
      })
    );
    this.yearsAdded.add(year);
  }

  private async putEvent(
    id: string,
    eventTime: string,
    ordinal: number,
    runId: string,
    event: AuditEvent
  ): Promise<void> {
    await this.putEventItem(
      this.eventItem(id, eventTime, ordinal, runId, event)
    );
  }

  /** Conditional put: a re-delivery writes an event at most once. */
  private async putEventItem(item: EventItem): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK)',
        })
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  private async batchPut(items: readonly object[]): Promise<void> {
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
        const out = await this.db.send(
          new BatchWriteCommand({
            RequestItems: { [this.tableName]: requests as never },
          })
        );
        requests = (out.UnprocessedItems?.[this.tableName] ?? []) as Array<
          Record<string, unknown>
        >;
        if (requests.length > 0) await backoff(round);
      }
    }
  }

  /** Deletes index items, but only ones still belonging to `id`. */
  private async deleteOwned(id: string, keys: readonly ItemKey[]) {
    await Promise.all(
      keys.map(async (Key) => {
        try {
          await this.db.send(
            new DeleteCommand({
              TableName: this.tableName,
              Key,
              ConditionExpression: 'documentId = :id',
              ExpressionAttributeValues: { ':id': id },
            })
          );
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
        }
      })
    );
  }

  private async cleanup(
    id: string,
    keys: readonly ItemKey[],
    revision: number
  ) {
    await this.deleteOwned(id, keys);
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: recordItemKey(id),
          UpdateExpression: 'REMOVE pendingCleanup',
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':revision': revision },
        })
      );
    } catch (error) {
      // a newer commit took over; it carries the clean-up forward
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** One page of a Query, with a cursor bound to `query`. */
  private async collect<T extends object>(
    query: unknown,
    input: QueryCommandInput,
    options: PageOptions,
    keyOf: (item: T) => Record<string, unknown>
  ): Promise<{ items: T[]; cursor: string | null }> {
    const limit = pageLimit(options.limit);
    const position = options.cursor
      ? decodeCursor(query, options.cursor)
      : null;
    const out = await this.queryUntil<T>(
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

  /**
   * Queries until `limit` items match or the partition ends. Resumes from
   * the last returned item's key (not DynamoDB's page end), so a filtered
   * query never skips items between pages.
   */
  private async queryUntil<T extends object>(
    input: QueryCommandInput,
    limit: number,
    startKey: Record<string, unknown> | undefined,
    keyOf: (item: T) => Record<string, unknown>
  ): Promise<{ items: T[]; next: CursorPosition | null }> {
    const items: T[] = [];
    let start = startKey;
    for (;;) {
      const out = await this.db.send(
        new QueryCommand({
          ...input,
          ExclusiveStartKey: start,
          ...(input.FilterExpression ? {} : { Limit: limit - items.length }),
        })
      );
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
}

function dedupeKeys(keys: readonly ItemKey[]): ItemKey[] {
  const seen = new Map<string, ItemKey>();
  for (const k of keys) seen.set(keyString(k), { PK: k.PK, SK: k.SK });
  return [...seen.values()];
}

async function backoff(round: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
}
