/**
 * Rasterizes the pages of a PDF that has no text layer, for OCR: PDF.js
 * (through unpdf) paints each page on an @napi-rs/canvas canvas (a native
 * binary shipped in npm, no system libraries), encoded as PNG. Both are
 * imported on first use.
 */

import { DEFAULT_OCR_DPI } from './defaults.ts';

/** The longer side of a rendered page is capped (memory, OCR time). */
const MAX_SIDE_PX = 5000;

export interface RasterOptions {
  dpi?: number;
  /** Only the first `maxPages` pages are rendered. */
  maxPages?: number;
}

/**
 * PDF.js 5 compiles font data with `ArrayBuffer.prototype.transferToFixedLength`
 * (Node 21+). On Node 20 every font fails to load and its glyphs are not
 * painted, so a page mixing a scan with printed text would lose the text.
 * Installed only when missing; copies instead of detaching, which PDF.js
 * does not rely on.
 */
function polyfillTransferToFixedLength(): void {
  const proto = ArrayBuffer.prototype as ArrayBuffer & {
    transferToFixedLength?: (length?: number) => ArrayBuffer;
  };
  if (typeof proto.transferToFixedLength === 'function') return;
  Object.defineProperty(proto, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value(this: ArrayBuffer, length?: number): ArrayBuffer {
      const size = length ?? this.byteLength;
      const out = new ArrayBuffer(size);
      new Uint8Array(out).set(
        new Uint8Array(this, 0, Math.min(size, this.byteLength))
      );
      return out;
    },
  });
}

/**
 * Yields each page as a grayscale-looking PNG, in order, one at a time.
 *
 * @param bytes the PDF (copied: PDF.js takes ownership of its buffer)
 * @param options resolution and page limit
 */
export async function* rasterizePdf(
  bytes: Uint8Array,
  options: RasterOptions = {}
): AsyncGenerator<Uint8Array> {
  const { createIsomorphicCanvasFactory, getDocumentProxy, renderPageAsImage } =
    await import('unpdf');
  polyfillTransferToFixedLength();
  const canvasImport = () => import('@napi-rs/canvas');
  // the document gets the canvas too: PDF.js paints image masks and
  // patterns on scratch canvases of its own
  const CanvasFactory = await createIsomorphicCanvasFactory(canvasImport);
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { CanvasFactory });
  try {
    const dpi = options.dpi ?? DEFAULT_OCR_DPI;
    const pages = Math.min(pdf.numPages, options.maxPages ?? pdf.numPages);
    for (let n = 1; n <= pages; n++) {
      const page = await pdf.getPage(n);
      const { width, height } = page.getViewport({ scale: 1 });
      page.cleanup();
      // PDF units are 1/72 inch
      const scale = Math.min(dpi / 72, MAX_SIDE_PX / Math.max(width, height));
      const png = await renderPageAsImage(pdf, n, { canvasImport, scale });
      yield new Uint8Array(png);
    }
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
