/**
 * (adapter) tesseract.js behind the {@link OcrEngine} port, fully offline:
 * the English model comes from the npm package `@tesseract.js-data/eng`
 * (`langPath` at its folder, `cacheMethod: 'none'`), never from a CDN.
 *
 * tesseract.js (and its 40 MB of WebAssembly) is imported on the first
 * recognition, so a text-only cold start never loads it. One worker is
 * created then and reused by every later call (a warm Lambda container
 * keeps it between invocations). Its thread is unref'd while idle, so it
 * never keeps a CLI or test process alive; `terminate()` ends it.
 *
 * Two tesseract.js traits handled here: a failed job also *throws* from the
 * worker's message handler (an uncaught exception that kills the process)
 * unless an `errorHandler` is given; and the worker thread is ref'd (keeps
 * Node running) unless told otherwise.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { OcrBox, OcrEngine, OcrLine, OcrPage } from './port.ts';

/** The tesseract.js release this adapter was written and tested against. */
export const TESSERACT_JS_VERSION = '7.0.0';
/** Model folder inside `@tesseract.js-data/eng`: LSTM-only, integer (2.9 MB). */
export const ENG_MODEL = '4.0.0_best_int';

export interface TesseractOptions {
  /** Folder holding `eng.traineddata.gz`; default: the installed npm package. */
  langPath?: string;
}

type TesseractModule = typeof import('tesseract.js');
/** The worker, with the Node thread tesseract.js exposes (not in its types). */
type Worker = Awaited<ReturnType<TesseractModule['createWorker']>> & {
  worker?: { ref?: () => void; unref?: () => void } | null;
};

/** The subset of tesseract.js's result tree this adapter reads. */
interface TBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}
interface TLine {
  bbox: TBox;
  baseline?: TBox | null;
  rowAttributes?: { rowHeight?: number } | null;
  words: { text: string; confidence: number; bbox: TBox }[];
}
interface TBlock {
  paragraphs: { lines: TLine[] }[];
}

/** Where the installed English model lives (resolved, not fetched). */
export function defaultLangPath(): string {
  const require = createRequire(import.meta.url);
  return join(
    dirname(require.resolve('@tesseract.js-data/eng/package.json')),
    ENG_MODEL
  );
}

/**
 * Creates a tesseract.js engine. Nothing is loaded until the first
 * `recognize`.
 *
 * @param options where the English model is (default: the npm package)
 * @example
 * const ocr = createTesseractEngine();
 * const result = await decode(bytes, { key, ocr });
 */
export function createTesseractEngine(
  options: TesseractOptions = {}
): OcrEngine {
  let worker: Promise<Worker> | null = null;
  let running = 0;
  let broken = false;

  const start = async (): Promise<Worker> => {
    const imported = await import('tesseract.js');
    // CommonJS package: the functions sit on `default` under ESM interop
    const tesseract = ((imported as { default?: TesseractModule }).default ??
      imported) as TesseractModule;
    const created = (await tesseract.createWorker(
      'eng',
      tesseract.OEM.LSTM_ONLY,
      {
        langPath: options.langPath ?? defaultLangPath(),
        cacheMethod: 'none',
        gzip: true,
        // the job's promise rejects with the error; without a handler the
        // worker would also throw it where nobody can catch it
        errorHandler: () => undefined,
      }
    )) as Worker;
    return created;
  };

  const stop = async (): Promise<void> => {
    const current = worker;
    worker = null;
    if (current) await (await current.catch(() => null))?.terminate();
  };

  return {
    name: 'tesseract.js',
    version: `${TESSERACT_JS_VERSION}+eng-${ENG_MODEL}`,
    async recognize(image: Uint8Array): Promise<OcrPage> {
      running++;
      let w: Worker | null = null;
      try {
        worker ??= start();
        w = await worker;
        w.worker?.ref?.();
        const result = await w.recognize(
          Buffer.from(image.buffer, image.byteOffset, image.byteLength),
          {},
          { blocks: true, text: false, hocr: false, tsv: false }
        );
        return toPage((result.data.blocks ?? []) as unknown as TBlock[]);
      } catch (error) {
        // a worker that failed to start or crashed is not reused
        broken = true;
        throw error instanceof Error
          ? error
          : new Error(`tesseract.js: ${String(error)}`);
      } finally {
        running--;
        if (running === 0 && broken) {
          broken = false;
          await stop();
        } else if (running === 0) {
          // idle: the thread must not keep the process alive
          w?.worker?.unref?.();
        }
      }
    },
    terminate: stop,
  };
}

function toPage(blocks: readonly TBlock[]): OcrPage {
  const lines: OcrLine[] = [];
  for (const block of blocks) {
    for (const paragraph of block.paragraphs ?? []) {
      for (const line of paragraph.lines ?? []) {
        const words = (line.words ?? []).map((w) => ({
          text: w.text,
          confidence: w.confidence,
          bbox: box(w.bbox),
        }));
        if (words.length === 0) continue;
        lines.push({
          words,
          bbox: box(line.bbox),
          ...(line.baseline ? { baseline: box(line.baseline) } : {}),
          ...(line.rowAttributes?.rowHeight
            ? { rowHeight: line.rowAttributes.rowHeight }
            : {}),
        });
      }
    }
  }
  return { lines };
}

function box(b: TBox): OcrBox {
  return { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1 };
}

let shared: OcrEngine | null = null;

/**
 * The process-wide tesseract engine (module scope, so a warm Lambda
 * container reuses its worker across invocations).
 *
 * @param options used only by the first call, which creates the engine
 */
export function sharedTesseractEngine(
  options: TesseractOptions = {}
): OcrEngine {
  shared ??= createTesseractEngine(options);
  return shared;
}
