/**
 * Listings by date range without a type: the `by-type` index's partitions
 * (`TYPE#<type>` / `<date>#<id>`, one per document type: a closed set)
 * read newest first and merged, so the table needs no year index. Used
 * for the date-range listing (`queryByYearRange`) and for facet rows.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { FacetRow } from '#shared/query/ports.ts';
import { DOCUMENT_TYPES, type DocumentRecord } from '#shared/schema/record.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import type { ItemKey } from './items.ts';
import { AFTER_UNDATED, typeGsiPk } from './keys.ts';
import {
  FACET_NAMES,
  FACET_PROJECTION,
  recordsOf,
  toFacetRow,
} from './record-reads.ts';
import {
  checkRange,
  type DateRange,
  MAX_LIMIT,
  type Page,
  type PageOptions,
  pageLimit,
  skBounds,
  type TableContext,
} from './table-io.ts';

/** An index entry as the merge reads it: the table keys and its sort key. */
type Entry = ItemKey & { GSI1SK: string } & Record<string, unknown>;

/** One type partition being read: entries read and not yet merged. */
interface Partition {
  pk: string;
  buffer: Entry[];
  start: Record<string, unknown> | undefined;
  done: boolean;
}

/**
 * Sort-key bounds of a date range across types: undated records (`0000`)
 * only when neither bound is given (they come last, newest first).
 */
function rangeBounds(range: DateRange): [string, string] {
  const [lower, upper] = skBounds(range);
  if (!range.from && !range.to) return [lower, upper];
  // strings: `from` itself, unless it would take in `0000#<id>` keys
  if (lower <= AFTER_UNDATED) return [AFTER_UNDATED, upper];
  return [lower, upper];
}

/**
 * The entries of `pks` with sort keys in `[lower, upper]`, merged newest
 * first (sort key descending: `<date>#<id>` is unique per record, so no
 * tie to break), at most `limit`, strictly before `after` (the last
 * entry of the previous page) when given. Each partition is read lazily,
 * `chunk` entries at a time, and only when the merge needs its next
 * entry, so a page reads at most `limit` + one chunk per partition.
 * `more`: an entry is left past the page (exact: no empty last page).
 */
async function mergeNewestFirst(
  t: TableContext,
  pks: readonly string[],
  o: {
    lower: string;
    upper: string;
    after: string | null;
    limit: number;
    projection: string;
    names?: Record<string, string>;
  }
): Promise<{ items: Entry[]; more: boolean }> {
  const upper = o.after !== null && o.after < o.upper ? o.after : o.upper;
  if (upper < o.lower) return { items: [], more: false };
  // a listing page takes one read per partition; facets up to MAX_LIMIT
  const chunk = Math.min(o.limit + 1, MAX_LIMIT);
  const parts: Partition[] = pks.map((pk) => ({
    pk,
    buffer: [],
    start: undefined,
    done: false,
  }));
  const fill = async (p: Partition) => {
    while (p.buffer.length === 0 && !p.done) {
      const out = await t.db.send(
        new QueryCommand({
          TableName: t.tableName,
          IndexName: 'by-type',
          KeyConditionExpression:
            'GSI1PK = :pk AND GSI1SK BETWEEN :lower AND :upper',
          ExpressionAttributeValues: {
            ':pk': p.pk,
            ':lower': o.lower,
            ':upper': upper,
          },
          ProjectionExpression: o.projection,
          ...(o.names ? { ExpressionAttributeNames: o.names } : {}),
          ScanIndexForward: false,
          Limit: chunk,
          ExclusiveStartKey: p.start,
        })
      );
      for (const item of (out.Items ?? []) as Entry[]) {
        // the cursor's entry itself (the bound is inclusive)
        if (item.GSI1SK !== o.after) p.buffer.push(item);
      }
      p.start = out.LastEvaluatedKey;
      p.done = !out.LastEvaluatedKey;
    }
  };
  const items: Entry[] = [];
  for (;;) {
    // every partition shows its next entry (or is done) before one is taken
    await Promise.all(parts.map(fill));
    let next: Partition | null = null;
    for (const p of parts) {
      const head = p.buffer[0];
      if (head && (!next || head.GSI1SK > next.buffer[0]!.GSI1SK)) next = p;
    }
    if (!next) return { items, more: false };
    if (items.length === o.limit) return { items, more: true };
    items.push(next.buffer.shift()!);
  }
}

const typePartitions = (type?: string) =>
  (type ? [type] : DOCUMENT_TYPES).map(typeGsiPk);

/**
 * Ok records dated in `[from, to]`, newest first, across the type
 * partitions. Undated records are included (last) only when neither bound
 * is given. The cursor is the last record's sort key: every partition
 * resumes just past it, so one cursor pages the merge exactly.
 */
export async function queryByYearRange(
  t: TableContext,
  from?: string,
  to?: string,
  options: PageOptions = {}
): Promise<Page<DocumentRecord>> {
  checkRange({ from, to });
  const limit = pageLimit(options.limit);
  // layout 5 paged year partitions (`year-range`): its cursors are refused
  const query = ['date-range', from ?? null, to ?? null];
  const position = options.cursor ? decodeCursor(query, options.cursor) : null;
  const after = typeof position?.sk === 'string' ? position.sk : null;
  const [lower, upper] = rangeBounds({ from, to });
  const { items, more } = await mergeNewestFirst(t, typePartitions(), {
    lower,
    upper,
    after,
    limit,
    projection: 'PK, SK, GSI1SK',
  });
  const last = items.at(-1);
  return recordsOf(t, {
    items: items.map(({ PK, SK }) => ({ PK, SK })),
    cursor: more && last ? encodeCursor(query, { sk: last.GSI1SK }) : null,
  });
}

/**
 * Facet rows (id, type, date, people) of ok records, from the type index
 * (one partition with `type`, else all of them merged), newest first, at
 * most `limit`: projected attributes of the index entries, never the
 * record itself. Undated records: as `queryByType` with a type (included
 * unless `from` is given), as `queryByYearRange` without.
 */
export async function facetRows(
  t: TableContext,
  source: { type?: string } & DateRange,
  limit: number
): Promise<{ rows: FacetRow[]; complete: boolean }> {
  checkRange(source);
  const [lower, upper] = source.type ? skBounds(source) : rangeBounds(source);
  const { items, more } = await mergeNewestFirst(
    t,
    typePartitions(source.type),
    {
      lower,
      upper,
      after: null,
      limit,
      projection: `${FACET_PROJECTION}, GSI1SK`,
      names: FACET_NAMES,
    }
  );
  return { rows: items.map(toFacetRow), complete: !more };
}
