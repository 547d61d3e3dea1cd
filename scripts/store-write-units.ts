/**
 * DynamoDB write units per page of the ingest use case, by item kind.
 *
 *   npx tsx scripts/store-write-units.ts [pages-dir] [--json]
 *
 * Runs `ingestObject` over every `*.txt` of the directory (default
 * ../shared/corpus/pages) against dynalite (table from TABLE_DESIGN), with
 * an in-memory object source, then once more with `force` (a reprocess:
 * every record item replaced), then once more as new documents (other
 * keys, so other ids; a newline appended, so other content hashes) with
 * the people directory already written by this process: a warm archive's
 * first ingest. A middleware counts every write the store
 * sends: items and write units by DynamoDB's rules (1 WCU per started KB
 * of the item; each GSI whose keys the item carries costs the size of
 * the item as the index projects it, per TABLE_DESIGN, also rounded up to
 * 1 KB). UpdateItem and DeleteItem are counted at 1 unit (the year set,
 * the clean-up marker: small or rare).
 *
 * Record items: size distribution (median, p90, max, how many exceed
 * 2 KB, i.e. cost 3 write units) and the largest ones' parts.
 *
 * `--qualities`: the record bodies recompressed at each brotli quality;
 * `--excerpt`: the record items with `text.excerpt` cut to each of a few
 * sizes (what the excerpt costs: mean body, item size distribution).
 */
