/**
 * The AWS source link: a presigned S3 GET for the exact object version a
 * record was made from, so the browser downloads it straight from S3 with
 * the query function's (read-only, prefix-scoped) permission, and the link
 * stops working after a few minutes. The response is overridden to an
 * attachment of type application/octet-stream (shared/sources/attachment.ts):
 * an uploaded HTML page is saved, never rendered on the bucket's origin.
 * The CLI's AWS target uses the same builder.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { DocumentRecord } from '#shared/schema/record.ts';
import {
  attachmentDisposition,
  SOURCE_DOWNLOAD_TYPE,
} from '#shared/sources/attachment.ts';

/** Seconds a source link stays valid. */
export const SOURCE_LINK_TTL_SECONDS = 300;

/**
 * Makes the query service's `sourceLink` adapter.
 *
 * @param s3 the client whose credentials sign the link
 * @param expiresIn seconds the link stays valid
 */
export function presignedSourceLink(
  s3: S3Client,
  expiresIn = SOURCE_LINK_TTL_SECONDS
): (record: DocumentRecord) => Promise<string | null> {
  return async (record) => {
    const { bucket, key, versionId } = record.source;
    if (!bucket || !key || record.source.deleted) return null;
    return getSignedUrl(
      s3,
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ...(versionId ? { VersionId: versionId } : {}),
        ResponseContentDisposition: attachmentDisposition(key),
        ResponseContentType: SOURCE_DOWNLOAD_TYPE,
      }),
      { expiresIn }
    );
  };
}
