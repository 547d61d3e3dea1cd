/**
 * Reads of record items: by id, listings by type and telegram (the GSIs
 * hold keys and facet attributes only, so a listing reads the index and
 * then BatchGets the record items), facet rows of given records, and the
 * scan for listings and exports. Listings and facet rows by date range
 * without a type: date-listing.ts. Review reads: review-reads.ts.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '#shared/errors/index.ts';
import type { FacetRow } from '#shared/query/ports.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import { cursorError, decodeCursor, encodeCursor } from './cursor.ts';
import {
  type ItemKey,
  type RecordItem,
  recordItemKey,
  recordOf,
} from './items.ts';
import { INDEX_VERSION, RECORD_SK, telegramGsiPk, typeGsiPk } from './keys.ts';
import { decodeRecordItem } from './record-codec.ts';
import {
  batchGet,
  checkRange,
  collect,
  type DateRange,
  MAX_LIMIT,
  type Page,
  type PageOptions,
  pageLimit,
  queryUntil,
  skBounds,
  type TableContext,
} from './table-io.ts';

/** The record items of `keys` (missing ones left out), in that order. */
async function recordItemsAt(
  t: TableContext,
  keys: readonly ItemKey[]
): Promise<RecordItem[]> {
  const found = new Map<string, RecordItem>();
  for (const raw of await batchGet(t, keys)) {
    const item = decodeRecordItem(raw);
    found.set(item.PK, item);
  }
  return keys.flatMap((k) => {
    const item = found.get(k.PK);
    return item ? [item] : [];
  });
}

/** Records by id (missing ids are left out), in the order asked. */
export async function getRecords(
  t: TableContext,
  ids: readonly string[]
): Promise<DocumentRecord[]> {
  return (await recordItemsAt(t, ids.map(recordItemKey))).map(recordOf);
}

/** The records an index page points at, in its order. */
export async function recordsOf(
  t: TableContext,
  page: Page<ItemKey>
): Promise<Page<DocumentRecord>> {
  return {
    items: (await recordItemsAt(t, page.items)).map(recordOf),
    cursor: page.cursor,
  };
}

/** Ok records of one document type in a date range, oldest first (or newest with `newestFirst`). */
export async function queryByType(
  t: TableContext,
  type: string,
  options: DateRange & PageOptions = {}
): Promise<Page<DocumentRecord>> {
  checkRange(options);
  const [lower, upper] = skBounds(options);
  const page = await collect<ItemKey & Record<string, string>>(
    t,
    [
      'type',
      type,
      options.from ?? null,
      options.to ?? null,
      options.newestFirst === true,
    ],
    {
      IndexName: 'by-type',
      ScanIndexForward: options.newestFirst !== true,
      KeyConditionExpression:
        'GSI1PK = :pk AND GSI1SK BETWEEN :lower AND :upper',
      ExpressionAttributeValues: {
        ':pk': typeGsiPk(type),
        ':lower': lower,
        ':upper': upper,
      },
      ProjectionExpression: 'PK, SK, GSI1PK, GSI1SK',
    },
    options,
    (i) => ({ PK: i.PK, SK: i.SK, GSI1PK: i.GSI1PK, GSI1SK: i.GSI1SK })
  );
  return recordsOf(t, page);
}

/** Records with this telegram number (exact, after trimming). */
export async function queryByTelegram(
  t: TableContext,
  number: string
): Promise<DocumentRecord[]> {
  if (!number.trim()) throw new ValidationError('telegram number is empty');
  const out = await queryUntil<ItemKey & Record<string, string>>(
    t,
    {
      IndexName: 'by-telegram',
      KeyConditionExpression: 'GSI3PK = :pk',
      ExpressionAttributeValues: { ':pk': telegramGsiPk(number) },
    },
    MAX_LIMIT,
    undefined,
    (i) => ({ PK: i.PK, SK: i.SK, GSI3PK: i.GSI3PK, GSI3SK: i.GSI3SK })
  );
  return (await recordsOf(t, { items: out.items, cursor: null })).items;
}

/**
 * What facet counts read of a record item: top-level attributes the type
 * index projects (table-design.ts `FACET_ATTRIBUTES`).
 */
export const FACET_PROJECTION = 'PK, #type, #date, #people';
export const FACET_NAMES = {
  '#type': 'documentType',
  '#date': 'date',
  '#people': 'people',
};

export function toFacetRow(item: Record<string, unknown>): FacetRow {
  return {
    id: String(item.PK).slice('DOC#'.length),
    documentType:
      typeof item.documentType === 'string' ? item.documentType : null,
    date: typeof item.date === 'string' ? item.date : null,
    people: Array.isArray(item.people) ? item.people.map(String) : [],
  };
}

/** Facet rows of the given records (projected; missing ids left out). */
export async function facetRowsOf(
  t: TableContext,
  ids: readonly string[]
): Promise<FacetRow[]> {
  const found = new Map<string, FacetRow>();
  for (const item of await batchGet(t, ids.map(recordItemKey), {
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

/**
 * Every record item, ok and failed (a table scan: fine for listings and
 * exports at archive scale; the query patterns above are the fast path).
 */
export async function listRecords(
  t: TableContext,
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
  const position = options.cursor ? decodeCursor(query, options.cursor) : null;
  const items: RecordItem[] = [];
  let start: Record<string, unknown> | undefined =
    (position?.key as Record<string, unknown> | undefined) ?? undefined;
  for (;;) {
    const fromCursor = start !== undefined && start === position?.key;
    const out = await t.db
      .send(
        new ScanCommand({
          TableName: t.tableName,
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
        })
      )
      .catch((error: unknown) => {
        throw fromCursor ? cursorError(error) : error;
      });
    for (const raw of out.Items ?? []) {
      const item = decodeRecordItem(raw);
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
