/**
 * Read side of a record's text: the record keeps an excerpt and a URI;
 * these return the whole decoded text. The URI names a derived copy, or,
 * for a UTF-8 text whose bytes decoding left as they were, the source
 * object itself at its version (docs/INGEST.md). A source read that way
 * is checked against the record's SHA-256, so a changed object never
 * passes for the text the record was made from.
 */
import { createHash } from 'node:crypto';
import { NotFoundError } from '#shared/errors/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import type { ObjectSource } from './ports.ts';

/**
 * The source object no longer holds the bytes the record was made from
 * (an unversioned bucket's object overwritten or cut short): its text is
 * not served as the record's. A 404 to HTTP callers; reprocess the record.
 */
export class SourceChangedError extends NotFoundError {}

/** True when the record's text is its source object (no derived copy). */
export function textIsSource(record: DocumentRecord): boolean {
  const uri = record.text?.uri;
  return Boolean(uri) && uri === record.source.uri;
}

/**
 * The full decoded text of a record, read by `read` at `record.text.uri`.
 * A text that is the source object must hash to `record.source.sha256`;
 * when it does not, or the object is gone (an unversioned bucket's deleted
 * object; a version past the bucket's retention), the excerpt stands in
 * when it holds the whole text.
 *
 * @param record a stored record with a text URI
 * @param read reads the text at a URI (`ObjectSource.getDerivedText`)
 * @throws NotFoundError when the record has no text URI or its source is gone
 * @throws SourceChangedError when the source no longer holds the record's bytes
 */
export async function readRecordText(
  record: DocumentRecord,
  read: (uri: string) => Promise<string>
): Promise<string> {
  const ref = record.text;
  if (!ref?.uri) {
    throw new NotFoundError(
      `record ${record.id} has no text (${record.status})`
    );
  }
  if (!textIsSource(record)) return read(ref.uri);
  const whole = ref.excerpt.length >= ref.length ? ref.excerpt : null;
  let text: string;
  try {
    text = await read(ref.uri);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    if (whole !== null) return whole;
    const gone = record.source.deleted ? 'was deleted' : 'is gone';
    throw new NotFoundError(
      `record ${record.id}: its text is its source ${ref.uri}, which ${gone}`,
      { cause: error }
    );
  }
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  if (sha256 === record.source.sha256) return text;
  if (whole !== null) return whole;
  throw new SourceChangedError(
    `source changed: ${ref.uri} no longer holds the bytes record ${record.id} was made from (SHA-256 ${record.source.sha256}, now ${sha256}); reprocess the record to read the object as it is now`
  );
}

/**
 * The full decoded text of a stored record, by id.
 *
 * @param id - document id
 * @param adapters - `getRecord` of the store and the object source
 * @throws NotFoundError when there is no record or it has no text (a failure record)
 */
export async function getDerivedText(
  id: string,
  adapters: {
    store: { getRecord(id: string): Promise<DocumentRecord | null> };
    objects: Pick<ObjectSource, 'getDerivedText'>;
  }
): Promise<string> {
  const record = await adapters.store.getRecord(id);
  if (!record) throw new NotFoundError(`no record ${id}`);
  return readRecordText(record, (uri) => adapters.objects.getDerivedText(uri));
}
