/**
 * The single-table design: one source of truth for the CDK table
 * (infra/), the embedded runtime's CreateTable (local/) and the store
 * adapter. Plain data, no SDK import, so infra and functions can share it.
 *
 * | item          | PK                 | SK                                    |
 * |---------------|--------------------|---------------------------------------|
 * | record        | DOC#<id>           | RECORD                                |
 * | audit event   | DOC#<id>           | EVENT#<iso-time>#<nn>#<type>#<run id> |
 * | person index  | PERSON#<name>      | <date>#<id>#<role>                    |
 * | content hash  | SHA256#<hex>       | DOC (first document with these bytes) |
 * | year set      | META               | YEARS (years with dated records)      |
 * | review queue  | REVIEW#open        | <processedAt>#<id> (records to review) |
 * GSIs on the record item (ok records only): TYPE#<type> / <date>#<id>,
 * YEAR#<yyyy> / <date>#<id>, TELEGRAM#<number> / <id>. Undated: `0000`.
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

export const TABLE_DESIGN = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: 'by-type',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: { type: 'ALL' } as GsiProjection,
    },
    {
      indexName: 'by-year',
      partitionKey: { name: 'GSI2PK', type: 'S' },
      sortKey: { name: 'GSI2SK', type: 'S' },
      projection: { type: 'ALL' } as GsiProjection,
    },
    {
      indexName: 'by-telegram',
      partitionKey: { name: 'GSI3PK', type: 'S' },
      sortKey: { name: 'GSI3SK', type: 'S' },
      projection: { type: 'ALL' } as GsiProjection,
    },
  ],
} as const;

export type TableDesign = typeof TABLE_DESIGN;
export type IndexName =
  (typeof TABLE_DESIGN.globalSecondaryIndexes)[number]['indexName'];