import { readdir, readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { type AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import dynalite from 'dynalite';
import { EXCERPT_BYTES, truncateUtf8 } from '#shared/pipeline/bound-record.ts';
import { ingestObject } from '#shared/pipeline/ingest-object.ts';
import type { ObjectSource } from '#shared/pipeline/ports.ts';
import { createTable } from '#shared/store/create-table.ts';
import {
  createDocumentClient,
  DynamoDocumentStore,
} from '#shared/store/dynamo-store.ts';
import { TABLE_DESIGN } from '#shared/store/table-design.ts';

type Item = Record<string, AttributeValue>;

interface Tally {
  items: number;
  bytes: number;
  units: number;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const dir = args.find((a) => !a.startsWith('--')) ?? '../shared/corpus/pages';

/** DynamoDB's item size (names + values; see bench/e2e.ts). */
function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += Buffer.byteLength(name) + valueSize(value);
  }
  return size;
}

function valueSize(v: AttributeValue): number {
  const a = v as unknown as Record<string, unknown>;
  if (typeof a.S === 'string') return Buffer.byteLength(a.S);
  if (typeof a.N === 'string') return Math.ceil(a.N.length / 2) + 1;
  if (a.B instanceof Uint8Array) return a.B.length;
  if (a.BOOL !== undefined || a.NULL !== undefined) return 1;
  if (Array.isArray(a.SS)) {
    return (a.SS as string[]).reduce((s, x) => s + Buffer.byteLength(x), 0);
  }
  if (Array.isArray(a.L)) {
    return (a.L as AttributeValue[]).reduce((s, x) => s + 1 + valueSize(x), 3);
  }
  if (a.M && typeof a.M === 'object') {
    return Object.entries(a.M as Record<string, AttributeValue>).reduce(
      (s, [k, x]) => s + 1 + Buffer.byteLength(k) + valueSize(x),
      3
    );
  }
  return 0;
}

/** The item as a GSI stores it (its projection in TABLE_DESIGN). */
function projected(
  item: Item,
  index: (typeof TABLE_DESIGN.globalSecondaryIndexes)[number]
): Item {
  const projection = index.projection as {
    type: string;
    nonKeyAttributes?: readonly string[];
  };
  if (projection.type === 'ALL') return item;
  const keep = new Set([
    TABLE_DESIGN.partitionKey.name,
    TABLE_DESIGN.sortKey.name,
    index.partitionKey.name,
    index.sortKey.name,
    ...(projection.type === 'INCLUDE'
      ? (projection.nonKeyAttributes ?? [])
      : []),
  ]);
  return Object.fromEntries(
    Object.entries(item).filter(([name]) => keep.has(name))
  );
}

/** The kind of an item, for the breakdown. */
function kindOf(item: Item): string {
  const entity = item.entity?.S;
  if (entity) return entity;
  const pk = item.PK?.S ?? '';
  return pk.split('#')[0] ?? 'other';
}

class Counter {
  readonly byKind = new Map<string, Tally>();
  requests = new Map<string, number>();
  /** Record items: bytes by attribute, and JSON bytes by body part. */
  readonly attributes = new Map<string, number>();
  readonly bodyJson = new Map<string, number>();
  readonly bodies: Buffer[] = [];
  /** This run's record items: size, and the size without the body. */
  readonly records: {
    pk: string;
    size: number;
    withoutBody: number;
    json: Buffer;
  }[] = [];

  add(kind: string, bytes: number, units: number): void {
    const t = this.byKind.get(kind) ?? { items: 0, bytes: 0, units: 0 };
    t.items += 1;
    t.bytes += bytes;
    t.units += units;
    this.byKind.set(kind, t);
  }

  put(raw: Record<string, unknown>): void {
    const item = (
      typeof raw.PK === 'string'
        ? marshall(raw, {
            removeUndefinedValues: true,
            convertClassInstanceToMap: true,
          })
        : raw
    ) as Item;
    const size = itemSize(item);
    const kind = kindOf(item);
    if (kind === 'record') {
      for (const [name, value] of Object.entries(item)) {
        const n = Buffer.byteLength(name) + valueSize(value);
        this.attributes.set(name, (this.attributes.get(name) ?? 0) + n);
      }
      if (item.body?.B) {
        const body = JSON.parse(
          brotliDecompressSync(item.body.B).toString('utf8')
        ) as Record<string, unknown>;
        this.bodies.push(brotliDecompressSync(item.body.B));
        this.records.push({
          pk: item.PK?.S ?? '',
          size: itemSize(item),
          withoutBody: itemSize(item) - 'body'.length - item.body.B.length,
          json: brotliDecompressSync(item.body.B),
        });
        for (const [name, value] of Object.entries(body)) {
          const n = JSON.stringify(value).length;
          this.bodyJson.set(name, (this.bodyJson.get(name) ?? 0) + n);
        }
      }
    }
    this.add(kind, size, Math.ceil(size / 1024));
    for (const index of TABLE_DESIGN.globalSecondaryIndexes) {
      if (!item[index.partitionKey.name]) continue;
      const p = itemSize(projected(item, index));
      this.add(`${kind} → ${index.indexName}`, p, Math.ceil(p / 1024));
    }
  }

  reset(): void {
    this.byKind.clear();
    this.requests.clear();
    this.attributes.clear();
    this.bodyJson.clear();
    this.records.length = 0;
  }
}

const counter = new Counter();

/** Median, p90, max and the count over 2 KB of item sizes. */
function distribution(sizes: number[]) {
  const sorted = [...sizes].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  return {
    median: at(0.5),
    p90: at(0.9),
    max: sorted.at(-1) ?? 0,
    over2KB: sorted.filter((n) => n > 2048).length,
  };
}

/** The brotli body the store would write for this JSON (record-codec.ts). */
function bodySize(json: Buffer): number {
  return brotliCompressSync(json, {
    params: {
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_QUALITY]: 5,
      [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  }).length;
}

async function main() {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await createTable(client, 'records');
  const db = createDocumentClient(client);
  db.middlewareStack.add(
    (next, context) => async (a) => {
      const name = String(context.commandName ?? '').replace(/Command$/, '');
      counter.requests.set(name, (counter.requests.get(name) ?? 0) + 1);
      const input = a.input as {
        Item?: Record<string, unknown>;
        RequestItems?: Record<
          string,
          { PutRequest?: { Item?: Record<string, unknown> } }[]
        >;
        Key?: Record<string, unknown>;
      };
      if (name === 'PutItem' && input.Item) counter.put(input.Item);
      if (name === 'BatchWriteItem') {
        for (const list of Object.values(input.RequestItems ?? {})) {
          for (const r of list) {
            if (r.PutRequest?.Item) counter.put(r.PutRequest.Item);
          }
        }
      }
      if (name === 'UpdateItem' || name === 'DeleteItem') {
        const pk = (input.Key as { PK?: unknown } | undefined)?.PK;
        const text =
          typeof pk === 'string' ? pk : ((pk as { S?: string })?.S ?? '');
        counter.add(`${name} ${text.split('#')[0]}`, 0, 1);
      }
      return next(a);
    },
    { step: 'build', name: 'countWrites' }
  );
  const store = new DynamoDocumentStore(db, 'records');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  const bodies = new Map<string, Uint8Array>();
  for (const f of files) {
    const bytes = await readFile(join(dir, f));
    bodies.set(f, bytes);
    // the warm run's documents: other ids and content hashes
    bodies.set(`warm/${f}`, Buffer.concat([bytes, Buffer.from('\n')]));
  }
  const objects: ObjectSource = {
    async getObject(location) {
      const bytes = bodies.get(location.key)!;
      const { createHash } = await import('node:crypto');
      return {
        metadata: {
          versionId: 'v1',
          etag: createHash('md5').update(bytes).digest('hex'),
          size: bytes.length,
          contentType: 'text/plain',
        },
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes,
      };
    },
    async putDerivedText(id) {
      return `s3://derived/${id}.txt`;
    },
    async getDerivedText() {
      return '';
    },
  };
  const runs: Record<string, unknown> = {};
  for (const [label, force, prefix, hour] of [
    ['first ingest', false, '', 0],
    ['reprocess (force)', true, '', 1],
    ['first ingest, directory warm', false, 'warm/', 2],
  ] as const) {
    counter.reset();
    let stored = 0;
    for (const [i, f] of files.entries()) {
      const out = await ingestObject(
        {
          bucket: 'raw',
          key: `${prefix}${f}`,
          versionId: 'v1',
          eventTime: new Date(Date.UTC(2024, 0, 1, hour, 0, i)).toISOString(),
        },
        { objects, store, clock: () => new Date() },
        force ? { force: true, reprocess: true } : {}
      );
      if (out.outcome === 'stored') stored += 1;
    }
    const pages = files.length;
    const kinds = [...counter.byKind].sort((a, b) => b[1].units - a[1].units);
    const total = { units: kinds.reduce((a, [, t]) => a + t.units, 0) };
    const tableItems = kinds
      .filter(([k]) => !k.includes('→'))
      .reduce((a, [, t]) => a + t.items, 0);
    const perPage = (n: number) => Math.round((n / pages) * 100) / 100;
    const largest = [...counter.records]
      .sort((a, b) => b.size - a.size)
      .filter((r) => r.size > 2048)
      .map((r) => {
        const body = JSON.parse(r.json.toString('utf8'));
        const text = body.record?.text;
        return {
          id: r.pk.slice('DOC#'.length),
          size: r.size,
          body: r.size - r.withoutBody,
          topLevel: r.withoutBody,
          bodyJson: r.json.length,
          // JSON bytes of the body's parts and the record's largest fields
          bodyJsonParts: Object.fromEntries(
            [
              ...Object.entries(body).filter(([k]) => k !== 'record'),
              ...Object.entries(body.record ?? {}).map(([k, v]) => [
                `record.${k}`,
                v,
              ]),
            ]
              .map(([k, v]) => [k, JSON.stringify(v)?.length ?? 0] as const)
              .sort((x, y) => y[1] - x[1])
              .slice(0, 8)
          ),
          textLength: text?.length ?? 0,
          excerptBytes: Buffer.byteLength(text?.excerpt ?? ''),
        };
      });
    runs[label] = {
      pages,
      stored,
      recordItemBytes: distribution(counter.records.map((r) => r.size)),
      recordItemsOver2KB: largest,
      writeUnitsPerPage: perPage(total.units),
      tableItemWritesPerPage: perPage(tableItems),
      requestsPerPage: Object.fromEntries(
        [...counter.requests].map(([k, v]) => [k, perPage(v)])
      ),
      recordItemBytesByAttribute: Object.fromEntries(
        [...counter.attributes]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, Math.round(v / pages)])
      ),
      recordBodyJsonBytes: Object.fromEntries(
        [...counter.bodyJson]
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => [k, Math.round(v / pages)])
      ),
      byKind: Object.fromEntries(
        kinds.map(([k, t]) => [
          k,
          {
            itemsPerPage: perPage(t.items),
            unitsPerPage: perPage(t.units),
            meanBytes: t.items ? Math.round(t.bytes / t.items) : 0,
          },
        ])
      ),
    };
  }
  if (args.includes('--qualities')) {
    // the record bodies of the last run, compressed at each brotli quality
    for (const q of [3, 4, 5, 6, 7, 8, 9, 10, 11]) {
      const start = process.hrtime.bigint();
      let bytes = 0;
      let over = 0;
      for (const b of counter.bodies) {
        const z = brotliCompressSync(b, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_QUALITY]: q,
            [constants.BROTLI_PARAM_SIZE_HINT]: b.length,
          },
        });
        bytes += z.length;
        if (z.length > 1600) over += 1;
      }
      const us =
        Number(process.hrtime.bigint() - start) / 1000 / counter.bodies.length;
      console.log(
        `brotli q${q}: mean ${Math.round(bytes / counter.bodies.length)} B, ${over} bodies > 1600 B, ${Math.round(us)} µs/body`
      );
    }
  }
  if (args.includes('--excerpt')) {
    // the last run's record items with the excerpt cut (UTF-8 bytes; the
    // body recompressed as record-codec.ts does)
    for (const cut of [0, 128, 256, 384, EXCERPT_BYTES]) {
      let bytes = 0;
      const sizes: number[] = [];
      for (const r of counter.records) {
        const body = JSON.parse(r.json.toString('utf8'));
        if (body.record?.text?.excerpt) {
          body.record.text.excerpt = truncateUtf8(
            body.record.text.excerpt,
            cut
          );
        }
        const n = bodySize(Buffer.from(JSON.stringify(body)));
        bytes += n;
        sizes.push(r.withoutBody + 'body'.length + n);
      }
      console.log(
        `excerpt cut to ${cut} B: body mean ${Math.round(bytes / counter.records.length)} B, record item ${JSON.stringify(distribution(sizes))}`
      );
    }
  }
  if (json) console.log(JSON.stringify(runs, null, 2));
  else {
    for (const [label, r] of Object.entries(runs)) {
      const run = r as {
        pages: number;
        recordItemBytes: ReturnType<typeof distribution>;
        recordItemsOver2KB: { id: string; size: number }[];
        writeUnitsPerPage: number;
        tableItemWritesPerPage: number;
        requestsPerPage: Record<string, number>;
        recordItemBytesByAttribute: Record<string, number>;
        recordBodyJsonBytes: Record<string, number>;
        byKind: Record<
          string,
          { itemsPerPage: number; unitsPerPage: number; meanBytes: number }
        >;
      };
      console.log(
        `\n${label}: ${run.pages} pages, ${run.writeUnitsPerPage} WCU/page, ${run.tableItemWritesPerPage} table item writes/page`
      );
      console.log(`  requests/page: ${JSON.stringify(run.requestsPerPage)}`);
      console.log(
        `  record item bytes: ${JSON.stringify(run.recordItemBytes)}; over 2 KB: ${run.recordItemsOver2KB.map((r) => `${r.id} ${r.size}`).join(', ')}`
      );
      console.log(
        `  record item bytes by attribute: ${JSON.stringify(run.recordItemBytesByAttribute)}`
      );
      console.log(
        `  record body JSON bytes by part: ${JSON.stringify(run.recordBodyJsonBytes)}`
      );
      for (const [k, t] of Object.entries(run.byKind)) {
        console.log(
          `  ${k.padEnd(28)} ${String(t.itemsPerPage).padStart(6)} items ${String(t.unitsPerPage).padStart(6)} WCU  ${String(t.meanBytes).padStart(6)} B mean`
        );
      }
    }
  }
  client.destroy();
  await new Promise<void>((r) => server.close(() => r()));
}

await main();
