/**
 * bytes → text for every input format the archive receives: plain text in
 * any of its encodings, saved HTML pages, PDFs with a text layer, and scans
 * (images, image-only PDFs) when an OCR engine is passed (without one they
 * stay `needs-ocr`). Other binaries become failure reasons, never
 * exceptions.
 *
 * Pure apart from the parsing libraries (no network, no file system). The
 * returned text is what the extractor's spans index into, so it is never
 * trimmed or folded beyond what each format needs (see docs/DECODING.md).
 */
import type { FailureReason } from '#shared/schema/record.ts';
import { DEFAULT_OCR_DPI, DEFAULT_OCR_MAX_PAGES } from './ocr/defaults.ts';
import type { OcrEngine, OcrInfo } from './ocr/port.ts';
import {
  looksLikeHtmlBytes,
  looksLikeHtmlText,
  type Sniffed,
  sniffMagic,
  sniffMetaCharset,
} from './sniff.ts';
import { decodeText, normalizeLineEndings } from './text.ts';

export { isVerbatimUtf8 } from './text.ts';

export interface DecodeOptions {
  /** Larger objects fail with `too-large` before any parsing. Default 25 MB. */
  maxBytes?: number;
  /** The object's Content-Type, a hint after the content itself. */
  contentType?: string | null;
  /** The object key: named in messages, its extension is a hint. */
  key?: string;
  /**
   * Reads scans (images, PDFs without a text layer). Without it they fail
   * with `needs-ocr`. The engine is reused, never terminated here.
   */
  ocr?: OcrEngine;
  /** Image-only PDFs with more pages fail as `too-large`. Default 50. */
  ocrMaxPages?: number;
  /** Resolution image-only PDF pages are rendered at for OCR. Default 300. */
  ocrDpi?: number;
}

export type DecodeResult =
  | {
      ok: true;
      text: string;
      /** `image` (and `pdf` with `ocr` set) when the text was read by OCR. */
      format: 'text' | 'html' | 'pdf' | 'image';
      /** e.g. 'utf-8', 'utf-16le', 'windows-1251', 'latin1'; null for PDF. */
      encoding: string | null;
      /**
       * Present only when the text was read by OCR: the text is then the
       * normalized OCR text, possibly empty (a blank page is still a page).
       */
      ocr?: OcrInfo;
    }
  | { ok: false; reason: FailureReason; message: string };

export const DEFAULT_MAX_BYTES = 25 * 1024 * 1024;

/** What the content type and the key's extension claim, as hints. */
interface Hints {
  html: boolean;
  pdf: boolean;
  image: boolean;
  charset: string | null;
}

/**
 * Decodes one stored object into the text the extractor reads.
 *
 * Order: empty → too large → magic bytes (PDF, images, known binaries) →
 * text encoding detection → HTML by content (or by hint) → plain text.
 * Never throws: every failure is a {@link DecodeResult} with a reason and a
 * message naming the key.
 *
 * @param bytes the object's bytes (not modified)
 * @param options size limit, content type and key (for hints and messages)
 * @example
 * const result = await decode(body, { key: 'incoming/001.txt' });
 * if (result.ok) extract(result.text);
 */
export async function decode(
  bytes: Uint8Array,
  options: DecodeOptions = {}
): Promise<DecodeResult> {
  const key = describeKey(options?.key);
  try {
    return await decodeUnsafe(bytes, options ?? {}, key);
  } catch (error) {
    // a parser bug must not crash the pipeline: report it as a decode error
    const detail = error instanceof Error ? error.message : String(error);
    return fail('decode-error', `${key}: could not be decoded (${detail})`);
  }
}

async function decodeUnsafe(
  bytes: Uint8Array,
  options: DecodeOptions,
  key: string
): Promise<DecodeResult> {
  if (!(bytes instanceof Uint8Array)) {
    return fail('decode-error', `${key}: input is not a byte array`);
  }
  if (bytes.length === 0)
    return fail('empty', `${key}: object is empty (0 bytes)`);
  const maxBytes = limitOf(options.maxBytes);
  if (bytes.length > maxBytes) {
    return fail(
      'too-large',
      `${key}: ${bytes.length} bytes exceeds the limit of ${maxBytes} bytes`
    );
  }

  const hints = hintsOf(options.contentType, options.key);
  const sniffed = sniffMagic(bytes);
  if (sniffed) return decodeSniffed(sniffed, bytes, key, options);

  const htmlBytes = looksLikeHtmlBytes(bytes);
  const charset =
    hints.charset ?? (htmlBytes || hints.html ? sniffMetaCharset(bytes) : null);
  const decoded = await decodeText(bytes, charset);
  if (!decoded.ok) {
    if (hints.pdf) {
      return fail(
        'decode-error',
        `${key}: declared a PDF but has no %PDF header; ${decoded.why}`
      );
    }
    if (hints.image) {
      return fail(
        'unsupported-format',
        `${key}: declared an image but is no image format this pipeline knows; ${decoded.why}`
      );
    }
    return fail(
      'unsupported-format',
      `${key}: unknown binary format; ${decoded.why}`
    );
  }

  const { encoding } = decoded;
  const isHtml =
    htmlBytes ||
    looksLikeHtmlText(decoded.text) ||
    (hints.html && decoded.text.trimStart().startsWith('<'));
  if (isHtml) {
    const { htmlToText } = await import('./html.ts');
    const text = await htmlToText(decoded.text);
    if (text.trim() === '') {
      return fail(
        'empty',
        `${key}: HTML page (${encoding}) has no text content`
      );
    }
    return { ok: true, text, format: 'html', encoding };
  }

  const text = normalizeLineEndings(decoded.text);
  if (text.trim() === '') {
    return fail('empty', `${key}: holds only whitespace (${encoding})`);
  }
  return { ok: true, text, format: 'text', encoding };
}

