/** DynamoDB single-table store: adapter, key formats, table creation. */
export * from './audit-trail.ts';
export * from './create-table.ts';
export * from './cursor.ts';
export * from './dynamo-store.ts';
export * from './items.ts';
export * from './keys.ts';
export * from './record-codec.ts';
export * from './table-design.ts';
