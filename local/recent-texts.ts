/**
 * The texts the ingest handlers just read or wrote, kept briefly for the
 * embedded runtime's search index: it indexes each record as it is
 * committed, and would otherwise read the text straight back from s3rver
 * (one more GET per page, on the handler's path). A wrapper of the object
 * source: a UTF-8 upload's bytes (its text is the object itself) and every
 * derived text are remembered under the URI the record names, up to a
 * character budget, oldest dropped first; a hit is taken out (the index
 * reads each text once). A miss reads through, so nothing depends on it.
 */
import { s3Uri } from '#shared/pipeline/ingest-object.ts';
import type { ObjectSource } from '#shared/pipeline/ports.ts';

/** Objects larger than this are not kept (scans, PDFs: never verbatim text). */
const MAX_OBJECT_BYTES = 1024 * 1024;
/** Characters kept in all (a few batches' worth of pages). */
const DEFAULT_BUDGET_CHARS = 8 * 1024 * 1024;

export interface RecentTexts {
  /** The object source the handlers use: reads and writes pass through. */
  objects: ObjectSource;
  /** The text at `uri`: the one just seen, else read from the source. */
  readText(uri: string): Promise<string>;
}

/**
 * @param objects the runtime's S3 object source
 * @param budgetChars characters kept at most (default 8 Mi)
 */
export function recentTexts(
  objects: ObjectSource,
  budgetChars = DEFAULT_BUDGET_CHARS
): RecentTexts {
  const kept = new Map<string, string>();
  let chars = 0;
  const keep = (uri: string, text: string) => {
    if (text.length > budgetChars) return;
    const old = kept.get(uri);
    if (old !== undefined) chars -= old.length;
    kept.delete(uri);
    kept.set(uri, text);
    chars += text.length;
    for (const [k, v] of kept) {
      if (chars <= budgetChars) break;
      kept.delete(k);
      chars -= v.length;
    }
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return {
    objects: {
      async getObject(location, options) {
        const fetched = await objects.getObject(location, options);
        const { bytes, metadata } = fetched;
        if (bytes && bytes.length <= MAX_OBJECT_BYTES) {
          try {
            keep(
              s3Uri(location.bucket, location.key, metadata.versionId),
              decoder.decode(bytes)
            );
          } catch {
            // not UTF-8: its record text is a derived copy, kept below
          }
        }
        return fetched;
      },
      async putDerivedText(id, sha256, text) {
        const uri = await objects.putDerivedText(id, sha256, text);
        keep(uri, text);
        return uri;
      },
      getDerivedText: (uri) => objects.getDerivedText(uri),
    },
    async readText(uri) {
      const text = kept.get(uri);
      if (text === undefined) return objects.getDerivedText(uri);
      kept.delete(uri);
      chars -= text.length;
      return text;
    },
  };
}
