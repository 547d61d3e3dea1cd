/**
 * Read side of the derived text: the record keeps an excerpt and the URI;
 * this returns the whole decoded text of a document.
 */
import { NotFoundError } from '#shared/errors/index.ts';
import type { DocumentRecord } from '#shared/schema/record.ts';
import type { ObjectSource } from './ports.ts';

/**
 * The full decoded text of a stored record.
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
  if (!record.text?.uri) {
    throw new NotFoundError(
      `record ${id} has no derived text (${record.status})`
    );
  }
  return adapters.objects.getDerivedText(record.text.uri);
}