async function decodeSniffed(
  sniffed: Sniffed,
  bytes: Uint8Array,
  key: string,
  options: DecodeOptions
): Promise<DecodeResult> {
  if (sniffed.kind === 'image') {
    if (!options.ocr) {
      return fail(
        'needs-ocr',
        `${key}: ${sniffed.name} has no text layer; it needs OCR`
      );
    }
    if (!sniffed.ocr) {
      return fail(
        'unsupported-format',
        `${key}: ${sniffed.name} is not an image format OCR reads (PNG, JPEG, TIFF, GIF, BMP, WebP)`
      );
    }
    return decodeScan(key, sniffed.name, 'image', async (ocr) =>
      ocr.readImage(bytes, options.ocr!)
    );
  }
  if (sniffed.kind === 'binary') {
    return fail(
      'unsupported-format',
      `${key}: ${sniffed.name} is not a supported format`
    );
  }
  const { pdfToText } = await import('./pdf.ts');
  const pdf = await pdfToText(bytes);
  if (pdf.ok)
    return { ok: true, text: pdf.text, format: 'pdf', encoding: null };
  if (pdf.kind === 'no-text') {
    if (!options.ocr) {
      return fail(
        'needs-ocr',
        `${key}: PDF has no text layer on any of its ${pdf.pages} page(s); it needs OCR`
      );
    }
    const maxPages = positiveOr(options.ocrMaxPages, DEFAULT_OCR_MAX_PAGES);
    if (pdf.pages > maxPages) {
      return fail(
        'too-large',
        `${key}: image-only PDF has ${pdf.pages} pages; OCR reads at most ${maxPages}`
      );
    }
    return decodeScan(key, `${pdf.pages}-page image-only PDF`, 'pdf', (ocr) =>
      ocr.readImagePdf(bytes, options.ocr!, {
        maxPages,
        dpi: positiveOr(options.ocrDpi, DEFAULT_OCR_DPI),
      })
    );
  }
  return fail('decode-error', `${key}: corrupt PDF: ${pdf.why}`);
}

type OcrModule = typeof import('./ocr/index.ts');

/** Runs a scan through OCR (module loaded on first use); a throw is a decode error. */
async function decodeScan(
  key: string,
  what: string,
  format: 'image' | 'pdf',
  read: (ocr: OcrModule) => Promise<{ text: string; ocr: OcrInfo }>
): Promise<DecodeResult> {
  const ocrModule = await import('./ocr/index.ts');
  let reading: { text: string; ocr: OcrInfo };
  try {
    reading = await read(ocrModule);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(
      'decode-error',
      `${key}: OCR could not read the ${what} (${detail})`
    );
  }
  return {
    ok: true,
    text: reading.text,
    format,
    encoding: null,
    ocr: reading.ocr,
  };
}

function positiveOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
    ? value
    : fallback;
}

function fail(reason: FailureReason, message: string): DecodeResult {
  return { ok: false, reason, message };
}

function describeKey(key: unknown): string {
  return typeof key === 'string' && key !== '' ? key : '(unnamed object)';
}

/** A missing, non-finite or negative limit falls back to the default. */
function limitOf(maxBytes: unknown): number {
  return typeof maxBytes === 'number' &&
    Number.isFinite(maxBytes) &&
    maxBytes >= 0
    ? maxBytes
    : DEFAULT_MAX_BYTES;
}

const HTML_EXTENSIONS = /\.(?:html?|xhtml)$/i;
const PDF_EXTENSION = /\.pdf$/i;
const IMAGE_EXTENSIONS = /\.(?:png|jpe?g|tiff?|gif|bmp|webp|jp2|heic|avif)$/i;

function hintsOf(
  contentType: string | null | undefined,
  key: string | undefined
): Hints {
  const [mediaType = '', ...params] = (
    typeof contentType === 'string' ? contentType : ''
  )
    .toLowerCase()
    .split(';')
    .map((part) => part.trim());
  let charset: string | null = null;
  for (const param of params) {
    const match = /^charset\s*=\s*"?([^";\s]+)"?$/.exec(param);
    if (match?.[1]) charset = match[1];
  }
  const name = typeof key === 'string' ? key : '';
  return {
    html:
      mediaType === 'text/html' ||
      mediaType === 'application/xhtml+xml' ||
      HTML_EXTENSIONS.test(name),
    pdf: mediaType === 'application/pdf' || PDF_EXTENSION.test(name),
    image: mediaType.startsWith('image/') || IMAGE_EXTENSIONS.test(name),
    charset,
  };
}
