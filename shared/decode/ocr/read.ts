/**
 * Reads scans through an {@link OcrEngine}: each image (or rasterized PDF
 * page) in order, laid out as text, pages joined by a blank line, then
 * normalized for the extractor. Also computes the confidence the record
 * keeps.
 */
import { layoutPage } from './layout.ts';
import { normalizeOcrText } from './normalize.ts';
import type { OcrEngine, OcrInfo, OcrPage } from './port.ts';

export interface OcrReading {
  /** Normalized text: what the extractor reads and its spans index into. */
  text: string;
  ocr: OcrInfo;
}

/**
 * OCRs page images one after the other (one engine, in page order) and
 * joins them. Images are produced lazily, so a PDF is rasterized one page
 * at a time and a 300-dpi page's pixels are dropped before the next.
 *
 * @param images encoded page images, in page order
 * @param engine the OCR engine (its worker is reused, not terminated)
 */
export async function readScans(
  images: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  engine: OcrEngine
): Promise<OcrReading> {
  const texts: string[] = [];
  let confidenceSum = 0;
  let words = 0;
  for await (const image of images) {
    const page = await engine.recognize(image);
    const stats = wordStats(page);
    confidenceSum += stats.sum;
    words += stats.count;
    texts.push(layoutPage(page));
  }
  return {
    text: normalizeOcrText(texts.filter((t) => t !== '').join('\n\n')),
    ocr: {
      engine: engine.name,
      version: engine.version,
      meanConfidence:
        words === 0 ? 0 : Math.round((confidenceSum / words) * 10) / 10,
      pages: texts.length,
    },
  };
}

function wordStats(page: OcrPage): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const line of page.lines) {
    for (const word of line.words) {
      if (word.text.trim() === '') continue;
      const c = Number.isFinite(word.confidence) ? word.confidence : 0;
      sum += Math.min(100, Math.max(0, c));
      count++;
    }
  }
  return { sum, count };
}
