/**
 * The OCR port: what decoding needs from an OCR engine, whatever reads the
 * image (tesseract.js here; a Textract adapter would implement the same).
 * Engines return geometry, not finished text: the layout (paragraphs,
 * wrapped lines, skew) is rebuilt in one place, `layout.ts`, so every engine
 * feeds the extractor the same shape of text.
 */

/** An axis-aligned box in image pixels, origin top-left. */
export interface OcrBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** One recognized word; `confidence` is 0-100 as the engine reports it. */
export interface OcrWord {
  text: string;
  confidence: number;
  bbox: OcrBox;
}

/** One text line, words in reading order. */
export interface OcrLine {
  words: OcrWord[];
  bbox: OcrBox;
  /**
   * The line's baseline from its left to its right end (image pixels). Its
   * slope is the page's skew; without it the line is taken as level.
   */
  baseline?: OcrBox;
  /** Height of the text row (ascender to descender), when the engine knows it. */
  rowHeight?: number;
}

/** One recognized page (image), lines in the engine's reading order. */
export interface OcrPage {
  lines: OcrLine[];
}

/**
 * Reads the text of one image. Implementations may keep expensive state
 * (a worker, a client) between calls: decoding calls `recognize` once per
 * image or PDF page, in page order, never concurrently for one object.
 */
export interface OcrEngine {
  /** Recorded as `ocr.engine`, e.g. `tesseract.js`. */
  readonly name: string;
  /** Recorded as `ocr.version`: engine and model version. */
  readonly version: string;
  /**
   * Recognizes one encoded image (PNG, JPEG, TIFF, BMP, WebP...).
   * Throws when the image cannot be read; an image without text is a page
   * with no lines, not an error.
   */
  recognize(image: Uint8Array): Promise<OcrPage>;
  /** Releases what the engine holds (worker threads); it may be reused after. */
  terminate(): Promise<void>;
}

/** What the record keeps about a reading (`ocr` in the record contract). */
export interface OcrInfo {
  engine: string;
  version: string;
  /** Mean word confidence over all pages, 0-100; 0 when no word was read. */
  meanConfidence: number;
  pages: number;
}
