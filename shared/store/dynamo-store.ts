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
import {
  groupPersonKeys,
  lookupParts,
  matchesPersonKey,
  parseNameQuery,
} from '#shared/extract/names.ts';
import type {
  AuditEvent,
  CommitRequest,
  CommitResult,
  DocumentStore,
  RecordState,
} from '#shared/pipeline/ports.ts';
import type {
  FacetRow,
  RecordReview,
  ReviewChange,
  ReviewQueuePage,
  ReviewStore,
} from '#shared/query/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  type CursorPosition,
  checkStartKeyPartition,
  cursorError,
  decodeCursor,
  encodeCursor,
} from './cursor.ts';
import {
  directoryItems,
  type EventItem,
  facetAttributes,
  gsiAttributes,
  type ItemKey,
  indexedItems,
  keyString,
  type PersonItem,
  type QueueItem,
  type RecordItem,
  recordItemKey,
  recordOf,
  reviewAttributes,
  shownRecord,
  toRecordState,
  withoutIndexAttributes,
} from './items.ts';
import {
  CONTENT_HASH_SK,
  contentHashPk,
  docPk,
  EVENT_SK_PREFIX,
  eventSk,
  INDEX_VERSION,
  META_PK,
  namePartPk,
  PEOPLE_SHELVES,
  type PersonRole,
  personKey,
  personKeyPk,
  RECORD_SK,
  REVIEW_OPEN_PK,
  shelfOf,
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

export class DynamoDocumentStore implements DocumentStore, ReviewStore {
  /** Years this process has added to the year set. */
  private readonly yearsAdded = new Set<string>();
  /** Directory items this process has written (they never change). */
  private readonly directoryWritten = new Set<string>();

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
    // the indexes are built from the record as shown: the extraction with
    // the corrections people made (re-evaluated by the use case)
    const corrections = request.corrections ?? previous?.corrections ?? [];
    const shown = shownRecord(record, corrections);
    const indexed = indexedItems(shown, previous?.reviewed);
    // 1. audit steps so far and index items in one BatchWriteItem: their
    // keys are deterministic per run (event time, step, run id; person,
    // date, id, role; processed-at and id for the review queue), so a
    // re-delivery rewrites the same items instead of adding any. The year
    // set and the previous item are read/written alongside.
    const people = indexed.people;
    const directory = directoryItems(people).filter(
      (d) => !this.directoryWritten.has(keyString(d))
    );
    const events = request.events.map((event, i) =>
      this.eventItem(id, request.eventTime, i, request.runId, event)
    );
    const view = shown.record;
    const [, , previousItem] = await Promise.all([
      this.batchPut([
        ...events,
        ...people,
        ...indexed.queue,
        ...directory,
      ]).then(() => {
        for (const d of directory) this.directoryWritten.add(keyString(d));
      }),
      view.status === 'ok' && view.date
        ? this.addYear(view.date.slice(0, 4))
        : null,
      previous ? this.getRecordItem(id) : Promise.resolve(null),
    ]);
    // The item about to be replaced may still carry its run's final event
    // (below): write it out so the trail keeps it.
    if (previousItem?.pendingEvent) {
      await this.putEventItem(previousItem.pendingEvent);
    }
    // 2. the record item: the commit point
    const { owned, stale } = ownership(
      [...people, ...indexed.queue],
      previousItem
    );
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
      ...indexAttributes(corrections, indexed, view),
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

  // ---- review and correction (issue 13, docs/REVIEW.md) ----------------

  /** The extraction, its corrections and reviewed marker, and the revision. */
  async getRecordReview(id: string): Promise<RecordReview | null> {
    const item = await this.getRecordItem(id);
    if (!item) return null;
    return {
      extraction: item.record,
      corrections: item.corrections ?? [],
      reviewed: item.reviewed ?? null,
      revision: item.revision,
    };
  }

  /**
   * Saves a review change like a commit: the index items of the record as
   * now shown first (person entries, review-queue entry; idempotent), then
   * the record item, conditional on the revision read, carrying the
   * change's audit event as its `pendingEvent` (the change and its event
   * are committed together), then the clean-up of entries it no longer
   * owns. `record` (the extraction) is never rewritten.
   */
  async saveReview(id: string, change: ReviewChange): Promise<boolean> {
    const item = await this.getRecordItem(id);
    if (!item || item.revision !== change.revision) return false;
    const shown = shownRecord(item.record, change.corrections);
    const indexed = indexedItems(shown, change.reviewed);
    const view = shown.record;
    const directory = directoryItems(indexed.people).filter(
      (d) => !this.directoryWritten.has(keyString(d))
    );
    await Promise.all([
      this.batchPut([...indexed.people, ...indexed.queue, ...directory]).then(
        () => {
          for (const d of directory) this.directoryWritten.add(keyString(d));
        }
      ),
      view.status === 'ok' && view.date
        ? this.addYear(view.date.slice(0, 4))
        : null,
      item.pendingEvent ? this.putEventItem(item.pendingEvent) : null,
    ]);
    const { owned, stale } = ownership(
      [...indexed.people, ...indexed.queue],
      item
    );
    const revision = item.revision + 1;
    const next: RecordItem = {
      ...withoutIndexAttributes(item),
      revision,
      ownedKeys: owned,
      ...(stale.length > 0 ? { pendingCleanup: stale } : {}),
      pendingEvent: this.eventItem(
        id,
        change.eventTime,
        0,
        change.eventId,
        change.event
      ),
      updatedAt: change.eventTime,
      ...indexAttributes(change.corrections, indexed, view),
    };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: next,
          ConditionExpression: '#revision = :revision',
          ExpressionAttributeNames: { '#revision': 'revision' },
          ExpressionAttributeValues: { ':revision': item.revision },
        })
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.getRecordItem(id);
      const winnerOwns = new Set((current?.ownedKeys ?? []).map(keyString));
      await this.deleteOwned(
        id,
        owned.filter((k) => !winnerOwns.has(keyString(k)))
      );
      return false;
    }
    if (stale.length > 0) await this.cleanup(id, stale, revision);
    return true;
  }

  /**
   * Every record that carries corrections, with them (a scan of record
   * items filtered on the attribute: for exports of corrected records).
   */
  async listCorrected(): Promise<Map<string, RecordReview>> {
    const found = new Map<string, RecordReview>();
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'SK = :sk AND attribute_exists(#corrections)',
          ExpressionAttributeNames: { '#corrections': 'corrections' },
          ExpressionAttributeValues: { ':sk': RECORD_SK },
          ExclusiveStartKey: start,
        })
      );
      for (const item of (out.Items ?? []) as RecordItem[]) {
        found.set(item.documentId, {
          extraction: item.record,
          corrections: item.corrections ?? [],
          reviewed: item.reviewed ?? null,
          revision: item.revision,
        });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  }

  /**
   * The review queue, oldest first (`REVIEW#open`, sorted by processing
   * time), with counts by flag over the whole queue (its entries' `flags`
   * only: one Query of small items, never the records).
   */
  async reviewQueue(
    options: { limit?: number; cursor?: string | null } = {}
  ): Promise<ReviewQueuePage> {
    const page = await this.collect<QueueItem>(
      ['review-queue'],
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': REVIEW_OPEN_PK },
        ScanIndexForward: true,
      },
      options,
      (i) => ({ PK: i.PK, SK: i.SK })
    );
    const counts: Record<string, number> = {};
    let total = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': REVIEW_OPEN_PK },
          ProjectionExpression: '#flags',
          ExpressionAttributeNames: { '#flags': 'flags' },
          ExclusiveStartKey: start,
        })
      );
      for (const entry of out.Items ?? []) {
        total += 1;
        const flags = Array.isArray(entry.flags) ? entry.flags : [];
        for (const flag of flags) {
          counts[String(flag)] = (counts[String(flag)] ?? 0) + 1;
        }
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return {
      items: page.items.map((i) => ({
        id: i.documentId,
        title: i.title,
        date: i.date,
        documentType: i.documentType,
        flags: i.flags,
        processedAt: i.processedAt,
      })),
      cursor: page.cursor,
      counts,
      total,
    };
  }

  // ---- read side -----------------------------------------------------

  /** The record of `id`, or null. */
  async getRecord(id: string): Promise<DocumentRecord | null> {
    const item = await this.getRecordItem(id);
    return item ? recordOf(item) : null;
  }

  /** Records by id (missing ids are left out), in the order asked. */
  async getRecords(ids: readonly string[]): Promise<DocumentRecord[]> {
    const found = new Map<string, DocumentRecord>();
    for (const item of (await this.batchGetRecordItems(
      ids
    )) as unknown as RecordItem[]) {
      found.set(item.documentId, recordOf(item));
    }
    return ids.flatMap((id) => {
      const r = found.get(id);
      return r ? [r] : [];
    });
  }

  /**
   * Record items by id, 100 keys a request, unprocessed keys retried with
   * backoff; only `projection` when given (attribute names in `names`).
   */
  private async batchGetRecordItems(
    ids: readonly string[],
    projection?: { expression: string; names: Record<string, string> }
  ): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] = unique
        .slice(i, i + 100)
        .map((id) => ({ ...recordItemKey(id) }));
      for (let round = 0; keys.length > 0 && round < 8; round += 1) {
        const out = await this.db.send(
          new BatchGetCommand({
            RequestItems: {
              [this.tableName]: {
                Keys: keys,
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
        items.push(...(out.Responses?.[this.tableName] ?? []));
        keys = (out.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<
          string,
          unknown
        >[];
        if (keys.length > 0) await backoff(round);
      }
    }
    return items;
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
   * The person keys a search for `name` means: every key in the people
   * directory that the name matches by any part of it, in any spelling
   * the name-key function folds (`Mao` → `mao zedong`; `Chou En-lai` →
   * `zhou enlai`; `I.V. Stalin` → `stalin iosif vissarionovich`), each with
   * the other keys of its person (a bare `stalin` joins the one complete
   * Stalin; a bare `kim` shared by two complete names stays apart).
   *
   * @throws ValidationError when the name has no letters or only initials
   */
  async resolvePerson(name: string): Promise<string[]> {
    const query = parseNameQuery(name);
    if (query.readings.length === 0) {
      throw new ValidationError('person: must contain a name');
    }
    const parts = lookupParts(query);
    if (parts.length === 0) {
      throw new ValidationError(
        'person: give a name or surname, not only initials'
      );
    }
    // each directory partition read once, though a surname is both typed
    // and looked up again for its person's other keys
    const read = new Map<string, Promise<string[]>>();
    const partKeys = (part: string) => {
      let keys = read.get(part);
      if (!keys) {
        keys = this.directoryKeys(namePartPk(part));
        read.set(part, keys);
      }
      return keys;
    };
    const candidates = new Set<string>();
    for (const keys of await Promise.all(parts.map(partKeys))) {
      for (const key of keys) candidates.add(key);
    }
    const matched = [...candidates].filter((key) =>
      matchesPersonKey(query, key)
    );
    if (matched.length === 0) return [];
    // the other keys of each matched person: keys sharing its surname
    const surnames = [...new Set(matched.map((k) => k.split(' ')[0]!))];
    const family = new Set<string>(matched);
    for (const [i, keys] of (
      await Promise.all(surnames.map(partKeys))
    ).entries()) {
      for (const key of keys) {
        if (key.split(' ')[0] === surnames[i]) family.add(key);
      }
    }
    const groups = groupPersonKeys([...family]);
    const wanted = new Set(matched.map((k) => groups.get(k) ?? k));
    return [...family].filter((k) => wanted.has(groups.get(k) ?? k)).sort();
  }

  /**
   * Person-index entries of everyone `name` means (see `resolvePerson`),
   * merged across their keys in key order: oldest first (undated first),
   * or newest first with `newestFirst`. A document named under several
   * keys or roles comes once per key and role, adjacent.
   */
  async queryByPerson(
    name: string,
    options: DateRange & PageOptions & { role?: PersonRole } = {}
  ): Promise<Page<PersonHit>> {
    checkRange(options);
    if (!personKey(name)) throw new ValidationError('person name is empty');
    const keys = await this.resolvePerson(name);
    return this.queryByPersonKeys(keys, options, ['person', name]);
  }

  /**
   * Entries of the given person keys, merged by sort key. The cursor is
   * the last sort key returned: every partition resumes strictly past it,
   * so the merge pages exactly without a cursor per partition.
   */
  async queryByPersonKeys(
    keys: readonly string[],
    options: DateRange & PageOptions & { role?: PersonRole } = {},
    binding: unknown = ['person-keys', keys]
  ): Promise<Page<PersonHit>> {
    checkRange(options);
    const limit = pageLimit(options.limit);
    const descending = options.newestFirst === true;
    const query = [
      binding,
      options.role ?? null,
      options.from ?? null,
      options.to ?? null,
      descending,
    ];
    const position = options.cursor
      ? decodeCursor(query, options.cursor)
      : null;
    const after = typeof position?.sk === 'string' ? position.sk : null;
    let [lower, upper] = skBounds(options);
    if (after !== null) {
      if (descending) upper = after;
      else lower = after;
    }
    const perKey = await Promise.all(
      keys.map(async (key) => {
        const out = await this.queryUntil<PersonItem>(
          {
            TableName: this.tableName,
            ScanIndexForward: !descending,
            KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lower AND :upper',
            ExpressionAttributeValues: {
              ':pk': personKeyPk(key),
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
          // one more than a page: the boundary item (`after`) may come back
          limit + 1,
          undefined,
          (i) => ({ PK: i.PK, SK: i.SK })
        );
        return {
          items: out.items.filter((i) => i.SK !== after),
          more: out.next !== null,
        };
      })
    );
    const merged = perKey
      .flatMap((p) => p.items)
      .sort((a, b) =>
        a.SK === b.SK
          ? a.PK < b.PK
            ? -1
            : 1
          : a.SK < b.SK !== descending
            ? -1
            : 1
      );
    // Exact: a partition that stopped early returned `limit + 1` entries,
    // all of which would precede any entry it still holds, so none of
    // those can belong on this page. Equal sort keys (one document under
    // two keys) may straddle the boundary; the next page skips them, and
    // readers take a document once anyway.
    const page = merged.slice(0, limit);
    const more = merged.length > limit || perKey.some((p) => p.more);
    const last = page.at(-1);
    return {
      cursor: more && last ? encodeCursor(query, { sk: last.SK }) : null,
      items: page.map(toPersonHit),
    };
  }

  /** Every entry of one person key (for the people listing). */
  async personEntries(key: string): Promise<PersonHit[]> {
    const items: PersonItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': personKeyPk(key) },
          ExclusiveStartKey: start,
        })
      );
      items.push(...((out.Items ?? []) as PersonItem[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items.map(toPersonHit);
  }

  /**
   * Person keys of the people directory in key order (surname first),
   * those starting with `prefix` (already a key form), a page at a time.
   * A page never splits one surname's keys, so a person whose spellings
   * share the surname is listed whole.
   */
  async listPersonKeys(
    options: PageOptions & { prefix?: string } = {}
  ): Promise<Page<string>> {
    const limit = pageLimit(options.limit);
    const prefix = options.prefix ?? '';
    const query = ['people', prefix];
    const position = options.cursor
      ? decodeCursor(query, options.cursor)
      : null;
    const after = typeof position?.after === 'string' ? position.after : null;
    const shelves = prefix
      ? [shelfOf(prefix)]
      : PEOPLE_SHELVES.filter((s) => !after || s >= shelfOf(after));
    const keys: string[] = [];
    for (const shelf of shelves) {
      const found = await this.directoryKeys(
        `PEOPLE#${shelf}`,
        prefix,
        after && shelfOf(after) === shelf ? after : null
      );
      for (const key of found) {
        const surname = key.split(' ')[0];
        if (keys.length >= limit && keys.at(-1)!.split(' ')[0] !== surname) {
          return {
            items: keys,
            cursor: encodeCursor(query, { after: keys.at(-1)! }),
          };
        }
        keys.push(key);
      }
    }
    return { items: keys, cursor: null };
  }

  /** Sort keys of a directory partition (optionally by prefix, past `after`). */
  private async directoryKeys(
    pk: string,
    prefix = '',
    after: string | null = null
  ): Promise<string[]> {
    const keys: string[] = [];
    const first: Record<string, unknown> | undefined = after
      ? { PK: pk, SK: after }
      : undefined;
    let start = first;
    do {
      const out = await this.db
        .send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: prefix
              ? 'PK = :pk AND begins_with(SK, :prefix)'
              : 'PK = :pk',
            ExpressionAttributeValues: {
              ':pk': pk,
              ...(prefix ? { ':prefix': prefix } : {}),
            },
            ProjectionExpression: 'SK',
            ExclusiveStartKey: start,
          })
        )
        .catch((error: unknown) => {
          // `after` came from a cursor
          throw start === first && first ? cursorError(error) : error;
        });
      for (const item of out.Items ?? []) keys.push(String(item.SK));
      start = out.LastEvaluatedKey;
    } while (start);
    return keys;
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
    return { cursor: page.cursor, items: page.items.map(recordOf) };
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
          items: items.map(recordOf),
          cursor: encodeCursor(query, { year, key: out.next }),
        };
      }
      if (items.length >= limit) {
        const later = years.filter((y) => y < year);
        return {
          items: items.map(recordOf),
          cursor: later[0]
            ? encodeCursor(query, { year: later[0], key: null })
            : null,
        };
      }
    }
    return { items: items.map(recordOf), cursor: null };
  }

  /**
   * Facet rows (id, type, date, people) of ok records, from the type index
   * (`type`) or the year index, newest first, at most `limit`: projected
   * attributes of the index entries, never the record itself.
   */
  async facetRows(
    source: { type?: string } & DateRange,
    limit: number
  ): Promise<{ rows: FacetRow[]; complete: boolean }> {
    checkRange(source);
    const [lower, upper] = skBounds(source);
    const partitions: IndexPartition[] = source.type
      ? [
          {
            index: 'by-type',
            pk: 'GSI1PK',
            sk: 'GSI1SK',
            value: typeGsiPk(source.type),
          },
        ]
      : await this.yearPartitions(source);
    const rows: FacetRow[] = [];
    for (const part of partitions) {
      let start: Record<string, unknown> | undefined;
      do {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: part.index,
            KeyConditionExpression: `${part.pk} = :pk AND ${part.sk} BETWEEN :lower AND :upper`,
            ExpressionAttributeValues: {
              ':pk': part.value,
              ':lower': lower,
              ':upper': upper,
            },
            ExpressionAttributeNames: FACET_NAMES,
            ProjectionExpression: FACET_PROJECTION,
            ScanIndexForward: false,
            ExclusiveStartKey: start,
          })
        );
        for (const item of out.Items ?? []) {
          if (rows.length === limit) return { rows, complete: false };
          rows.push(toFacetRow(item));
        }
        start = out.LastEvaluatedKey;
      } while (start);
    }
    return { rows, complete: true };
  }

  /** Facet rows of the given records (projected; missing ids left out). */
  async facetRowsOf(ids: readonly string[]): Promise<FacetRow[]> {
    const found = new Map<string, FacetRow>();
    for (const item of await this.batchGetRecordItems(ids, {
      expression: FACET_PROJECTION,
      names: FACET_NAMES,
    })) {
      const row = toFacetRow(item);
      found.set(row.id, row);
    }
    return ids.flatMap((id) => {
      const row = found.get(id);
      return row ? [row] : [];
    });
  }

  /** The year-index partitions a date range covers, newest first. */
  private async yearPartitions({
    from,
    to,
  }: DateRange): Promise<IndexPartition[]> {
    const years = (await this.knownYears())
      .filter(
        (y) => (!from || y >= from.slice(0, 4)) && (!to || y <= to.slice(0, 4))
      )
      .sort()
      .reverse();
    if (!from && !to) years.push('0000');
    return years.map((year) => ({
      index: 'by-year',
      pk: 'GSI2PK',
      sk: 'GSI2SK',
      value: yearGsiPk(year),
    }));
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
    return out.items.map(recordOf);
  }

  /**
   * Every record item, ok and failed (a table scan: fine for listings and
   * exports at archive scale; the query patterns above are the fast path).
   */
  async listRecords(
    options: PageOptions & {
      status?: DocumentRecord['status'];
      /** Only items indexed by an older index layout (`INDEX_VERSION`). */
      staleIndex?: boolean;
    } = {}
  ): Promise<Page<DocumentRecord>> {
    const limit = pageLimit(options.limit);
    const query = ['list', options.status ?? null, options.staleIndex === true];
    const conditions = [
      'SK = :sk',
      ...(options.status ? ['#status = :status'] : []),
      ...(options.staleIndex
        ? [
            '(attribute_not_exists(#indexVersion) OR #indexVersion < :indexVersion)',
          ]
        : []),
    ];
    const names = {
      ...(options.status ? { '#status': 'status' } : {}),
      ...(options.staleIndex ? { '#indexVersion': 'indexVersion' } : {}),
    };
    const position = options.cursor
      ? decodeCursor(query, options.cursor)
      : null;
    const items: RecordItem[] = [];
    let start: Record<string, unknown> | undefined =
      (position?.key as Record<string, unknown> | undefined) ?? undefined;
    for (;;) {
      const input: ScanCommandInput = {
        TableName: this.tableName,
        FilterExpression: conditions.join(' AND '),
        ExpressionAttributeValues: {
          ':sk': RECORD_SK,
          ...(options.status ? { ':status': options.status } : {}),
          ...(options.staleIndex ? { ':indexVersion': INDEX_VERSION } : {}),
        },
        ...(Object.keys(names).length > 0
          ? { ExpressionAttributeNames: names }
          : {}),
        ExclusiveStartKey: start,
      };
      const fromCursor = start !== undefined && start === position?.key;
      const out = await this.db
        .send(new ScanCommand(input))
        .catch((error: unknown) => {
          throw fromCursor ? cursorError(error) : error;
        });
      for (const item of (out.Items ?? []) as RecordItem[]) {
        items.push(item);
        if (items.length === limit) {
          const last = { PK: item.PK, SK: item.SK };
          return {
            items: items.map(recordOf),
            cursor: encodeCursor(query, { key: last }),
          };
        }
      }
      start = out.LastEvaluatedKey;
      if (!start) return { items: items.map(recordOf), cursor: null };
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
    if (startKey) {
      // the key came from a cursor: it must lie in the partition read
      checkStartKeyPartition(
        input.KeyConditionExpression,
        input.ExpressionAttributeValues,
        startKey
      );
    }
    for (;;) {
      const out = await this.db
        .send(
          new QueryCommand({
            ...input,
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
}

/** One partition of a GSI to read. */
interface IndexPartition {
  index: string;
  pk: string;
  sk: string;
  value: string;
}

/** What facet counts read of a record item (top-level attributes). */
const FACET_PROJECTION = 'documentId, #status, #type, #date, #people';
const FACET_NAMES = {
  '#status': 'status',
  '#type': 'documentType',
  '#date': 'date',
  '#people': 'people',
};

function toFacetRow(item: Record<string, unknown>): FacetRow {
  return {
    id: String(item.documentId),
    documentType:
      typeof item.documentType === 'string' ? item.documentType : null,
    date: typeof item.date === 'string' ? item.date : null,
    people: Array.isArray(item.people) ? item.people.map(String) : [],
  };
}

function toPersonHit(i: PersonItem): PersonHit {
  return {
    documentId: i.documentId,
    role: i.role,
    name: i.name,
    identifiedAs: i.identifiedAs ?? null,
    date: i.date,
    documentType: i.documentType,
    title: i.title,
  };
}

/**
 * The index items a record item owns now, and those of its previous
 * version (owned or still pending clean-up) it no longer needs.
 */
function ownership(
  now: readonly ItemKey[],
  previous: Pick<RecordItem, 'ownedKeys' | 'pendingCleanup'> | null | undefined
): { owned: ItemKey[]; stale: ItemKey[] } {
  const owned = now.map(({ PK, SK }) => ({ PK, SK }));
  const ownedSet = new Set(owned.map(keyString));
  const stale = dedupeKeys([
    ...(previous?.ownedKeys ?? []),
    ...(previous?.pendingCleanup ?? []),
  ]).filter((k) => !ownedSet.has(keyString(k)));
  return { owned, stale };
}

/** The attributes a record item carries for its indexes and the queue. */
function indexAttributes(
  corrections: Parameters<typeof reviewAttributes>[0],
  indexed: Parameters<typeof reviewAttributes>[1],
  view: DocumentRecord
) {
  return {
    ...reviewAttributes(corrections, indexed),
    ...facetAttributes(view),
    ...gsiAttributes(view),
  };
}

function dedupeKeys(keys: readonly ItemKey[]): ItemKey[] {
  const seen = new Map<string, ItemKey>();
  for (const k of keys) seen.set(keyString(k), { PK: k.PK, SK: k.SK });
  return [...seen.values()];
}

async function backoff(round: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** round));
}
