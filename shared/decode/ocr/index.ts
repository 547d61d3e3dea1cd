/**
 * Scans → text: images and image-only PDFs read through an {@link OcrEngine}
 * (port.ts), laid out (layout.ts) and normalized (normalize.ts) so the
 * extractor's rules serve them as they serve text pages. `decode()` calls
 * into this module lazily, only for scans; the default engine (tesseract.js)
 * is in tesseract.ts, kept apart so nothing here loads it.
 */
import { DEFAULT_OCR_MIN_CONFIDENCE } from './defaults.ts';
import { rasterizePdf } from './pdf-pages.ts';
import type { OcrEngine } from './port.ts';
import { type OcrReading, readScans } from './read.ts';

export {
  DEFAULT_OCR_DPI,
  DEFAULT_OCR_MAX_PAGES,
  DEFAULT_OCR_MIN_CONFIDENCE,
} from './defaults.ts';
export type {
  OcrBox,
  OcrEngine,
  OcrInfo,
  OcrLine,
  OcrPage,
  OcrWord,
} from './port.ts';
export type { OcrReading } from './read.ts';

/**
 * Whether a reading is too unsure to trust without a look: its mean word
 * confidence is under `minConfidence` (no words at all counts as 0).
 */
export function isLowOcrConfidence(
  ocr: { meanConfidence: number },
  minConfidence: number = DEFAULT_OCR_MIN_CONFIDENCE
): boolean {
  return ocr.meanConfidence < minConfidence;
}

/** Reads one image (PNG, JPEG, TIFF, GIF, BMP, WebP). */
export function readImage(
  bytes: Uint8Array,
  engine: OcrEngine
): Promise<OcrReading> {
  return readScans([bytes], engine);
}

/**
 * Reads an image-only PDF: each page rasterized (at `dpi`) and read in
 * order.
 */
export function readImagePdf(
  bytes: Uint8Array,
  engine: OcrEngine,
  options: { dpi?: number; maxPages?: number } = {}
): Promise<OcrReading> {
  return readScans(rasterizePdf(bytes, options), engine);
}
