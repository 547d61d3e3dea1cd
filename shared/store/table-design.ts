/**
 * The single-table design: one source of truth for the CDK table
 * (infra/), the embedded runtime's CreateTable (local/) and the store
 * adapter. Plain data, no SDK import, so infra and functions can share it.
 *
 * | item          | PK                 | SK                                    |
 * |---------------|--------------------|---------------------------------------|
 * | record        | DOC#<id>           | RECORD                                |
 * | trail (a run) | DOC#<id>           | EVENT#<iso-time>#run#<run id>         |
 * | audit event   | DOC#<id>           | EVENT#<iso-time>#<nn>#<type>#<run id> |
 * | person index  | PERSON#<key>       | <date>#<id> (the roles in the item)   |
 * | content hash  | SHA256#<hex>       | DOC (first document with these bytes) |
 * | review queue  | REVIEW#open        | <processedAt>#<id> (records to review) |
 * GSIs on the record item (ok records only): TYPE#<type> / <date>#<id>,
 * TELEGRAM#<number> / <id>. Undated: `0000`. They project keys (and the
 * facet attributes) only: listings read the record items by key. A date
 * range without a type merges the type partitions (document types are a
 * closed set), so there is no year index (layout 5 had `by-year`).
 * Key builders: keys.ts; attributes and write protocol: docs/STORE.md.
 */
/**
 * What a GSI copies from the item (DynamoDB `Projection`). A GSI write
 * costs the projected item's size in write units, so each GSI projects
 * only what its queries read. The bench prices GSI writes from this.
 */
export type GsiProjection =
  | { readonly type: 'ALL' }
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly nonKeyAttributes: readonly string[] };

/**
 * What facet counts read of a record without the record (the type index
 * projects them; date-listing.ts `facetRows`).
 */
export const FACET_ATTRIBUTES = ['documentType', 'date', 'people'] as const;

/**
 * The type and date-range listings read keys and facet attributes, then
 * the record items by key (BatchGetItem); the telegram listing reads keys.
 */
const LISTING: GsiProjection = {
  type: 'INCLUDE',
  nonKeyAttributes: FACET_ATTRIBUTES,
};

export const TABLE_DESIGN = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'by-type',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: LISTING,
    },
    {
      indexName: 'by-telegram',
      partitionKey: { name: 'GSI3PK', type: 'S' },
      sortKey: { name: 'GSI3SK', type: 'S' },
      projection: { type: 'KEYS_ONLY' } as GsiProjection,
    },
  ],
} as const;

export type TableDesign = typeof TABLE_DESIGN;
export type IndexName =
  (typeof TABLE_DESIGN.globalSecondaryIndexes)[number]['indexName'];
