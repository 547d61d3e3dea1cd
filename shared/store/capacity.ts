/**
 * What a write or a read costs in DynamoDB's units, by DynamoDB's rules,
 * for a marshalled item (`Record<string, AttributeValue>`). Pure: no SDK
 * call, only its types. The bench counts the pipeline's writes with it
 * (bench/e2e.ts), the store can check an item's size before writing it.
 *
 * Rules (DynamoDB developer guide, "Item sizes and formats" and "Global
 * secondary indexes: provisioned throughput considerations"):
 * - an item's size is the UTF-8 length of each attribute name plus the
 *   size of its value: strings and binary by length; a number about one
 *   byte per two significant digits plus one; booleans and null one byte;
 *   sets the sum of their elements; lists and maps three bytes plus, per
 *   element, one byte and the element (a map element also its key);
 * - a write costs one write unit per started KB of the larger of the item
 *   before and after the write (at least one);
 * - each GSI whose key attributes the item has (sparse indexes skip the
 *   others) costs one write unit per started KB of the *projected* item:
 *   the table's keys, the index's keys, and the item's other attributes
 *   for `ALL`, the named ones for `INCLUDE`, none for `KEYS_ONLY`;
 *   replacing an index entry whose index key changed costs the delete of
 *   the old entry and the put of the new one; rewriting one whose keys and
 *   projected attributes are unchanged costs nothing in that index;
 * - a strongly consistent read costs one read unit per started 4 KB
 *   (eventually consistent: half), a Query sums its items before rounding.
 * The 100 bytes of per-item overhead DynamoDB adds count towards storage,
 * not towards units, and are left out here.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { type GsiProjection, TABLE_DESIGN } from './table-design.ts';

/** A marshalled DynamoDB item. */
export type Item = Record<string, AttributeValue>;

/** The parts of a table design that pricing reads (TABLE_DESIGN's shape). */
export interface CapacityDesign {
  readonly partitionKey: { readonly name: string };
  readonly sortKey?: { readonly name: string };
  readonly globalSecondaryIndexes: readonly {
    readonly indexName: string;
    readonly partitionKey: { readonly name: string };
    readonly sortKey?: { readonly name: string };
    readonly projection: GsiProjection;
  }[];
}

/** Write units of one write, the table and each index it touched. */
export interface WriteUnits {
  /** The table's units: ceil(max(before, after) / 1 KB), at least 1. */
  table: number;
  /** Units per GSI written (indexes the write did not touch are absent). */
  indexes: Record<string, number>;
  /** table + every index. */
  total: number;
}

const KB = 1024;

/** DynamoDB's size of a marshalled item, in bytes. */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name) + attributeValueSize(value);
  }
  return size;
}

/** DynamoDB's size of one attribute value (without its name), in bytes. */
export function attributeValueSize(value: AttributeValue): number {
  const v = value as unknown as Record<string, unknown>;
  if (typeof v.S === 'string') return Buffer.byteLength(v.S);
  if (typeof v.N === 'string') return numberSize(v.N);
  if (v.B !== undefined) return binarySize(v.B);
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (Array.isArray(v.SS)) {
    return (v.SS as string[]).reduce((s, x) => s + Buffer.byteLength(x), 0);
  }
  if (Array.isArray(v.NS)) {
    return (v.NS as string[]).reduce((s, x) => s + numberSize(x), 0);
  }
  if (Array.isArray(v.BS)) {
    return (v.BS as unknown[]).reduce<number>((s, x) => s + binarySize(x), 0);
  }
  if (Array.isArray(v.L)) {
    return (v.L as AttributeValue[]).reduce(
      (s, x) => s + 1 + attributeValueSize(x),
      3
    );
  }
  if (v.M && typeof v.M === 'object') {
    return Object.entries(v.M as Record<string, AttributeValue>).reduce(
      (s, [k, x]) => s + 1 + Buffer.byteLength(k) + attributeValueSize(x),
      3
    );
  }
  return 0;
}

/**
 * A number's size: leading and trailing zeros trimmed, one byte per two
 * significant digits, plus one (plus one more when negative).
 */
