/**
 * The tesseract.js adapter itself (real engine, offline). Kept to a few
 * recognitions: the scan fixtures' F1 runs in tests/integration/ocr.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createTesseractEngine,
  defaultLangPath,
  TESSERACT_JS_VERSION,
} from '#shared/decode/ocr/tesseract.ts';

const engine = createTesseractEngine();
const scan = (name: string) =>
  new Uint8Array(readFileSync(`fixtures/scans/${name}`));

afterAll(async () => {
  await engine.terminate();
});

describe('tesseract engine', () => {
  it('records the installed tesseract.js version and reads the model from the npm package', () => {
    // Prepare
    const require = createRequire(import.meta.url);
    const installed = require('tesseract.js/package.json') as {
      version: string;
    };
    // Act
    const langPath = defaultLangPath();
    // Assess
    expect(TESSERACT_JS_VERSION).toBe(installed.version);
    expect(engine.version).toBe(`${installed.version}+eng-4.0.0_best_int`);
    expect(langPath).toContain(join('@tesseract.js-data', 'eng'));
    expect(existsSync(join(langPath, 'eng.traineddata.gz'))).toBe(true);
  });

  it('reads words with confidences, boxes, baselines and row heights', async () => {
    // Act
    const page = await engine.recognize(
      scan('letter-kim-il-sung-1949.150dpi.png')
    );
    // Assess
    const words = page.lines.flatMap((l) => l.words.map((w) => w.text));
    expect(words.slice(0, 5)).toEqual(['Skip', 'to', 'content', 'June', '2,']);
    const first = page.lines[0]!;
    expect(first.baseline).toBeDefined();
    expect(first.rowHeight).toBeGreaterThan(10);
    expect(first.bbox.x1).toBeGreaterThan(first.bbox.x0);
    for (const line of page.lines) {
      for (const word of line.words) {
        expect(word.confidence).toBeGreaterThanOrEqual(0);
        expect(word.confidence).toBeLessThanOrEqual(100);
      }
    }
  });

  it('rejects an unreadable image without crashing the process, and keeps working after it', async () => {
    // Prepare: PNG magic, then garbage (tesseract.js used to throw this
    // from its message handler, out of reach of any catch)
    const broken = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3,
    ]);
    // Act
    const failure = await engine.recognize(broken).catch((e: Error) => e);
    const blank = await engine.recognize(scan('blank.png'));
    // Assess
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/read image/i);
    expect(blank.lines).toEqual([]);
  });

  it('starts a new worker after terminate', async () => {
    // Prepare
    await engine.terminate();
    // Act
    const blank = await engine.recognize(scan('blank.png'));
    // Assess
    expect(blank.lines).toEqual([]);
  });
});
