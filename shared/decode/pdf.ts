/**
 * PDF text layer → text, through unpdf (a serverless build of PDF.js).
 * unpdf is imported on first use: it is 1.6 MB of JavaScript that only PDF
 * objects should pay for.
 */

type Unpdf = typeof import('unpdf');
let unpdfModule: Unpdf | undefined;

async function unpdf(): Promise<Unpdf> {
  unpdfModule ??= await import('unpdf');
  return unpdfModule;
}

export type PdfText =
  | { ok: true; text: string; pages: number }
  | { ok: false; kind: 'no-text'; pages: number }
  | { ok: false; kind: 'corrupt'; why: string };

/**
 * Reads the text layer of every page, in page order, pages joined by a
 * blank line. A document whose pages hold no text at all (scans) is
 * reported as `no-text`; one PDF.js cannot open as `corrupt`.
 *
 * @param bytes the PDF; copied into a plain Uint8Array, because PDF.js
 *   takes ownership of (and may detach) its input and rejects Node Buffers
 */
export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  const { getDocumentProxy, extractText } = await unpdf();
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,
      // no network or file access beyond the bytes we were given
      disableAutoFetch: true,
      disableStream: true,
      stopAtErrors: false,
    });
    const { text: pages } = await extractText(pdf, { mergePages: false });
    const texts = pages.map(cleanPage);
    if (texts.every((page) => page.trim() === '')) {
      return { ok: false, kind: 'no-text', pages: pages.length };
    }
    return { ok: true, text: texts.join('\n\n'), pages: pages.length };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    const why =
      name === 'PasswordException'
        ? 'the PDF is encrypted with a password'
        : `PDF.js could not read it (${name}: ${message})`;
    return { ok: false, kind: 'corrupt', why };
  } finally {
    await pdf?.destroy().catch(() => undefined);
  }
}

/**
 * PDF.js marks line ends with `\n` after each text run; trailing spaces on a
 * line and trailing newlines on a page are layout, not text.
 */
function cleanPage(page: string): string {
  return page
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\s+$/, '');
}