function numberSize(n: string): number {
  const negative = n.trim().startsWith('-');
  const [mantissa = ''] = n.trim().replace(/^[-+]/, '').split(/e/i);
  const digits = mantissa
    .replace('.', '')
    .replace(/^0+/, '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1 + (negative ? 1 : 0);
}

/** Binary as bytes, or as base64 text (a JSON capture of an item). */
function binarySize(b: unknown): number {
  if (b instanceof Uint8Array) return b.length;
  if (typeof b === 'string') return Buffer.from(b, 'base64').length;
  return 0;
}

/**
 * The item as a GSI stores it, or null when the item lacks one of the
 * index's key attributes (a sparse index holds no entry for it).
 */
export function projectedItem(
  item: Item,
  indexName: string,
  design: CapacityDesign = TABLE_DESIGN
): Item | null {
  const gsi = design.globalSecondaryIndexes.find(
    (g) => g.indexName === indexName
  );
  if (!gsi) throw new Error(`no GSI named ${indexName}`);
  const indexKeys = [gsi.partitionKey.name, gsi.sortKey?.name].filter(
    (k): k is string => k !== undefined
  );
  if (indexKeys.some((k) => item[k] === undefined)) return null;
  if (gsi.projection.type === 'ALL') return item;
  const keep = new Set([
    design.partitionKey.name,
    ...(design.sortKey ? [design.sortKey.name] : []),
    ...indexKeys,
    ...(gsi.projection.type === 'INCLUDE'
      ? gsi.projection.nonKeyAttributes
      : []),
  ]);
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) if (keep.has(k)) out[k] = v;
  return out;
}

/** Size in bytes of the item's entry in a GSI (0 when it has none). */
export function projectedSize(
  item: Item,
  indexName: string,
  design: CapacityDesign = TABLE_DESIGN
): number {
  const p = projectedItem(item, indexName, design);
  return p ? itemSize(p) : 0;
}

const units = (bytes: number, per: number) =>
  Math.max(1, Math.ceil(bytes / per));

/**
 * Write units of a PutItem (or a BatchWriteItem put) of `item`, over
 * `previous` (the item it replaces, when known; a new item otherwise).
 */
export function putWriteUnits(
  item: Item,
  previous: Item | null = null,
  design: CapacityDesign = TABLE_DESIGN
): WriteUnits {
  const table = units(
    Math.max(itemSize(item), previous ? itemSize(previous) : 0),
    KB
  );
  const indexes: Record<string, number> = {};
  for (const gsi of design.globalSecondaryIndexes) {
    const after = projectedItem(item, gsi.indexName, design);
    const before = previous
      ? projectedItem(previous, gsi.indexName, design)
      : null;
    const cost = indexWriteUnits(before, after, gsi);
    if (cost > 0) indexes[gsi.indexName] = cost;
  }
  return withTotal(table, indexes);
}

/** Write units of a DeleteItem of `previous` (1 when it is unknown). */
export function deleteWriteUnits(
  previous: Item | null,
  design: CapacityDesign = TABLE_DESIGN
): WriteUnits {
  if (!previous) return withTotal(1, {});
  return putWriteUnits({}, previous, design);
}

function indexWriteUnits(
  before: Item | null,
  after: Item | null,
  gsi: CapacityDesign['globalSecondaryIndexes'][number]
): number {
  if (!before && !after) return 0;
  if (!before && after) return units(itemSize(after), KB);
  if (before && !after) return units(itemSize(before), KB);
  const b = before as Item;
  const a = after as Item;
  const keys = [gsi.partitionKey.name, gsi.sortKey?.name].filter(
    (k): k is string => k !== undefined
  );
  const sameKeys = keys.every((k) => sameValue(a[k], b[k]));
  if (!sameKeys) return units(itemSize(b), KB) + units(itemSize(a), KB);
  if (sameItem(a, b)) return 0;
  return units(Math.max(itemSize(a), itemSize(b)), KB);
}

function withTotal(table: number, indexes: Record<string, number>): WriteUnits {
  const total = Object.values(indexes).reduce((s, n) => s + n, table);
  return { table, indexes, total };
}

/**
 * Read units of one read returning `items` (a GetItem: zero or one item;
 * a Query or a batch: their sizes summed before rounding up to 4 KB). A
 * read that finds nothing still costs the minimum.
 */
export function readUnits(items: readonly Item[], consistent: boolean): number {
  const bytes = items.reduce((s, i) => s + itemSize(i), 0);
  const strong = units(bytes, 4 * KB);
  return consistent ? strong : strong / 2;
}

function sameValue(
  a: AttributeValue | undefined,
  b: AttributeValue | undefined
): boolean {
  return canonical(a) === canonical(b);
}

function sameItem(a: Item, b: Item): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameValue(a[k], b[k]));
}

/**
 * A stable string for a value: map keys sorted, set members sorted (sets
 * are unordered), binary as base64.
 */
function canonical(v: unknown, set = false): string {
  if (v === undefined) return 'undefined';
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('base64')}`;
  if (Array.isArray(v)) {
    const parts = v.map((x) => canonical(x));
    return `[${(set ? parts.sort() : parts).join(',')}]`;
  }
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map(
        (k) =>
          `${k}:${canonical((v as Record<string, unknown>)[k], SETS.has(k))}`
      )
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const SETS = new Set(['SS', 'NS', 'BS']);
