/** In-memory adapters for use-case tests: the ports, no SDK, no network. */
import { createHash } from 'node:crypto';
import { NotFoundError } from '#shared/errors/index.ts';
import type {
  CommitRequest,
  CommitResult,
  DocumentStore,
  FetchedObject,
  ObjectLocation,
  ObjectSource,
  RecordState,
} from '#shared/pipeline/ports.ts';

export class MemoryObjects implements ObjectSource {
  readonly objects = new Map<
    string,
    { bytes: Uint8Array; etag: string; contentType: string | null }
  >();
  readonly derived = new Map<string, string>();
  failNext: unknown = null;

  put(
    bucket: string,
    key: string,
    body: string | Uint8Array,
    contentType: string | null = null
  ) {
    const bytes =
      typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const etag = createHash('md5').update(bytes).digest('hex');
    this.objects.set(`${bucket}/${key}`, { bytes, etag, contentType });
    return { bucket, key, etag, size: bytes.length };
  }

  async getObject(
    location: ObjectLocation,
    { maxBytes }: { maxBytes: number }
  ): Promise<FetchedObject> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
    const o = this.objects.get(`${location.bucket}/${location.key}`);
    if (!o) throw new NotFoundError(`no ${location.key}`);
    return {
      metadata: {
        versionId: null,
        etag: `"${o.etag}"`,
        size: o.bytes.length,
        contentType: o.contentType,
      },
      sha256: createHash('sha256').update(o.bytes).digest('hex'),
      bytes: o.bytes.length <= maxBytes ? o.bytes : null,
    };
  }

  async putDerivedText(id: string, sha256: string, text: string) {
    const uri = `s3://derived/derived/text/${id}/${sha256}.txt`;
    this.derived.set(uri, text);
    return uri;
  }

  /** A derived copy, or a raw object by its `s3://bucket/key` URI. */
  async getDerivedText(uri: string) {
    const derived = this.derived.get(uri);
    if (derived !== undefined) return derived;
    const raw = this.objects.get(uri.replace(/^s3:\/\//, ''));
    if (!raw) throw new NotFoundError(`no ${uri}`);
    return Buffer.from(raw.bytes).toString('utf8');
  }
}

export class MemoryStore implements DocumentStore {
  readonly states = new Map<string, RecordState>();
  readonly hashes = new Map<string, string>();
  readonly commits: CommitRequest[] = [];

  async getState(id: string) {
    return this.states.get(id) ?? null;
  }

  async claimContentHash(sha256: string, id: string) {
    if (!this.hashes.has(sha256)) this.hashes.set(sha256, id);
    return this.hashes.get(sha256)!;
  }

  async commit(request: CommitRequest): Promise<CommitResult> {
    const current = this.states.get(request.record.id) ?? null;
    if ((current?.revision ?? 0) !== (request.previous?.revision ?? 0)) {
      return { committed: false, current };
    }
    this.commits.push(request);
    const revision = (current?.revision ?? 0) + 1;
    this.states.set(request.record.id, {
      processingKey: request.processingKey,
      sequencer: request.sequencer,
      revision,
      record: request.record,
    });
    return { committed: true, revision };
  }

  async markSourceDeleted(
    id: string,
    change: { revision: number; sequencer: string | null }
  ) {
    const s = this.states.get(id);
    if (!s || s.revision !== change.revision) return false;
    this.states.set(id, {
      ...s,
      sequencer: change.sequencer,
      revision: s.revision + 1,
      record: { ...s.record, source: { ...s.record.source, deleted: true } },
    });
    return true;
  }

  async finishPendingCleanup() {}
}
