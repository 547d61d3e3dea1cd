/**
 * How a source object is handed to a browser: as a download it saves,
 * never as a page it renders. An uploaded HTML file opened inline would run
 * its script on the origin that served it (the bucket's on AWS, the local
 * server's in the embedded runtime). Used by the AWS presigned link
 * (response overrides) and the local download route alike.
 */

/** The content type every source download is served with. */
export const SOURCE_DOWNLOAD_TYPE = 'application/octet-stream';

/**
 * A `Content-Disposition: attachment` value for `filename`: an ASCII
 * fallback name plus the exact name in RFC 5987 form.
 *
 * @example attachmentDisposition('incoming/Kim Il Sung.html')
 * // 'attachment; filename="Kim_Il_Sung.html"; filename*=UTF-8\'\'Kim%20Il%20Sung.html'
 */
export function attachmentDisposition(filename: string): string {
  const base = filename.split('/').at(-1) || 'source';
  const ascii = base.replace(/[^\w.-]/g, '_');
  // RFC 5987 attr-chars exclude these, which encodeURIComponent keeps
  const exact = encodeURIComponent(base).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
