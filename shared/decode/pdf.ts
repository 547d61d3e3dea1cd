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

/** A vertical gap this many times the page's usual line gap is a paragraph break. */
const PARAGRAPH_GAP = 1.5;

type Proxy = Awaited<ReturnType<Unpdf['getDocumentProxy']>>;

/**
 * Reads the text layer of every page, in page order, pages joined by a
 * blank line. Within a page, text runs are joined as PDF.js orders them,
 * with a line break where PDF.js sees one and a blank line where the vertical
 * gap between two lines is clearly wider than the page's usual leading (a
 * paragraph break). A document whose pages hold no text at all (scans) is
 * reported as `no-text`; one PDF.js cannot open as `corrupt`.
 *
 * @param bytes the PDF; copied into a plain Uint8Array, because PDF.js
 *   takes ownership of (and may detach) its input and rejects Node Buffers
 */
export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  const { getDocumentProxy } = await unpdf();
  let pdf: Proxy | undefined;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), {
      verbosity: 0,
      // no network or file access beyond the bytes we were given
      disableAutoFetch: true,
      disableStream: true,
      stopAtErrors: false,
    });
    const texts: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      texts.push(await pageText(pdf, n));
    }
    if (texts.every((page) => page.trim() === '')) {
      return { ok: false, kind: 'no-text', pages: texts.length };
    }
    return {
      ok: true,
      text: texts.filter((page) => page !== '').join('\n\n'),
      pages: texts.length,
    };
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

interface Line {
  text: string;
  /** Baseline of the line's first text run (PDF space, origin bottom-left). */
  y: number | null;
}

async function pageText(pdf: Proxy, pageNumber: number): Promise<string> {
  const page = await pdf.getPage(pageNumber);
  const content = await page.getTextContent();
  const lines: Line[] = [];
  let text = '';
  let y: number | null = null;
  for (const item of content.items) {
    if (!('str' in item)) continue; // marked-content boundaries
    if (y === null && item.str.trim() !== '') {
      const baseline = Number(item.transform[5]);
      y = Number.isFinite(baseline) ? baseline : null;
    }
    text += item.str;
    if (item.hasEOL) {
      lines.push({ text, y });
      text = '';
      y = null;
    }
  }
  if (text !== '') lines.push({ text, y });
  page.cleanup();
  return layoutLines(lines);
}

/** Joins lines, inserting blank lines at wide vertical gaps. */
function layoutLines(lines: readonly Line[]): string {
  const gaps: number[] = [];
  let previous: number | null = null;
  for (const line of lines) {
    if (line.y === null) continue;
    if (previous !== null && previous > line.y) gaps.push(previous - line.y);
    previous = line.y;
  }
  const usual = median(gaps);
  const out: string[] = [];
  previous = null;
  for (const line of lines) {
    const clean = line.text.replace(/[ \t\r\n]+$/, '');
    if (line.y !== null) {
      if (
        usual > 0 &&
        previous !== null &&
        previous - line.y > usual * PARAGRAPH_GAP &&
        out.length > 0 &&
        out.at(-1) !== ''
      ) {
        out.push('');
      }
      previous = line.y;
    }
    if (clean.trim() === '') {
      if (out.length > 0 && out.at(-1) !== '') out.push('');
    } else {
      out.push(clean.replace(/\r\n?/g, '\n'));
    }
  }
  while (out.length > 0 && out.at(-1) === '') out.pop();
  return out.join('\n');
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
