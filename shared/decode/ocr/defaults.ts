/** OCR defaults, in a module of their own so decode() can read them cheaply. */

/** Below this mean word confidence (0-100) a record gets `low-ocr-confidence`. */
export const DEFAULT_OCR_MIN_CONFIDENCE = 60;
/** Image-only PDFs with more pages fail as `too-large` (OCR time bound). */
export const DEFAULT_OCR_MAX_PAGES = 50;
/** Image-only PDF pages are rendered at this resolution for OCR. */
export const DEFAULT_OCR_DPI = 300;
