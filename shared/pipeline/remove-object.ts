/**
 * Use case: an object was removed from the raw bucket. The record stays
 * (it is the archive's memory of the page); its source is marked deleted.
 */
import { TransientError } from '#shared/errors/index.ts';
import { PARSER_VERSION } from '#shared/extract/index.ts';
import { retryable } from './classify-error.ts';
import {
  documentIdFor,
  isOlderSequencer,
  normalizeSequencer,
} from './identity.ts';
import type { DocumentStore } from './ports.ts';

export interface RemoveRef {
  bucket: string;
  key: string;
  /**
   * The version permanently deleted (`ObjectRemoved:Delete` with a version
   * id); null for a delete marker or an unversioned bucket, which hide the
   * current object.
   */
  deletedVersionId?: string | null;
  sequencer?: string | null;
  eventTime?: string;
}

export type RemoveOutcome =
  | { outcome: 'marked-deleted'; id: string }
  | { outcome: 'no-record'; id: string }
  | { outcome: 'stale'; id: string }
  /** An older version was deleted; the record's version is still there. */
  | { outcome: 'other-version'; id: string };

/**
 * Marks the record of `ref` as having a deleted source.
 *
 * @param ref - the removed object
 * @param adapters - the store, a clock and the agent name for the audit event
 */
export async function removeObject(
  ref: RemoveRef,
  adapters: { store: DocumentStore; clock: () => Date; agent?: string }
): Promise<RemoveOutcome> {
  const { store, clock } = adapters;
  const id = documentIdFor(ref.bucket, ref.key);
  const state = await retryable('read record state', () => store.getState(id));
  if (!state) return { outcome: 'no-record', id };
  const sequencer = normalizeSequencer(ref.sequencer);
  if (isOlderSequencer(sequencer, state.sequencer)) {
    return { outcome: 'stale', id };
  }
  const stored = state.record.source.versionId ?? null;
  if (ref.deletedVersionId && stored && ref.deletedVersionId !== stored) {
    return { outcome: 'other-version', id };
  }
  const now = clock().toISOString();
  const marked = await retryable('mark source deleted', () =>
    store.markSourceDeleted(id, {
      revision: state.revision,
      sequencer: sequencer ?? state.sequencer,
      eventTime: ref.eventTime ?? now,
      event: {
        type: 'source-deleted',
        at: now,
        agent: adapters.agent ?? 'ingest',
        parserVersion: PARSER_VERSION,
        outcome: 'ok',
        detail: { deletedVersionId: ref.deletedVersionId ?? null, sequencer },
      },
    })
  );
  if (!marked) {
    throw new TransientError(
      `record ${id} changed while marking its source deleted; retry`
    );
  }
  return { outcome: 'marked-deleted', id };
}
