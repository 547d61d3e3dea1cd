/**
 * Start-up reconciliation of the embedded runtime: what SQS's visibility
 * timeout does for a Lambda that dies mid-batch. The queue lives in
 * memory, so at every start each object under the upload prefix whose
 * record is missing, or was made from other bytes (ETag differs), is
 * enqueued again, except objects waiting in the dead-letter store (they
 * wait for `archive redrive`).
 *
 * In bulk: one listing of the prefix and one scan of the records, compared
 * in memory (`objectsToEnqueue`), instead of a read per stored object;
 * with progress for the CLI and for the HTTP server's 503 "starting".
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { documentIdFor } from '#shared/pipeline/identity.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';

/** Where start-up is, for progress bars and the 503 "starting" body. */
export interface StartupProgress {
  phase: 'listing' | 'checking' | 'enqueueing' | 'ready';
  /** Objects under the upload prefix (known once listed). */
  objects: number;
  /** Records read so far. */
  records: number;
  /** Objects enqueued again. */
  enqueued: number;
}

/** A stored object, as a listing gives it. */
export interface ListedObject {
  key: string;
  size: number;
  eTag: string;
}

/**
 * Lists every object under `prefix`, paging with StartAfter instead of
 * continuation tokens: s3rver encrypts those with DES, which Node 20's
 * OpenSSL 3 refuses without `--openssl-legacy-provider`.
 *
 * @param onPage called with the count listed so far, after each page
 */
export async function listAllObjects(
  s3: S3Client,
  bucket: string,
  prefix: string,
  onPage?: (listed: number) => void
): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  let startAfter: string | undefined;
  for (;;) {
    const out = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        StartAfter: startAfter,
        MaxKeys: 1000,
      })
    );
    for (const o of out.Contents ?? []) {
      if (!o.Key) continue;
      objects.push({ key: o.Key, size: o.Size ?? 0, eTag: o.ETag ?? '' });
    }
    onPage?.(objects.length);
    const last = out.Contents?.at(-1)?.Key;
    if (!out.IsTruncated || !last) return objects;
    startAfter = last;
  }
}

const unquote = (etag: string | null | undefined) =>
  (etag ?? '').replace(/^"|"$/g, '');

/**
 * The objects to enqueue again: no record, or a record made from other
 * bytes; objects waiting as dead letters are left to `archive redrive`.
 *
 * @param bucket the raw bucket (record ids are made from bucket and key)
 * @param objects the listing
 * @param recordEtags ETag of each record's source, by record id
 * @param deadKeys keys of the dead letters
 */
export function objectsToEnqueue(
  bucket: string,
  objects: readonly ListedObject[],
  recordEtags: ReadonlyMap<string, string | null>,
  deadKeys: ReadonlySet<string>
): ListedObject[] {
  return objects.filter((object) => {
    if (deadKeys.has(object.key)) return false;
    const id = documentIdFor(bucket, object.key);
    if (!recordEtags.has(id)) return true;
    return unquote(recordEtags.get(id)) !== unquote(object.eTag);
  });
}

/** What reconciliation reads and where it enqueues. */
export interface ReconcileDeps {
  s3: S3Client;
  bucket: string;
  prefix: string;
  /** Pages of every record (one scan of the table). */
  listRecords(options: {
    limit: number;
    cursor: string | null;
  }): Promise<{ items: DocumentRecord[]; cursor: string | null }>;
  /** Keys of the objects waiting in the dead-letter store. */
  deadKeys(): Promise<ReadonlySet<string>>;
  enqueue(object: ListedObject): void;
  onProgress?: (progress: StartupProgress) => void;
}

/**
 * Enqueues every object the store has no current record of; returns
 * their keys.
 *
 * @param deps storage, queue and progress (see `ReconcileDeps`)
 */
export async function reconcile(deps: ReconcileDeps): Promise<string[]> {
  const progress: StartupProgress = {
    phase: 'listing',
    objects: 0,
    records: 0,
    enqueued: 0,
  };
  const report = () => deps.onProgress?.({ ...progress });
  report();
  const objects = await listAllObjects(
    deps.s3,
    deps.bucket,
    deps.prefix,
    (n) => {
      progress.objects = n;
      report();
    }
  );
  progress.phase = 'checking';
  report();
  const recordEtags = new Map<string, string | null>();
  if (objects.length > 0) {
    let cursor: string | null = null;
    do {
      const page = await deps.listRecords({ limit: 1000, cursor });
      for (const record of page.items) {
        recordEtags.set(record.id, record.source.etag ?? null);
      }
      progress.records = recordEtags.size;
      report();
      cursor = page.cursor;
    } while (cursor);
  }
  const todo = objectsToEnqueue(
    deps.bucket,
    objects,
    recordEtags,
    await deps.deadKeys()
  );
  progress.phase = 'enqueueing';
  for (const object of todo) {
    deps.enqueue(object);
    progress.enqueued += 1;
  }
  progress.phase = 'ready';
  report();
  return todo.map((o) => o.key);
}
